"""Webhook deliveries over real HTTP on PostgreSQL: CONN_MAX_AGE = 0 against 60 (not a test).

    DJSTRIPE_PG_HOST=127.0.0.1 DJSTRIPE_PG_USER=postgres DJSTRIPE_PG_PASSWORD=postgres \\
        python benchmarks/webhook_connections.py [-n 2000] [--clients 8]

Serves the development project (``tests/settings.py``, DEBUG off) in another process
from a fixed pool of worker threads, as gunicorn's threaded workers do, on a fresh
PostgreSQL database (``DJSTRIPE_PG_NAME``, default ``djstripe_bench_connections``).
Posts signed ``customer.created`` events (processed inline, each writing its customer)
from ``--clients`` threads, once per ``CONN_MAX_AGE`` value, and prints deliveries per
second, the web process's CPU per delivery and PostgreSQL's (the CPU time of its
processes on this machine, finished connections included: run it on an otherwise idle
database server for a clean figure).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer

from _double import start_double

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SECRET = "whsec_bench_connections"
ENDPOINT_UUID = "6f1c1a36-0e55-4d0b-9d5e-1b7d3c2a9e01"
#: Worker threads of the web process (two per core of a 2-core machine).
WORKERS = 4


# ---- the server process ------------------------------------------------------------------
def serve(port: int, conn_max_age: int) -> None:
    os.environ.update(DJANGO_SETTINGS_MODULE="tests.settings", DJSTRIPE_DEBUG="0")
    from django.conf import settings

    settings.DATABASES["default"]["CONN_MAX_AGE"] = conn_max_age
    import django

    django.setup()
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application
    from django.db import connections

    from djstripe.models import WebhookEndpoint

    call_command("migrate", verbosity=0)
    WebhookEndpoint.objects.update_or_create(
        id="we_bench",
        defaults={
            "url": f"https://example.com/stripe/webhook/{ENDPOINT_UUID}/",
            "djstripe_uuid": uuid.UUID(ENDPOINT_UUID),
            "secret": SECRET,
            "livemode": False,
            "enabled_events": ["*"],
        },
    )
    connections.close_all()
    server = PooledServer(("127.0.0.1", port), QuietHandler)
    server.set_app(get_wsgi_application())
    print("READY", flush=True)
    server.serve_forever()


class PooledServer(WSGIServer):
    """A fixed pool of worker threads, each serving request after request (as gunicorn's
    threaded workers do), so a worker's database connection can outlive a request."""

    workers = ThreadPoolExecutor(max_workers=WORKERS)

    def process_request(self, request: Any, client_address: Any) -> None:
        self.workers.submit(self._serve, request, client_address)

    def _serve(self, request: Any, client_address: Any) -> None:
        try:
            self.finish_request(request, client_address)
        except Exception:  # noqa: BLE001 - reported like socketserver does
            self.handle_error(request, client_address)
        finally:
            self.shutdown_request(request)


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base's name
        pass


# ---- the measuring process ---------------------------------------------------------------
def events(count: int, tag: str) -> list[bytes]:
    now = int(time.time())
    bodies = []
    for n in range(count):
        customer = {
            "id": f"cus_{tag}{n:06d}",
            "object": "customer",
            "created": now - 60,
            "email": f"c{n}@example.com",
            "livemode": False,
            "metadata": {},
            "invoice_settings": {"default_payment_method": None},
        }
        event = {
            "id": f"evt_{tag}{n:06d}",
            "object": "event",
            "api_version": "2026-10-28.endive",
            "created": now - 30,
            "data": {"object": customer},
            "livemode": False,
            "pending_webhooks": 1,
            "request": {"id": None, "idempotency_key": None},
            "type": "customer.created",
        }
        bodies.append(json.dumps(event).encode())
    return bodies


def post_all(url: str, bodies: list[bytes], clients: int) -> float:
    from djstripe.testing import signature_header

    queue = list(reversed(bodies))
    lock = threading.Lock()
    failures: list[int] = []

    def worker() -> None:
        while True:
            with lock:
                if not queue:
                    return
                body = queue.pop()
            request = urllib.request.Request(
                url,
                data=body,
                headers={
                    "Content-Type": "application/json",
                    "Stripe-Signature": signature_header(body, SECRET),
                },
            )
            with urllib.request.urlopen(request) as response:  # noqa: S310 - 127.0.0.1
                if response.status != 200:
                    failures.append(response.status)

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures, failures[:5]
    return time.perf_counter() - started


def cpu_seconds(pid: int) -> float:
    """User and system CPU of a process, and of its children that have finished."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = sum(int(fields[i]) for i in (11, 12, 13, 14))  # utime stime cutime cstime
    return ticks / os.sysconf("SC_CLK_TCK")


def postgres_cpu() -> float:
    """CPU of every PostgreSQL process on this machine, with the finished connections'
    (counted in the server's main process once it has reaped them); 0 if none is visible."""
    ticks = 0
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and _is_postgres(entry.name):
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            ticks += int(fields[11]) + int(fields[12])
            if not _is_postgres(fields[1]):  # the server's main process
                ticks += int(fields[13]) + int(fields[14])
    return ticks / os.sysconf("SC_CLK_TCK")


def _is_postgres(pid: str) -> bool:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip() in ("postgres", "postmaster")
    except OSError:
        return False


def measure(
    conn_max_age: int, count: int, clients: int, database: str, double_url: str
) -> dict[str, float]:
    port = free_port()
    env = dict(
        os.environ,
        DJSTRIPE_TEST_DB="postgres",
        DJSTRIPE_PG_NAME=database,
        STRIPE_API_HOST=double_url,  # the platform account is read once per process
    )
    server = subprocess.Popen(
        [sys.executable, __file__, "--serve", str(port), "--conn-max-age", str(conn_max_age)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert server.stdout is not None and server.stdout.readline().strip() == "READY"
        url = f"http://127.0.0.1:{port}/stripe/webhook/{ENDPOINT_UUID}/"
        wait_for(url)
        post_all(url, events(50, f"w{conn_max_age}x"), clients)  # warm up
        bodies = events(count, f"m{conn_max_age}x")
        web_before, pg_before = cpu_seconds(server.pid), postgres_cpu()
        seconds = post_all(url, bodies, clients)
        web, pg = cpu_seconds(server.pid) - web_before, postgres_cpu() - pg_before
    finally:
        server.terminate()
        server.wait(10)
    return {
        "per_second": count / seconds,
        "web_ms": 1000 * web / count,
        "pg_ms": 1000 * pg / count,
    }


def wait_for(url: str) -> None:
    for _ in range(200):
        try:
            urllib.request.urlopen(url.rsplit("/stripe/", 1)[0] + "/admin/login/")  # noqa: S310
            return
        except OSError:
            time.sleep(0.05)


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def recreate(database: str) -> None:
    import psycopg

    with psycopg.connect(
        host=os.environ.get("DJSTRIPE_PG_HOST", "127.0.0.1"),
        user=os.environ.get("DJSTRIPE_PG_USER", "postgres"),
        password=os.environ.get("DJSTRIPE_PG_PASSWORD", ""),
        port=os.environ.get("DJSTRIPE_PG_PORT") or 5432,
        dbname="postgres",
        autocommit=True,
    ) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{database}"')
        connection.execute(f'CREATE DATABASE "{database}"')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("-n", type=int, default=2000, help="deliveries per setting")
    parser.add_argument("--clients", type=int, default=8, help="concurrent senders")
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--conn-max-age", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.conn_max_age)
        return
    database = os.environ.get("DJSTRIPE_PG_NAME") or "djstripe_bench_connections"
    recreate(database)
    double, double_url = start_double(0, 0)
    print(f"{args.n:,} deliveries from {args.clients} clients, PostgreSQL, DEBUG off")
    print("CONN_MAX_AGE  deliveries/s  web CPU ms/delivery  PostgreSQL CPU ms/delivery")
    results = {}
    try:
        for conn_max_age in (0, 60):
            found = measure(conn_max_age, args.n, args.clients, database, double_url)
            results[conn_max_age] = found
            print(
                f"{conn_max_age:>12}  {found['per_second']:>12,.0f}  {found['web_ms']:>19.2f}"
                f"  {found['pg_ms']:>26.2f}"
            )
    finally:
        double.terminate()
        double.wait(10)
    zero, sixty = results[0], results[60]
    print(
        f"persistent connections: {sixty['per_second'] / zero['per_second']:.1f}x the "
        f"deliveries/s, {zero['pg_ms'] / max(sixty['pg_ms'], 1e-9):.1f}x less PostgreSQL CPU "
        "per delivery"
    )


if __name__ == "__main__":
    main()
