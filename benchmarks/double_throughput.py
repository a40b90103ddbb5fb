"""How fast the Stripe API double serves list pages (not a test; prints figures).

    python benchmarks/double_throughput.py [--customers 2000] [--pages 500] [--threads 4]

Generates an account, then pages through its big collections with ``limit=100``:
once with a bare keep-alive HTTP client (the double's own cost plus JSON
parsing on the client side), once through stripe-python's ``auto_paging_iter``,
and once from several threads.  "server" figures come from the double's own
timing of each request, so they exclude the client.
"""

from __future__ import annotations

import argparse
import http.client
import json
import threading
import time
from urllib.parse import urlsplit

import stripe

from djstripe.testing import StripeDouble

RESOURCES = ("customers", "invoices", "charges", "balance_transactions", "payment_intents",
             "subscriptions", "invoice_payments")


def page_through(url: str, resource: str, pages: int) -> int:
    """GET up to ``pages`` pages of ``resource`` on one keep-alive connection."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port)
    headers = {"Authorization": "Bearer sk_test_bench"}
    after, served = None, 0
    while served < pages:
        query = f"/v1/{resource}?limit=100" + (f"&starting_after={after}" if after else "")
        connection.request("GET", query, headers=headers)
        body = json.loads(connection.getresponse().read())
        served += 1
        after = body["data"][-1]["id"] if body["has_more"] else None
    connection.close()
    return served


def measure(double: StripeDouble, label: str, work) -> None:  # type: ignore[no-untyped-def]
    double.reset_counts()
    started = time.perf_counter()
    pages = work()
    wall = time.perf_counter() - started
    server = double.counter.stats()["server_seconds"] or 1e-9
    print(f"{label:<44} {pages:>5} pages  {pages / wall:>7.0f} pages/s wall"
          f"  {pages / server:>7.0f} pages/s server")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--customers", type=int, default=2000)
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()

    started = time.perf_counter()
    double = StripeDouble()
    summary = double.generate_account(customers=args.customers, seed=1)
    print(f"generated and loaded {summary['objects']:,} objects in "
          f"{time.perf_counter() - started:.2f} s")
    with double:
        per_resource = max(1, args.pages // len(RESOURCES))
        for round_name in ("first pass", "second pass"):
            measure(double, f"http.client, {round_name}",
                    lambda: sum(page_through(double.url, r, per_resource) for r in RESOURCES))
        client = stripe.StripeClient("sk_test_bench", base_addresses={"api": double.url})

        def with_stripe_python() -> int:
            objects = sum(1 for _ in client.v1.charges.list(
                params={"limit": 100}).auto_paging_iter())
            return -(-objects // 100)

        measure(double, "stripe-python auto_paging_iter (charges)", with_stripe_python)

        def threaded() -> int:
            results: list[int] = []
            workers = [threading.Thread(target=lambda r=r: results.append(
                page_through(double.url, r, per_resource))) for r in RESOURCES[: args.threads]]
            for worker in workers:
                worker.start()
            for worker in workers:
                worker.join()
            return sum(results)

        measure(double, f"http.client, {args.threads} threads", threaded)


if __name__ == "__main__":
    main()
