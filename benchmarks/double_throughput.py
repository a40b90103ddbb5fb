"""How fast the Stripe API double serves list pages (not a test; prints figures).

    python benchmarks/double_throughput.py [--customers 2000] [--pages 500] [--threads 4]

Starts the double as a separate process (``python -m djstripe.testing``, as a
benchmark harness would), then pages through the big collections of a
generated account with ``limit=100``: with a bare keep-alive HTTP client, from
several threads, and through stripe-python's ``auto_paging_iter``.

Figures per line: pages per second of wall time; the same without the time the
client spent decoding JSON (the client's cost, not the double's); and pages per
second of time spent inside the double (its own timing, from ``/__double/stats``).
"""

from __future__ import annotations

import argparse
import http.client
import json
import threading
import time
import urllib.request
from collections.abc import Callable
from urllib.parse import urlsplit

import stripe
from _double import start_double

RESOURCES = (
    "customers",
    "invoices",
    "charges",
    "balance_transactions",
    "payment_intents",
    "subscriptions",
    "invoice_payments",
)
DECODING = {"seconds": 0.0}
"""Seconds the client spent in ``json.loads`` (reported apart: not the double's cost)."""


def page_through(url: str, resource: str, pages: int) -> int:
    """GET up to ``pages`` pages of ``resource`` on one keep-alive connection."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port)
    headers = {"Authorization": "Bearer sk_test_bench"}
    after, served = None, 0
    while served < pages:
        query = f"/v1/{resource}?limit=100" + (f"&starting_after={after}" if after else "")
        connection.request("GET", query, headers=headers)
        raw = connection.getresponse().read()
        started = time.perf_counter()
        body = json.loads(raw)
        DECODING["seconds"] += time.perf_counter() - started
        served += 1
        after = body["data"][-1]["id"] if body["has_more"] else None
    connection.close()
    return served


def control(url: str, path: str, method: str = "GET") -> dict:
    request = urllib.request.Request(
        url + path, method=method, data=b"" if method == "POST" else None
    )
    with urllib.request.urlopen(request) as response:
        return json.loads(response.read())


def measure(url: str, label: str, work: Callable[[], int], sequential: bool = True) -> None:
    control(url, "/__double/reset", "POST")
    DECODING["seconds"] = 0.0
    started = time.perf_counter()
    pages = work()
    wall = time.perf_counter() - started
    inside = control(url, "/__double/stats")["server_seconds"] or 1e-9
    undecoded = max(wall - DECODING["seconds"], 1e-9)
    # with threads, decoding overlaps the other threads' requests: no such figure
    without = f"{pages / undecoded:>6.0f}/s" if sequential else "     -  "
    print(
        f"{label:<40} {pages:>4} pages {pages / wall:>6.0f}/s wall "
        f"{without} without client decoding {pages / inside:>6.0f}/s inside the double"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--customers", type=int, default=2000)
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()

    started = time.perf_counter()
    process, url = start_double(args.customers, 1)
    print(
        f"double with {args.customers:,} generated customers ready in "
        f"{time.perf_counter() - started:.2f} s at {url}"
    )
    try:
        per_resource = max(1, args.pages // len(RESOURCES))
        for name in ("first pass", "second pass"):
            measure(
                url,
                f"http.client, {name}",
                lambda: sum(page_through(url, r, per_resource) for r in RESOURCES),
            )

        def threaded() -> int:
            results: list[int] = []
            workers = [
                threading.Thread(
                    target=lambda r=r: results.append(page_through(url, r, per_resource))
                )
                for r in RESOURCES[: args.threads]
            ]
            for worker in workers:
                worker.start()
            for worker in workers:
                worker.join()
            return sum(results)

        measure(url, f"http.client, {args.threads} threads", threaded, sequential=False)
        client = stripe.StripeClient("sk_test_bench", base_addresses={"api": url})

        def with_stripe_python() -> int:
            page = client.v1.balance_transactions.list(params={"limit": 100})
            return -(-sum(1 for _ in page.auto_paging_iter()) // 100)

        measure(url, "stripe-python auto_paging_iter", with_stripe_python)
    finally:
        process.terminate()
        process.wait(timeout=10)


if __name__ == "__main__":
    main()
