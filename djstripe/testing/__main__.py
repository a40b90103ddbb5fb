"""Run the Stripe API double from the command line.

    python -m djstripe.testing --port 8420 --customers 200 --webhook \\
        http://127.0.0.1:8000/stripe/webhook/<uuid>/ --webhook-secret whsec_...

Prints exactly one line, ``READY <url> <pid>``, once it serves, then runs until
SIGTERM or SIGINT.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading

from .double import StripeDouble


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m djstripe.testing", description="Serve a Stripe API double on 127.0.0.1."
    )
    parser.add_argument(
        "--port",
        type=int,
        default=0,
        help="port to listen on (default: %(default)r, any free port)",
    )
    parser.add_argument(
        "--fixtures",
        action="store_true",
        help="load every example object of Stripe's fixtures3.json",
    )
    parser.add_argument(
        "--customers", type=int, default=0, help="generate an account with this many customers"
    )
    parser.add_argument("--seed", type=int, default=0, help="seed for ids and generated data")
    parser.add_argument(
        "--now",
        type=int,
        default=None,
        metavar="EPOCH",
        help="reference time of the generated account, in epoch seconds "
        "(default: now); with the same --seed, the same objects",
    )
    parser.add_argument(
        "--api-key",
        action="append",
        default=[],
        metavar="KEY",
        help="register a key of the platform account (any sk_test_ key "
        "works anyway); may be repeated",
    )
    parser.add_argument(
        "--webhook",
        action="append",
        default=[],
        metavar="URL",
        help="deliver events to this 127.0.0.1 URL; may be repeated",
    )
    parser.add_argument(
        "--webhook-secret",
        action="append",
        default=[],
        metavar="WHSEC",
        help="signing secret of the matching --webhook",
    )
    parser.add_argument(
        "--delivery-mode",
        choices=("immediate", "background", "manual"),
        default="background",
        help="webhook delivery (default: %(default)s)",
    )
    args = parser.parse_args(argv)
    if len(args.webhook_secret) > len(args.webhook):
        parser.error("--webhook-secret given without a --webhook")
    return args


def build(args: argparse.Namespace) -> StripeDouble:
    double = StripeDouble(fixtures=args.fixtures, seed=args.seed, port=args.port)
    if args.customers:
        double.generate_account(
            customers=args.customers,
            seed=args.seed,
            **({"now": args.now} if args.now is not None else {}),
        )
    for key in args.api_key:
        double.add_api_key(key)
    for position, url in enumerate(args.webhook):
        secrets = args.webhook_secret
        double.add_webhook_target(
            url, secret=secrets[position] if position < len(secrets) else None
        )
    double.delivery_mode = args.delivery_mode
    return double


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    double = build(args)
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    try:
        double.start()
    except OSError as error:
        print(f"cannot serve on 127.0.0.1:{args.port}: {error}", file=sys.stderr)
        return 1
    print(f"READY {double.url} {os.getpid()}", flush=True)
    while not stop.wait(0.5):
        pass
    double.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
