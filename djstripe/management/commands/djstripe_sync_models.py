"""``manage.py djstripe_sync_models [Model ...] [--api-keys K ...]``: mirror Stripe accounts.

Lists every model (or the ones named) for every key, for the platform account and
each connected account; pages of 100, checkpointed, resumable, incremental. The
work is :func:`djstripe.sync.backfill.backfill`; this command parses options and
reports.
"""

from __future__ import annotations

import argparse
import datetime
import re
import signal
import threading
from typing import Any

import stripe
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections, router

from ...api_keys import validate_secret_key
from ...exceptions import ImproperlyConfiguredError, InvalidAPIKeyError
from ...sync import partitions, refusals
from ...sync.backfill import backfill, failure_summary
from ...sync.backfill_tasks import enqueue_backfill
from ...sync.progress import BarProgress, LineProgress, Progress
from ...sync.report import Report
from ...sync.run_options import RunMismatchError
from ...sync.state import SyncRun
from ...sync.workers import one_writer

DEFAULT_WORKERS = 4


def model_type(value: str) -> Any:
    """A model class for a name (any case); the error lists the names that can be synced."""
    try:
        return partitions.model_named(value)
    except LookupError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def api_key_type(value: str) -> str:
    """A secret or restricted key; the error shows the key masked, never in full."""
    try:
        return validate_secret_key(value)
    except InvalidAPIKeyError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def since_type(value: str) -> int:
    """Epoch seconds, or an ISO 8601 date or date-time (UTC unless it says otherwise)."""
    if value.isdigit():
        return int(value)
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a date: use epoch seconds or ISO 8601 (2025-01-31T12:00:00)."
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return int(moment.timestamp())


def rate_type(value: str) -> float:
    try:
        rate = float(value)
    except ValueError:
        rate = -1.0
    if rate < 0:
        raise argparse.ArgumentTypeError(f"{value!r}: give requests per second (0: no limit).")
    return rate


def account_type(value: str) -> str:
    if not re.fullmatch(r"acct_[0-9A-Za-z]{1,250}", value):
        raise argparse.ArgumentTypeError(f"{value!r} is not a Stripe account id (acct_...).")
    return value


def ranges_type(value: str) -> int:
    if not value.isdigit():
        raise argparse.ArgumentTypeError(f"{value!r}: give a number of windows (0: no split).")
    return int(value)


def workers_type(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"{value!r}: give a number of workers, at least 1.")
    return int(value)


class Command(BaseCommand):
    help = (
        "Mirror Stripe objects into the database: every model (or those named), for every "
        "API key, for the platform account and each connected account. Later runs list "
        "only what was created since and catch up changes from the Events API."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "models",
            metavar="ModelName",
            nargs="*",
            type=model_type,
            help="Models to sync, e.g. Customer Invoice (default: every model).",
        )
        parser.add_argument(
            "--api-keys",
            metavar="ApiKeys",
            nargs="*",
            action="extend",
            type=api_key_type,
            help="Secret keys to sync (default: every key in the database and in settings).",
        )
        parser.add_argument(
            "--fail-on-error",
            action=argparse.BooleanOptionalAction,
            default=None,
            help="Exit non-zero when anything failed (default: on from the command line, "
            "off through call_command).",
        )
        parser.add_argument(
            "--resume",
            action="store_true",
            help="Continue the last run that did not complete, with its own models, keys and "
            "options (--rate and --workers may change).",
        )
        when = parser.add_mutually_exclusive_group()
        when.add_argument(
            "--since",
            type=since_type,
            help="List only objects created after this time (epoch seconds or ISO 8601); "
            "default: after the previous complete run.",
        )
        when.add_argument(
            "--full", action="store_true", help="List everything, even after a previous run."
        )
        parser.add_argument(
            "--rate",
            type=rate_type,
            help="Requests per second, shared by all workers (default: 50 for live keys, "
            "12 for test keys: half of Stripe's limit; 0: no limit).",
        )
        parser.add_argument(
            "--workers",
            type=workers_type,
            help=f"Partitions listed at the same time, each in its own process (default: "
            f"{DEFAULT_WORKERS}). On SQLite, which has one writer at a time: threads that "
            "overlap requests only (default 1). With --enqueue: the task workers that "
            "share --rate.",
        )
        parser.add_argument(
            "--ranges",
            type=ranges_type,
            help="Split each large model's listing (invoices, charges, ...) into this many "
            "creation-time windows that workers share (default: 2 per worker process or "
            "task worker; 0: no split).",
        )
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Do not list here: queue one task per partition on the tasks backend, for "
            "task workers (on this machine or others) to run; --workers says how many task "
            "workers share --rate.",
        )
        parser.add_argument(
            "--account",
            type=account_type,
            help="The platform account (acct_...) of restricted keys that may not read it "
            "(GET /v1/account), if Stripe's refusal does not name it.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Mirror as usual, but delete nothing that complete listings did not return: "
            "list those rows instead (see --no-prune).",
        )
        parser.add_argument(
            "--prune",
            action=argparse.BooleanOptionalAction,
            default=True,
            help="Delete the rows a complete listing did not return: objects deleted on "
            "Stripe while nothing listened (default: on).",
        )
        parser.add_argument(
            "--nested-lists",
            action="store_true",
            help="Also read lists Stripe serves only per parent, such as every customer's "
            "payment methods (one request per customer).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            self._enqueue(options)
            return
        fail_on_error = options["fail_on_error"]
        if fail_on_error is None:
            # Set by BaseCommand.run_from_argv (False otherwise); not in django-stubs.
            fail_on_error = getattr(self, "_called_from_command_line", False)
        verbosity = options["verbosity"]
        progress = self._progress(verbosity)
        stop = threading.Event()
        restore = _stop_on_signals(stop)
        try:
            report = backfill(
                options["models"] or None,
                options["api_keys"] or None,
                resume=options["resume"],
                since=options["since"],
                full=options["full"],
                rate=options["rate"],
                workers=self._workers(options["workers"]),
                ranges=options["ranges"],
                nested_lists=options["nested_lists"],
                account=options["account"],
                prune=options["prune"],
                dry_run=options["dry_run"],
                progress=progress,
                stop=stop,
            )
        except RUN_REFUSALS as error:
            raise _command_error(error) from None
        finally:
            restore()
        self._report(report, verbosity, fail_on_error)

    def _enqueue(self, options: dict[str, Any]) -> None:
        """Plan the run here, queue its partitions, and say how the workers finish it."""
        workers = options["workers"] or 1
        try:
            run = enqueue_backfill(
                options["models"] or None,
                options["api_keys"] or None,
                since=options["since"],
                full=options["full"],
                nested_lists=options["nested_lists"],
                resume=options["resume"],
                rate=options["rate"],
                account=options["account"],
                workers=workers,
                ranges=options["ranges"],
            )
        except RUN_REFUSALS as error:
            raise _command_error(error) from None
        checkpoints = run.checkpoints.count()
        if run.status != SyncRun.Status.RUNNING:  # a backend that runs tasks at once
            self.stdout.write(f"Run {run.pk}: {checkpoints} partitions, {run.status}.")
            if run.status != SyncRun.Status.COMPLETED:
                raise CommandError(f"Run {run.pk} {run.status}: see its checkpoints' errors.")
            return
        self.stdout.write(
            f"Queued run {run.pk}: {checkpoints} partitions as tasks "
            f"(djstripe.sync.backfill_tasks.sync_partition), for {workers} task worker(s) "
            "sharing the request budget.\n"
            "Run the workers of your tasks backend, on this machine or others, e.g. "
            "`python manage.py db_worker` (django-tasks-db) once per worker; the task that "
            "ends the last partition completes the run.\n"
            f"Follow it in SyncCheckpoint (run={run.pk}); if workers stopped, "
            "`djstripe_sync_models --enqueue --resume` queues what is left."
        )

    def _progress(self, verbosity: int) -> Progress:
        if verbosity >= 1 and self.stdout.isatty():
            return BarProgress(getattr(self.stdout, "_out", self.stdout))
        return LineProgress(self.stdout, verbosity)

    def _workers(self, workers: int | None) -> int:
        """Worker threads have their own connections: they cannot share the caller's
        transaction, so inside one (a test case, ``atomic()``) everything runs here."""
        connection = connections[router.db_for_write(SyncRun)]
        if connection.in_atomic_block:
            return 1
        if workers is None:
            return 1 if one_writer(connection.alias) else DEFAULT_WORKERS
        return workers

    def _report(self, report: Report, verbosity: int, fail_on_error: bool) -> None:
        for note in report.notes:
            if verbosity >= 2:
                self.stdout.write(note)
        if verbosity >= 1:
            self.stdout.write("")
            self.stdout.write(report.table())
            self.stdout.write(
                f"{report.objects():,} objects in {report.seconds:.1f} s, "
                f"{report.requests:,} API requests (run {report.run_id}, {report.status})."
            )
        if verbosity >= 1:
            for skipped in report.skipped:
                self.stdout.write(str(skipped))
            for pruned in report.pruned:
                self.stdout.write(str(pruned))
        if report.errors:
            self.stderr.write(self.style.ERROR(failure_summary(report)))
        if report.status == SyncRun.Status.INTERRUPTED:
            self.stderr.write("Interrupted: run again with --resume to continue.")
        failed = report.status != SyncRun.Status.COMPLETED
        if failed and fail_on_error:
            count = len(report.errors)
            raise CommandError(
                f"{count} failure(s); see the errors above." if count else f"Run {report.status}."
            )


#: What stops a run before it starts, said as one line (never a traceback).
RUN_REFUSALS = (
    ImproperlyConfiguredError,
    InvalidAPIKeyError,
    LookupError,
    RunMismatchError,
    stripe.StripeError,
)


def _command_error(error: Exception) -> CommandError:
    """One line saying what stopped the run. A Stripe error (Stripe out of reach, a key
    Stripe does not accept) is said without stripe-python's layers of traceback."""
    if isinstance(error, stripe.StripeError):
        return CommandError(_one_line(error))
    return CommandError(str(error))


def _one_line(error: stripe.StripeError) -> str:
    request_id = getattr(error, "request_id", None)
    line = refusals.describe(error)
    return f"{line} (request_id={request_id})" if request_id else line


def _stop_on_signals(stop: threading.Event) -> Any:
    """SIGINT/SIGTERM stop after the pages in flight (a second SIGINT stops at once)."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}

    def handler(signum: int, frame: Any) -> None:
        if stop.is_set() and signum == signal.SIGINT:
            raise KeyboardInterrupt
        stop.set()

    for sig in previous:
        signal.signal(sig, handler)

    def restore() -> None:
        for sig, old in previous.items():
            signal.signal(sig, old)

    return restore
