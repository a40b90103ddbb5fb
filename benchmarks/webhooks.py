"""Webhook benchmark: signed events through the Django test client, inline (not a test).

    python benchmarks/webhooks.py                    # 200 customers, 500 events
    python benchmarks/webhooks.py -n 2000 -k 1000    # larger account, more events
    python benchmarks/webhooks.py --profile          # top functions of the "newer" run

The Stripe API double serves a generated account (``djstripe.testing`` generator,
events for the first ``--event-customers`` customers) from another process. A
mix of event types (round-robin over the types, chronological within a type, as
the shared dj-stripe harness picks them) is posted, signed, to a webhook endpoint
of a fresh SQLite database, in four situations:

* **after backfill**: the mirror holds the objects as read from the API now, so
  every event is older (the shared harness's situation);
* **newer**: the mirror holds the objects from an older read, so every event
  writes its object (the expensive path);
* **fresh**: an empty mirror; referenced objects are fetched from the double;
* **duplicates**: the same deliveries again (Stripe's retries).

Figures: events/s (wall time of the posts), SQL statements per event (every
``cursor.execute``, BEGIN and savepoints included, as the shared harness counts),
API requests per event, and the ratio to dj-stripe 2.11 (17 ms and 28.8
statements per event, one API re-read each, from ``../shared/bench``).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
import types
from collections import Counter
from pathlib import Path
from typing import Any

import _databases
from _double import start_double

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
API_KEY = "sk_test_djstripe_double"
SECRET = "whsec_benchmark"
#: dj-stripe 2.11.0, measured by ../shared/bench (webhooks step).
DJSTRIPE = {"ms_per_event": 17.0, "sql_per_event": 28.8, "api_per_event": 1.0}
TARGET = {"speedup": 10.0, "sql_per_event": 10.0}
#: Models synced before the "after backfill" and "newer" runs (generator object names).
PRELOAD = (
    "product",
    "price",
    "customer",
    "payment_method",
    "subscription",
    "invoice",
    "payment_intent",
    "charge",
    "balance_transaction",
)


def configure(
    url: str,
    database: str,
    *,
    fsync: bool = True,
    db: str = "sqlite",
    tasks: bool = False,
    conn_max_age: int = 0,
) -> None:
    import django
    from django.conf import settings
    from django.urls import include, path

    urls = types.ModuleType("webhook_bench_urls")
    sys.modules[urls.__name__] = urls
    # as the shared harness: no admin, no sessions, no polymorphic in INSTALLED_APPS
    apps = ["django.contrib.auth", "django.contrib.contenttypes", "djstripe"]
    extra: dict[str, Any] = {}
    if tasks:  # django-tasks' database backend (django-tasks-db) and its db_worker
        apps += ["django_tasks", "django_tasks_db"]
        extra["TASKS"] = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.configure(
        INSTALLED_APPS=apps,
        **extra,
        MIDDLEWARE=["django.middleware.common.CommonMiddleware"],
        ROOT_URLCONF=urls.__name__,
        ALLOWED_HOSTS=["testserver"],
        DATABASES={"default": dict(_databases.database(db, database), CONN_MAX_AGE=conn_max_age)},
        MIGRATION_MODULES={"djstripe": None, "auth": None, "contenttypes": None},
        USE_TZ=True,
        DEFAULT_AUTO_FIELD="django.db.models.BigAutoField",
        DEBUG=False,
        SECRET_KEY="bench",
        STRIPE_LIVE_MODE=False,
        STRIPE_API_HOST=url,
        STRIPE_TEST_SECRET_KEY=API_KEY,
        LOGGING_CONFIG=None,
    )
    django.setup()
    urls.urlpatterns = [path("stripe/", include("djstripe.urls", namespace="djstripe"))]  # type: ignore[attr-defined]
    from django.core.management import call_command

    call_command("migrate", run_syncdb=True, verbosity=0)
    if not fsync and db == "sqlite":  # CPU cost only: commits no longer wait for the disk
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous = OFF")


class StatementCounter:
    """Counts every cursor.execute of the default connection."""

    def __init__(self) -> None:
        self.count = 0
        self.kinds: Counter[str] = Counter()
        self.trace: list[str] | None = None

    def __call__(self, execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        self.count += 1
        if self.trace is not None:
            self.trace.append(sql)
        self.kinds[sql.lstrip().split(None, 1)[0].upper() if sql.strip() else "?"] += 1
        return execute(sql, params, many, context)


def pick_events(events: list[dict[str, Any]], count: int) -> list[dict[str, Any]]:
    """Round-robin over event types (in order of first appearance), chronological within one."""
    by_type: dict[str, list[dict[str, Any]]] = {}
    for event in sorted(events, key=lambda e: (e["created"], e["id"])):
        by_type.setdefault(event["type"], []).append(event)
    picked: list[dict[str, Any]] = []
    while len(picked) < count and any(by_type.values()):
        for queue in by_type.values():
            if queue and len(picked) < count:
                picked.append(queue.pop(0))
    return picked


def reset_mirror() -> None:
    from django.apps import apps

    for model in apps.get_app_config("djstripe").get_models():
        if model.__name__ not in ("WebhookEndpoint", "Account", "APIKey"):
            model._base_manager.all().delete()


def preload(generated: Any, stamp: int | None) -> None:
    """Mirror the generated objects as an API read at ``stamp`` (now when None)."""
    from djstripe.sync import registry, sync_page
    from djstripe.sync.source import Source

    source = Source.api(stamp, api_key=API_KEY, fetch_missing=False)
    for name in PRELOAD:
        model = registry.model_for_object(name)
        objects = generated.objects.get(name) or []
        for start in range(0, len(objects), 200):
            if model is not None:
                sync_page(model, objects[start : start + 200], source=source)


def post_all(
    events: list[dict[str, Any]], url: str, double_url: str, *, trace: str | None = None
) -> dict[str, Any]:
    from django.db import connection
    from django.test import Client

    from djstripe.testing.signing import signature_header

    client, counter, statuses = Client(), StatementCounter(), Counter()
    by_type: dict[str, list[int]] = {}
    bodies = [json.dumps(event, separators=(",", ":")).encode() for event in events]
    requests_before = double_requests(double_url)
    started, cpu_started = time.perf_counter(), time.process_time()
    with connection.execute_wrapper(counter):
        for event, body in zip(events, bodies, strict=True):
            before = counter.count
            counter.trace = [] if trace == event["type"] else None
            response = client.post(
                url,
                data=body,
                content_type="application/json",
                HTTP_STRIPE_SIGNATURE=signature_header(body, SECRET),
            )
            statuses[response.status_code] += 1
            by_type.setdefault(event["type"], []).append(counter.count - before)
            if counter.trace is not None:
                print(f"-- {event['type']} {event['id']}: {len(counter.trace)} statements")
                print("\n".join(f"   {sql[:160]}" for sql in counter.trace))
                trace = None
    wall = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    n = len(events)
    return {
        "events": n,
        "seconds": round(wall, 3),
        "events_per_s": round(n / wall, 1),
        "ms_per_event": round(1000 * wall / n, 3),
        "cpu_ms_per_event": round(1000 * cpu / n, 3),
        "sql_per_event": round(counter.count / n, 2),
        "sql_by_kind": dict(counter.kinds),
        "sql_by_type": {t: round(sum(c) / len(c), 1) for t, c in sorted(by_type.items())},
        "api_per_event": round((double_requests(double_url) - requests_before) / n, 3),
        "status": dict(statuses),
    }


def task_mode(
    events: list[dict[str, Any]],
    url: str,
    double_url: str,
    *,
    profile: bool = False,
    trace: bool = False,
) -> dict[str, Any]:
    """Post the events with ``DJSTRIPE_WEBHOOK_PROCESSING = "task"`` (the web tier stores
    and queues), then run django-tasks-db's ``db_worker`` in this process until the queue
    is empty, counting its CPU and statements (the worker's own included)."""
    from django.core.management import call_command
    from django.db import connection
    from django.test import override_settings

    from djstripe.models import Event

    with override_settings(DJSTRIPE_WEBHOOK_PROCESSING="task"):
        web = post_all(events, url, double_url)
        counter = StatementCounter()
        counter.trace = []  # the statements of the first tasks, with --trace
        started, cpu_started = time.perf_counter(), time.process_time()
        profiler = None
        if profile:
            import cProfile

            profiler = cProfile.Profile(time.process_time)  # CPU, not waiting for the disk
            profiler.enable()
        with connection.execute_wrapper(counter):
            call_command(
                "db_worker",
                batch=True,
                interval=0,
                startup_delay=False,
                reload=False,
                verbosity=0,
            )
        wall = time.perf_counter() - started
        cpu = time.process_time() - cpu_started
        if trace:
            print("-- db_worker, first statements:")
            print("\n".join(f"   {sql[:150]}" for sql in counter.trace[:40]))
        if profiler is not None:
            import pstats

            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(60)
    n = len(events)
    floor = framework_floor(n)
    worker = {
        "events": n,
        "ms_per_event": round(1000 * wall / n, 3),
        "cpu_ms_per_event": round(1000 * cpu / n, 3),
        "sql_per_event": round(counter.count / n, 2),
        "sql_by_kind": dict(counter.kinds),
        "processed": Event.objects.filter(djstripe_status__in=("processed", "unhandled")).count(),
    }
    return {"web": web, "worker": worker, "floor": floor}


def returns_at_once(event_id: str, trigger_id: int | None = None, attempt: int = 1) -> str:
    """A task with djstripe's task signature and result that does nothing (see
    ``framework_floor``); made a task, under this name, in this module, when first used."""
    return "processed"


def framework_floor(count: int) -> dict[str, Any]:
    """The tasks backend's own CPU per task: ``count`` tasks that return at once, queued
    and run by ``db_worker`` as ``task_mode`` runs djstripe's (same arguments, same
    result). Inline processing plus this is the least a worker can cost per event, so
    ``(inline + floor) / inline`` bounds the worker/inline ratio from below."""
    import sys

    from django.core.management import call_command
    from django.db import connection

    from djstripe.task_framework import task

    module = sys.modules[returns_at_once.__module__]
    queued: Any = module.returns_at_once  # type: ignore[attr-defined]
    if not hasattr(queued, "enqueue"):
        queued = task()(returns_at_once)
        module.returns_at_once = queued  # type: ignore[attr-defined]  # the worker's path
    for number in range(count):
        queued.enqueue(f"evt_floor_{number}", trigger_id=number, attempt=1)
    counter = StatementCounter()
    started, cpu_started = time.perf_counter(), time.process_time()
    with connection.execute_wrapper(counter):
        call_command(
            "db_worker", batch=True, interval=0, startup_delay=False, reload=False, verbosity=0
        )
    return {
        "tasks": count,
        "ms_per_task": round(1000 * (time.perf_counter() - started) / count, 3),
        "cpu_ms_per_task": round(1000 * (time.process_time() - cpu_started) / count, 3),
        "sql_per_task": round(counter.count / count, 2),
    }


def double_requests(url: str) -> int:
    import urllib.request

    with urllib.request.urlopen(f"{url}/__double/stats", timeout=10) as response:  # noqa: S310
        stats = json.loads(response.read())
    return int(stats["total"])


def run(args: argparse.Namespace) -> dict[str, Any]:
    from djstripe.models import WebhookEndpoint
    from djstripe.testing.generator import generate_account

    generated = generate_account(
        customers=args.customers, seed=args.seed, event_customers=args.event_customers
    )
    events = pick_events(generated.events, args.events)
    endpoint = WebhookEndpoint.sync_from_stripe_data(
        {
            "id": "we_benchmark",
            "object": "webhook_endpoint",
            "api_version": None,
            "application": None,
            "created": 1700000000,
            "enabled_events": ["*"],
            "livemode": False,
            "metadata": {"djstripe_uuid": "2f0a0c8e-8d1c-4a51-9b5c-1a4b8e6e1c2d"},
            "secret": SECRET,
            "status": "enabled",
            "url": "https://example.com/stripe/webhook/",
        },
        api_key=API_KEY,
    )
    url = endpoint.get_absolute_url()
    results: dict[str, Any] = {
        "by_type": args.by_type,
        "customers": args.customers,
        "types": Counter(e["type"] for e in events),
    }
    preload(generated, stamp=None)
    profile = None
    if args.profile:
        import cProfile
        import pstats

        profile = cProfile.Profile(time.process_time)
        profile.enable()
    results["after backfill"] = post_all(events, url, args.double_url, trace=args.trace)
    if profile is not None:
        profile.disable()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(60)
    reset_mirror()
    preload(generated, stamp=1)
    profile = None
    if args.profile:
        import cProfile

        profile = cProfile.Profile(time.process_time)
        profile.enable()
    results["newer"] = post_all(events, url, args.double_url, trace=args.trace)
    if profile is not None:
        profile.disable()
        import pstats

        pstats.Stats(profile).sort_stats("cumulative").print_stats(30)
    if profile is not None:
        profile = cProfile.Profile(time.process_time)
        profile.enable()
    results["duplicates"] = post_all(events, url, args.double_url, trace=args.trace)
    if profile is not None:
        profile.disable()
        pstats.Stats(profile).sort_stats("tottime").print_stats(25)
    reset_mirror()
    results["fresh"] = post_all(events, url, args.double_url, trace=args.trace)
    if args.tasks:
        reset_mirror()
        preload(generated, stamp=1)  # as "newer": every event writes its object
        results["tasks"] = task_mode(
            events, url, args.double_url, profile=args.profile_worker, trace=bool(args.trace)
        )
    return results


def report(results: dict[str, Any]) -> None:
    djstripe_rate = 1000 / DJSTRIPE["ms_per_event"]
    print(
        f"{results['customers']} customers; {sum(results['types'].values())} events of "
        f"{len(results['types'])} types"
    )
    header = (
        f"{'situation':16} {'events/s':>9} {'ms/event':>9} {'CPU ms':>9} {'SQL/event':>10} "
        f"{'API/event':>10} {'vs dj-stripe':>13}  status"
    )
    print(header)
    print("-" * len(header))
    for name in ("after backfill", "newer", "fresh", "duplicates"):
        r = results[name]
        print(
            f"{name:16} {r['events_per_s']:>9} {r['ms_per_event']:>9} {r['cpu_ms_per_event']:>9} "
            f"{r['sql_per_event']:>10} {r['api_per_event']:>10} "
            f"{r['events_per_s'] / djstripe_rate:>12.1f}x  {r['status']}"
        )
    print(
        f"dj-stripe 2.11: {djstripe_rate:.0f} events/s ({DJSTRIPE['ms_per_event']} ms), "
        f"{DJSTRIPE['sql_per_event']} SQL/event, {DJSTRIPE['api_per_event']} API/event. "
        f"Target: {TARGET['speedup']:.0f}x events/s, <= {TARGET['sql_per_event']:.0f} "
        "SQL/event."
    )
    if results.get("tasks"):
        web, worker = results["tasks"]["web"], results["tasks"]["worker"]
        inline = results["newer"]["cpu_ms_per_event"]
        print(
            f"\ntask mode (as newer): web {web['cpu_ms_per_event']} ms CPU, "
            f"{web['sql_per_event']} SQL/event; worker {worker['cpu_ms_per_event']} ms CPU, "
            f"{worker['sql_per_event']} SQL/event ({worker['ms_per_event']} ms wall), "
            f"{worker['processed']} of {worker['events']} processed"
        )
        total = web["cpu_ms_per_event"] + worker["cpu_ms_per_event"]
        print(
            f"CPU per event against inline ({inline} ms): "
            f"worker {worker['cpu_ms_per_event'] / inline:.2f}x, web + worker {total / inline:.2f}x"
        )
        floor = results["tasks"]["floor"]
        print(
            f"tasks backend alone (a task that returns at once): {floor['cpu_ms_per_task']} ms "
            f"CPU, {floor['sql_per_task']} SQL/task; worker minus that: "
            f"{worker['cpu_ms_per_event'] - floor['cpu_ms_per_task']:.3f} ms "
            f"({(worker['cpu_ms_per_event'] - floor['cpu_ms_per_task']) / inline:.2f}x inline)"
        )
    if results.get("by_type"):
        print("\nSQL statements per event, by type")
        names = ("after backfill", "newer", "fresh", "duplicates")
        print(f"{'type':40} " + " ".join(f"{n:>15}" for n in names))
        for event_type in sorted(results["newer"]["sql_by_type"]):
            cells = (str(results[n]["sql_by_type"].get(event_type, "")) for n in names)
            print(f"{event_type:40} " + " ".join(f"{c:>15}" for c in cells))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-n", "--customers", type=int, default=200)
    parser.add_argument("-k", "--events", type=int, default=500)
    parser.add_argument("--event-customers", type=int, default=100)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--by-type", action="store_true", help="statements per event type")
    parser.add_argument(
        "--trace", metavar="TYPE", help="print the statements of the first event of TYPE"
    )
    parser.add_argument(
        "--no-fsync",
        action="store_true",
        help="PRAGMA synchronous=OFF: measure CPU, not the disk's commit latency",
    )
    parser.add_argument(
        "--conn-max-age",
        type=int,
        default=0,
        help="CONN_MAX_AGE (Django's default 0: db_worker reconnects for every task)",
    )
    parser.add_argument("--profile-worker", action="store_true", help="cProfile of db_worker")
    parser.add_argument(
        "--tasks",
        action="store_true",
        help="also task mode: queue to django-tasks-db, then run its db_worker here",
    )
    parser.add_argument("--db", choices=_databases.KINDS, default="sqlite", help=_databases.__doc__)
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    double, args.double_url = start_double(
        args.customers, args.seed, "--delivery-mode", "manual", "--api-key", API_KEY
    )
    try:
        with tempfile.TemporaryDirectory() as tmp:
            configure(
                args.double_url,
                os.path.join(tmp, "webhooks.sqlite3"),
                fsync=not args.no_fsync,
                db=args.db,
                tasks=args.tasks,
                conn_max_age=args.conn_max_age,
            )
            results = run(args)
    finally:
        double.terminate()
        double.wait(timeout=10)
    report(results)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1, default=str))


if __name__ == "__main__":
    main()
