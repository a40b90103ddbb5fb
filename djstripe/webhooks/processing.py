"""Run an event's handlers once: store, claim, mirror, signal, in one transaction.

Exactly once, without leases or locks held across the network:

1. The built-in handler is *prepared* first, with no transaction open (lookups,
   references fetched, same-second ties re-read: every Stripe request).
2. One transaction then *claims* the event and commits everything it caused:
   the event is inserted already marked processed (``INSERT ... ON CONFLICT DO
   NOTHING``) or, when it is stored and still open, updated from pending/failed
   to processed (``UPDATE ... WHERE status IN (pending, failed)``). A second
   claimer of the same event waits on that row (PostgreSQL) or on the database
   (SQLite) until the first commits, then finds it processed and does nothing;
   if the first rolls back (it raised, or its process died), the second goes ahead.
   The safety net (``djstripe_process_events``) does not wait on PostgreSQL: it
   leaves an event whose row is held to its holder (``SKIP LOCKED``).
3. Inside that transaction the mirror is written (guarded by freshness stamps,
   so a stale preparation changes nothing), the event's signals are sent and the
   delivery records are marked processed.

If anything raises, the transaction rolls back (mirror, receivers' writes and
the status alike) and the failure is recorded in a new one: the event becomes
``failed`` with the error, ready for a retry.
"""

from __future__ import annotations

import json
import logging
import traceback
from dataclasses import dataclass
from typing import Any

from django.db import DataError, connections, router, transaction
from django.db.models import F, Subquery
from django.utils import timezone

from .. import event_handlers, signals, stripe_api, sync
from ..api_keys import api_key_for, platform_of
from ..error_reports import hide_secrets
from ..exceptions import InvalidStripeDataError
from ..models import Account, Event, WebhookEventTrigger, delegates
from ..models.events import DONE, OPEN, EventStatus
from . import endpoints, handlers, recording, statements, thin, thin_handlers
from .verification import parse_event

logger = logging.getLogger(__name__)

PROCESSED = "processed"
UNHANDLED = "unhandled"
DUPLICATE = "duplicate"
"""The event's handlers had already run (or ran in a concurrent claim)."""
BUSY = "busy"
"""Another attempt holds the event right now (only with ``skip_busy``): not waited for."""
FAILED = "failed"
#: How far :func:`is_permanent` follows ``raise ... from`` chains.
MAX_CAUSES = 5


@dataclass
class Result:
    """What processing one event did."""

    event_id: str
    outcome: str
    event: Event | None = None
    error: BaseException | None = None

    @property
    def ok(self) -> bool:
        return self.outcome != FAILED

    @property
    def permanent(self) -> bool:
        """Whether it failed for good: the same data can never be stored (see
        :func:`is_permanent`)."""
        return self.outcome == FAILED and is_permanent(self.error)


def is_permanent(error: BaseException | None) -> bool:
    """Whether ``error`` (or what it was raised from) says the event's data can never be
    stored: data that is not a storable Stripe object (``InvalidStripeDataError``) or a
    value the database refuses (``DataError``: too long, out of range, malformed).

    Everything else may pass on a later attempt and is retried: the database unavailable
    or timing out on a lock (``OperationalError``), a constraint that a concurrent write
    may yet satisfy (``IntegrityError``), Stripe unreachable or refusing the key, a
    receiver's own error.
    """
    for _ in range(MAX_CAUSES):
        if error is None:
            return False
        if isinstance(error, (InvalidStripeDataError, DataError)):
            return True
        error = error.__cause__
    return False


def status_for(event_type: str) -> str:
    return (
        EventStatus.processed if event_handlers.is_known_type(event_type) else EventStatus.unhandled
    )


def status_of(data: dict[str, Any]) -> str:
    """The status processing gives the event (a thin event's: by its related object)."""
    return thin_handlers.status(data) if thin.is_thin(data) else status_for(data["type"])


@hide_secrets
def prepare(data: dict[str, Any], *, api_key: str | None) -> sync.Prepared | None:
    """Plan and resolve the built-in handler's change (outside any transaction)."""
    if thin.is_thin(data):
        return thin_handlers.prepare(data, api_key=api_key)
    action = sync.event_action(data["type"])
    return handlers.HANDLERS[action](data, api_key=api_key) if action is not None else None


# ---- a verified delivery, processed in the request -------------------------------------


@hide_secrets
def process_delivery(
    trigger: WebhookEventTrigger,
    data: dict[str, Any],
    *,
    api_key: str | None,
    owner_account: str | None,
) -> Result:
    """Store the delivery and its event and run the event's handlers, once."""
    status = status_of(data)
    owner = thin.account_of(data) or owner_account
    trigger.valid = True
    trigger.event_id = data["id"]

    def attempt() -> Result:
        prepared = prepare(data, api_key=api_key)
        with transaction.atomic(using=_db()):
            # The record first: it confirms the endpoint before anything else runs, and
            # says processed, which is true once this transaction commits (claimed and
            # processed here, or already done); a failure rolls it back with the rest.
            trigger.processed = True
            candidates = sync.tombstone_candidates(prepared)
            alive = recording.insert_trigger(trigger, tombstones_of=candidates)
            values = recording.event_values(data, status=status, now=timezone.now())
            pk = recording.insert_event(data, status=status, owner_account=owner, values=values)
            if pk is None and not _claim(data["id"], status):
                return Result(data["id"], DUPLICATE)
            event = recording.event_instance(data, pk=pk, status=status, values=values)
            _run(
                event,
                prepared,
                trigger=trigger,
                api_key=api_key,
                alive=frozenset(candidates) if alive else frozenset(),
            )
            if pk is None:  # a stored event (failed or pending) processed now: its records too
                _mark_deliveries(data["id"])
        return Result(data["id"], status, event=event)

    try:
        # A transaction the database failed to break a deadlock with a concurrent
        # delivery is run again whole (prepared anew) before it counts as failed.
        return sync.retry_on_conflict(attempt, using=_db(), before_retry=lambda: _unsaved(trigger))
    except endpoints.StaleEndpointError:
        _unsaved(trigger)
        raise  # the view reads the endpoint again and receives the delivery once more
    except Exception as error:  # noqa: BLE001 - recorded, signalled, answered with 500
        _unsaved(trigger)
        _record_failure(data, error, trigger=trigger, owner_account=owner, api_key=api_key)
        return Result(data["id"], FAILED, error=error)


def _unsaved(trigger: WebhookEventTrigger) -> None:
    """The record inserted by a transaction that rolled back is not stored."""
    trigger.pk = None
    trigger._state.adding = True


def store_delivery(
    trigger: WebhookEventTrigger, data: dict[str, Any], *, owner_account: str | None
) -> bool:
    """Store the delivery and its event (pending) for later processing; return whether
    the event still needs processing (False: its handlers already ran)."""
    owner = thin.account_of(data) or owner_account
    trigger.valid = True
    trigger.event_id = data["id"]
    try:
        with transaction.atomic(using=_db()):
            pk = recording.insert_event(data, status=EventStatus.pending, owner_account=owner)
            done = pk is None and _is_done(data["id"])
            trigger.processed = done
            recording.insert_trigger(trigger)  # confirms the endpoint (or rolls back)
    except endpoints.StaleEndpointError:
        _unsaved(trigger)
        raise
    return not done


# ---- a stored event (a task, djstripe_process_events, Event.process) --------------------


@hide_secrets
def process_stored_event(
    event: Event | str,
    *,
    api_key: str | None = None,
    trigger_id: int | None = None,
    skip_busy: bool = False,
) -> Result:
    """Run the handlers of a stored event unless they already ran.

    A pending event is claimed like a failed one, whoever stored it: so an event whose
    task's worker died (its transaction rolled back, the event left pending) is taken
    over, and the task, should it come back late, finds the event done. With
    ``skip_busy`` (the safety net), an event whose row another attempt holds right now
    is not waited for (:data:`BUSY`): that attempt may be a worker still running, or on
    PostgreSQL the session of a machine that vanished, which keeps its locks until the
    server drops it.
    """
    stored = _stored(event)
    if stored.djstripe_status in DONE:
        _mark_deliveries(stored.id)
        return Result(stored.id, DUPLICATE, event=stored)
    data = stored.stripe_data
    api_key = api_key or api_key_for(stored.livemode, _platform_of(stored))
    status = status_of(data)
    # The delivery record is read only for the receivers of the processing signals (and to
    # record a failure): a task carries its id, and most deployments have no receivers.
    trigger = _trigger(trigger_id) if _trigger_signalled() else None
    try:
        prepared = prepare(data, api_key=api_key)
        with transaction.atomic(using=_db()):
            candidates = [] if skip_busy else sync.tombstone_candidates(prepared)
            if skip_busy:
                claimed, alive = _claim(stored.id, status, skip_locked=True), False
            else:
                claimed, alive = statements.claim(stored.id, status, tombstones_of=candidates)
            if not claimed:
                if skip_busy and not _is_done(stored.id):
                    return Result(stored.id, BUSY, event=stored)
                _mark_deliveries(stored.id)
                return Result(stored.id, DUPLICATE, event=stored)
            stored.djstripe_status = status
            known = frozenset(candidates) if alive else frozenset()
            _run(stored, prepared, trigger=trigger, api_key=api_key, alive=known)
            _mark_deliveries(stored.id)
    except Exception as error:  # noqa: BLE001 - recorded and returned to the caller
        trigger = trigger or _trigger(trigger_id)
        _record_failure(data, error, trigger=trigger, owner_account=None, api_key=api_key)
        return Result(stored.id, FAILED, event=stored, error=error)
    return Result(stored.id, status, event=stored)


def _trigger_signalled() -> bool:
    """Whether any receiver listens to the processing signals of delivery records."""
    return any(
        signal.has_listeners(WebhookEventTrigger)
        for signal in (signals.webhook_pre_process, signals.webhook_post_process)
    )


@hide_secrets
def process_event_data(data: Any, *, api_key: str | None = None) -> Event:
    """``Event.process``: store ``data`` (once) and run its handlers unless they ran."""
    data = parse_event(json.dumps(stripe_api.as_data(data)))
    recording.insert_event(data, status=EventStatus.pending, owner_account=thin.account_of(data))
    result = process_stored_event(data["id"], api_key=api_key)
    if result.error is not None:
        raise result.error
    return Event.objects.get(id=data["id"])


# ---- the transaction's contents ---------------------------------------------------------


@hide_secrets
def _run(
    event: Event,
    prepared: sync.Prepared | None,
    *,
    trigger: Any,
    api_key: str | None,
    alive: frozenset[str] = frozenset(),
) -> None:
    """Inside the claiming transaction: mirror, signal, in that order."""
    if trigger is not None:
        signals.webhook_pre_process.send(sender=WebhookEventTrigger, instance=trigger)
    # Concurrent events of one object write one after the other (PostgreSQL), so a
    # deletion committed meanwhile is seen by the write (the engine's apply locks it).
    sync.apply(prepared, alive=alive)
    account = thin.account_of(event.stripe_data)
    if account and event.djstripe_owner_account_id is None:
        _attribute(event, account)  # the handler may just have mirrored the account
    event_handlers.send_event_signals(event)
    if trigger is not None:
        signals.webhook_post_process.send(
            sender=WebhookEventTrigger, instance=trigger, api_key=api_key
        )


def _attribute(event: Event, account: str) -> None:
    """Set a Connect event's owner to its account, if the account is mirrored (one UPDATE)."""
    mirrored = Account.objects.filter(id=account).values("id")[:1]
    Event.objects.filter(id=event.id, djstripe_owner_account__isnull=True).update(
        djstripe_owner_account_id=Subquery(mirrored)
    )
    event.djstripe_owner_account_id = (
        Account.objects.filter(id=account).values_list("id", flat=True).first()
    )


def _claim(event_id: str, status: str, *, skip_locked: bool = False) -> bool:
    """Move a stored, open event to ``status`` (one UPDATE); False when it is done (or
    absent), or, with ``skip_locked``, when another transaction holds its row right now
    (``FOR UPDATE SKIP LOCKED``, where the database has row locks to skip; SQLite has
    one writer at a time, and a second one waits its turn)."""
    if not skip_locked:
        return statements.claim(event_id, status)[0]
    now = timezone.now()
    open_event = Event.objects.filter(id=event_id, djstripe_status__in=OPEN)
    if connections[_db()].features.has_select_for_update_skip_locked:
        free = open_event.select_for_update(skip_locked=True).order_by().values("pk")
        open_event = Event.objects.filter(pk__in=Subquery(free))
    return bool(
        open_event.update(
            djstripe_status=status,
            djstripe_attempts=F("djstripe_attempts") + 1,
            djstripe_processed_at=now,
            djstripe_error="",
            djstripe_updated=now,
        )
    )


def _is_done(event_id: str) -> bool:
    return Event.objects.filter(id=event_id, djstripe_status__in=DONE).exists()


def _stored(event: Event | str) -> Event:
    """``event``, or the stored event of that id."""
    if not isinstance(event, str):
        return event
    found = statements.load(event)
    if found is None:
        raise Event.DoesNotExist(f"No stored event {event}.")
    return found


def _mark_deliveries(event_id: str) -> None:
    statements.mark_deliveries(event_id)


@hide_secrets
def _record_failure(
    data: dict[str, Any],
    error: BaseException,
    *,
    trigger: WebhookEventTrigger | None,
    owner_account: str | None,
    api_key: str | None,
) -> None:
    """Record a failed attempt (a new transaction: the attempt's own was rolled back)."""
    summary = f"{type(error).__name__}: {error}"
    logger.error("Processing event %s failed: %s", data.get("id"), summary, exc_info=error)
    now = timezone.now()
    try:
        with transaction.atomic(using=_db()):
            inserted = recording.insert_event(
                data, status=EventStatus.failed, owner_account=owner_account
            )
            if inserted is not None:
                Event.objects.filter(id=data["id"]).update(djstripe_error=summary)
            else:
                Event.objects.filter(id=data["id"], djstripe_status__in=OPEN).update(
                    djstripe_status=EventStatus.failed,
                    djstripe_attempts=F("djstripe_attempts") + 1,
                    djstripe_error=summary,
                    djstripe_updated=now,
                )
            if trigger is not None:
                trigger.processed = False
                trigger.exception = summary[
                    : WebhookEventTrigger._meta.get_field("exception").max_length
                ]
                trigger.traceback = "".join(traceback.format_exception(error))
                trigger.save()
    except Exception:  # noqa: BLE001 - the database itself failed; the caller answers 500
        logger.exception("Recording the failure of event %s failed", data.get("id"))
    if trigger is not None:
        signals.webhook_processing_error.send(
            sender=WebhookEventTrigger,
            instance=trigger,
            api_key=api_key,
            exception=error,
            data=getattr(error, "http_body", "") or "",
        )


def _trigger(trigger_id: int | None) -> WebhookEventTrigger | None:
    if trigger_id is None:
        return None
    return WebhookEventTrigger.objects.filter(pk=trigger_id).first()


def _platform_of(event: Event) -> str | None:
    """The platform account whose key reaches the event's account."""
    owner = event.djstripe_owner_account_id
    if not owner:
        return None
    if hasattr(event, "djstripe_platform"):  # read with the event (statements.load)
        return event.djstripe_platform or owner
    return platform_of(owner) or owner


def _db() -> str:
    return router.db_for_write(Event)


delegates.provide(delegates.PROCESS_EVENT, process_event_data)  # Event.process
