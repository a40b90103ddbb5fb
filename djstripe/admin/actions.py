"""Admin actions: re-read selected objects from Stripe, reprocess events and deliveries.

Each reports what it did with one message per outcome (done, skipped, failed, with
the Stripe ids and reasons of failures). Both need the model's *change* permission
(``has_resync_permission``/``has_reprocess_permission`` on the admin).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .. import sync
from ..models import Event
from ..webhooks import processing

logger = logging.getLogger(__name__)

MAX_SELECTED = 200
"""Rows one action run handles: each is at least one request to Stripe. For more, use
``manage.py djstripe_sync_models`` or ``djstripe_process_events``."""
FAILURES_LISTED = 10


@dataclass
class Report:
    done: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)


def describe(error: BaseException) -> str:
    """A short reason for a message: Stripe's own text (keys in it are masked by Stripe)."""
    text = getattr(error, "user_message", None) or str(error) or ""
    return f"{type(error).__name__}: {text}".strip().rstrip(":")[:300]


def resync(rows: list[Any]) -> Report:
    """Re-read ``rows`` from Stripe (one request each) and write them in one batch.

    Every row is read with the key and ``Stripe-Account`` of its account (looked up
    once per account and mode). Objects Stripe no longer has are reported, not deleted.
    """
    report = Report()
    routes: dict[tuple[Any, Any], tuple[str, str | None]] = {}
    entries = []
    for row in rows:
        route_key = (row.djstripe_owner_account_id, row.livemode)
        try:
            if route_key not in routes:
                routes[route_key] = (row.default_api_key, row._stripe_account_id())
            api_key, account = routes[route_key]
            data, stamp = type(row).fetch_for_reference(
                row.id, api_key=api_key, stripe_account=account
            )
        except Exception as error:  # noqa: BLE001 - reported per object
            report.failed.append((row.id, describe(error)))
            continue
        entries.append(
            sync.Entry.read(type(row), data, stamp or None, api_key=api_key, stripe_account=account)
        )
    try:
        sync.sync_entries(entries)
        report.done.extend(entry.data["id"] for entry in entries)
    except Exception:  # noqa: BLE001 - one object spoiled the batch: find it
        for entry in entries:
            try:
                sync.sync_entries([entry])
            except Exception as error:  # noqa: BLE001 - reported per object
                logger.warning("Re-sync of %s failed: %s", entry.data.get("id"), describe(error))
                report.failed.append((str(entry.data.get("id")), describe(error)))
            else:
                report.done.append(entry.data["id"])
    return report


def announce(request: Any, report: Report, *, done: str, skipped: str = "") -> None:
    """Tell the user what happened: ``done``/``skipped`` are ngettext-ed by the caller."""
    if report.done:
        messages.success(request, done)
    if report.skipped and skipped:
        messages.info(request, skipped)
    if report.failed:
        shown = report.failed[:FAILURES_LISTED]
        listed = "; ".join(f"{stripe_id} ({reason})" for stripe_id, reason in shown)
        if len(shown) < len(report.failed):
            listed += " …"
        messages.error(
            request,
            ngettext("%(count)d failed: %(list)s", "%(count)d failed: %(list)s", len(report.failed))
            % {"count": len(report.failed), "list": listed},
        )


def too_many(request: Any, count: int) -> bool:
    if count <= MAX_SELECTED:
        return False
    messages.error(
        request,
        _(
            "Select at most %(max)d rows at a time; for more, use manage.py "
            "djstripe_sync_models or djstripe_process_events."
        )
        % {"max": MAX_SELECTED},
    )
    return True


@admin.action(description=gettext_lazy("Re-sync selected from Stripe"), permissions=["resync"])
def resync_selected(modeladmin: Any, request: Any, queryset: Any) -> None:
    rows = list(queryset[: MAX_SELECTED + 1])
    if too_many(request, len(rows)):
        return
    report = resync(rows)
    opts = modeladmin.model._meta
    count = len(report.done)
    announce(
        request,
        report,
        done=ngettext(
            "Re-synced %(count)d %(name)s from Stripe.",
            "Re-synced %(count)d %(name)s from Stripe.",
            count,
        )
        % {"count": count, "name": opts.verbose_name if count == 1 else opts.verbose_name_plural},
    )


def process_events(events: list[Any], trigger_ids: dict[str, int] | None = None) -> Report:
    """Run the handlers of stored events that have not run (oldest first)."""
    report = Report()
    for event in sorted(events, key=lambda e: (e.created is None, e.created, e.id)):
        trigger_id = (trigger_ids or {}).get(event.id)
        result = processing.process_stored_event(event, trigger_id=trigger_id)
        if result.outcome == processing.FAILED:
            report.failed.append((event.id, describe(result.error or Exception())))
        elif result.outcome == processing.DUPLICATE:
            report.skipped.append(event.id)
        else:
            report.done.append(event.id)
    return report


def announce_processing(request: Any, report: Report) -> None:
    done, skipped = len(report.done), len(report.skipped)
    announce(
        request,
        report,
        done=ngettext("Processed %(count)d event.", "Processed %(count)d events.", done)
        % {"count": done},
        skipped=ngettext(
            "%(count)d event was already processed (skipped: handlers run once; "
            "use “Re-sync selected from Stripe” on the objects to refresh them).",
            "%(count)d events were already processed (skipped: handlers run once; "
            "use “Re-sync selected from Stripe” on the objects to refresh them).",
            skipped,
        )
        % {"count": skipped},
    )


@admin.action(description=gettext_lazy("Reprocess selected events"), permissions=["reprocess"])
def reprocess_events(modeladmin: Any, request: Any, queryset: Any) -> None:
    events = list(queryset[: MAX_SELECTED + 1])
    if too_many(request, len(events)):
        return
    announce_processing(request, process_events(events))


@admin.action(
    description=gettext_lazy("Reprocess the events of selected deliveries"),
    permissions=["reprocess"],
)
def reprocess_deliveries(modeladmin: Any, request: Any, queryset: Any) -> None:
    triggers = list(queryset[: MAX_SELECTED + 1])
    if too_many(request, len(triggers)):
        return
    trigger_ids = {t.event_id: t.pk for t in triggers if t.event_id}
    events = list(Event.objects.filter(id__in=list(trigger_ids)))
    report = process_events(events, trigger_ids)
    stored = {event.id for event in events}
    for trigger in triggers:
        if trigger.event_id in stored or trigger.event_id in report.done:
            continue
        if not trigger.valid or not trigger.json_body:
            report.skipped.append(str(trigger.pk))
            continue
        try:  # its event was never stored (the database failed): store and process it now
            trigger.process()
        except Exception as error:  # noqa: BLE001 - reported
            report.failed.append((trigger.event_id or f"delivery {trigger.pk}", describe(error)))
        else:
            report.done.append(trigger.event_id or str(trigger.pk))
    announce_processing(request, report)
