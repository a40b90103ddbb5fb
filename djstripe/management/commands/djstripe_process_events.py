"""``manage.py djstripe_process_events [--ids ID ...|--failed|--type PATTERN] [-v N]``."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ...webhooks.replay import Selection, Summary, run

#: Failed events and retrieval errors shown (the rest are counted).
MAX_ERRORS_SHOWN = 20


class Command(BaseCommand):
    help = (
        "Process Stripe events that the mirror has not processed yet, oldest first, so the "
        "mirror ends at the newest state: events listed from Stripe for every configured API "
        "key and every connected account, and events already stored but still pending or "
        "failed. Events already processed are skipped and counted. Stripe keeps events for "
        "30 days only: older events can only come from the mirror's own stored events. "
        "Finally re-reads the objects queued for a re-read. Exits non-zero when an event "
        "failed or could not be retrieved. Events that another worker is processing at that "
        "moment are left to it. Schedule --failed as the safety net: it also takes events "
        "left pending longer than DJSTRIPE_STALE_PENDING_AFTER (600 seconds) because the "
        "worker running their task died."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        group = parser.add_mutually_exclusive_group()
        group.add_argument(
            "--ids",
            nargs="+",
            metavar="EVENT_ID",
            help="Process these events (retrieved from Stripe when not stored yet).",
        )
        group.add_argument(
            "--failed",
            action="store_true",
            help="Process only events whose processing failed (including tasks that gave up), "
            "events still pending longer than DJSTRIPE_STALE_PENDING_AFTER after they were "
            "stored (their task's worker died), and events Stripe reports as not delivered. "
            "The safety net to schedule, e.g. hourly.",
        )
        group.add_argument(
            "--type",
            metavar="PATTERN",
            help="Process only events of this type; * is a wildcard (payment_intent.*).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        verbosity = int(options["verbosity"])
        selection = Selection(
            ids=options["ids"], failed=options["failed"], type_pattern=options["type"]
        )
        self._say(_describe(selection), 1, verbosity)
        try:
            summary = run(
                selection, say=lambda message, level: self._say(message, level, verbosity)
            )
        except ImproperlyConfigured as error:  # a setting it reads, named in the message
            raise CommandError(str(error)) from error
        self._report(summary, verbosity)
        if not summary.ok:
            raise CommandError(_failure_line(summary))

    def _say(self, message: str, level: int, verbosity: int) -> None:
        if verbosity >= level:
            self.stdout.write(message)

    def _report(self, summary: Summary, verbosity: int) -> None:
        if verbosity < 1:
            return
        if summary.sources:
            self.stdout.write(
                f"Listed {summary.listed} events from {summary.sources} key/account pairs "
                f"({summary.stored} new)."
            )
        self.stdout.write(
            f"Processed {summary.processed}, unhandled type {summary.unhandled}, "
            f"skipped {summary.skipped} (already processed), failed {summary.failed}."
        )
        if summary.busy:
            self.stdout.write(
                f"Left {summary.busy} events to the attempts processing them now (a later "
                "run takes any that stay pending)."
            )
        if summary.rereads or summary.reread_failures:
            self.stdout.write(
                f"Re-read {summary.rereads} queued objects ({summary.reread_failures} failed)."
            )
        for event_id, error in summary.failures[:MAX_ERRORS_SHOWN]:
            self.stderr.write(f"  {event_id}: {error}")


def _describe(selection: Selection) -> str:
    if selection.ids is not None:
        return f"Processing events {', '.join(selection.ids)}"
    if selection.failed:
        return "Processing failed and stranded pending events"
    if selection.type_pattern:
        return f"Processing events of type {selection.type_pattern}"
    return "Processing every event not processed yet"


def _failure_line(summary: Summary) -> str:
    """The ``CommandError`` message: what failed, naming each event that could not be
    listed or retrieved and what Stripe said."""
    lines = []
    if summary.failed:
        lines.append(
            f"{summary.failed} events failed (listed above; --failed processes them again)."
        )
    lines += summary.errors[:MAX_ERRORS_SHOWN]
    if len(summary.errors) > MAX_ERRORS_SHOWN:
        lines.append(f"... and {len(summary.errors) - MAX_ERRORS_SHOWN} more.")
    if summary.reread_failures:
        lines.append(f"{summary.reread_failures} re-reads failed (listed above).")
    return "\n".join(lines)
