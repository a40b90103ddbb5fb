"""``djstripe_process_events``: list events from Stripe, store the new ones, process
what is open, oldest first, then re-read the objects queued for a re-read.

Stripe keeps events for 30 days; older ones can only come from the mirror's own
``Event`` rows. Listing stores each page of events as it arrives (one statement
per page), and processing then streams the stored events from the database in
``(created, id)`` order, so memory does not grow with the number of events and
the mirror ends at the newest state whatever order Stripe listed them in.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import stripe
from django.db.models import Q
from django.utils import timezone

from .. import settings as djstripe_settings
from .. import stripe_api, sync
from ..api_keys import all_api_keys, api_key_for, mask_key, platform_of
from ..models import Account, Event, PendingReread
from ..models.events import DONE, EventStatus
from ..sync import registry
from ..sync.collector import batch_collection
from . import processing, recording

logger = logging.getLogger(__name__)

Say = Callable[[str, int], None]
"""(message, verbosity at which it is shown)."""


@dataclass
class Summary:
    sources: int = 0
    """(key, account) pairs whose events were listed."""
    listed: int = 0
    stored: int = 0
    """Listed events the mirror did not have yet."""
    skipped: int = 0
    """Selected events whose handlers had already run."""
    busy: int = 0
    """Selected events another attempt was processing at that moment (left to it)."""
    processed: int = 0
    unhandled: int = 0
    failed: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    """Listing or retrieval problems (a key, an account, an id)."""
    rereads: int = 0
    reread_failures: int = 0

    @property
    def ok(self) -> bool:
        return not (self.failed or self.errors or self.reread_failures)


@dataclass
class Selection:
    """Which events a run processes (the command's options)."""

    ids: list[str] | None = None
    failed: bool = False
    type_pattern: str | None = None

    def list_params(self) -> dict[str, Any]:
        params: dict[str, Any] = {}
        if self.type_pattern:
            params["type"] = self.type_pattern
        if self.failed:
            params["delivery_success"] = "false"
        return params

    def queryset(self) -> Any:
        events = Event.objects.all()
        if self.ids is not None:
            return events.filter(id__in=self.ids)
        if self.failed:
            events = events.filter(failed_or_stranded())
        else:
            events = events.unprocessed()
        if self.type_pattern:
            events = events.of_type(self.type_pattern)
        return events


def failed_or_stranded() -> Q:
    """Events that failed, and events still ``pending`` longer than
    ``DJSTRIPE_STALE_PENDING_AFTER`` after they were stored: in task mode, the worker
    running their task died (killed, redeployed, its machine lost, ``db_worker`` ending
    on a database outage) and Stripe, answered 200 when the event was stored, will not
    deliver it again."""
    stored_before = timezone.now() - djstripe_settings.stale_pending_after()
    return Q(djstripe_status=EventStatus.failed) | Q(
        djstripe_status=EventStatus.pending, djstripe_created__lt=stored_before
    )


def run(selection: Selection, *, say: Say | None = None) -> Summary:
    say = say or (lambda message, level: None)
    summary = Summary()
    with batch_collection():  # a batch job, as a backfill (see sync.collector)
        if selection.ids is not None:
            _fetch_ids(selection.ids, summary, say)
        else:
            for api_key, account in _sources(summary, say):
                _list(api_key, account, selection, summary, say)
        _process(selection, summary, say)
        _reread_pending(summary, say)
    return summary


# ---- listing ------------------------------------------------------------------------


def _sources(summary: Summary, say: Say) -> Iterator[tuple[str, str | None]]:
    """Every configured key, then every account connected to its platform."""
    for api_key in all_api_keys():
        yield api_key, None
        try:
            accounts = [a["id"] for a in stripe_api.iterate("/v1/accounts", api_key=api_key)]
        except stripe.StripeError as error:  # not a Connect platform, or not allowed
            say(f"  no connected accounts listed for a key: {error}", 2)
            continue
        for account in accounts:
            yield api_key, account


def _list(
    api_key: str, account: str | None, selection: Selection, summary: Summary, say: Say
) -> None:
    summary.sources += 1
    where = f"account {account}" if account else "the platform"
    try:
        for page in stripe_api.pages(
            "/v1/events", selection.list_params(), api_key=api_key, stripe_account=account
        ):
            _store(page.objects, summary, failed=selection.failed)
    except stripe.StripeError as error:
        summary.errors.append(f"listing events of {where}: {error}")
        say(f"  could not list the events of {where}: {error}", 1)
        return
    say(f"  listed the events of {where}", 2)


def _store(events: list[dict[str, Any]], summary: Summary, *, failed: bool = False) -> None:
    """Store a page of listed events (new ones pending, or failed for ``--failed``).

    An event whose id cannot be stored whole (not an event id: too long, another shape)
    is reported and left out, so it cannot fail the page's one statement."""
    listed = [e for e in events if isinstance(e.get("id"), str) and e.get("type")]
    events = [e for e in listed if stripe_api.is_event_id(e["id"])]
    for data in listed:
        if not stripe_api.is_event_id(data["id"]):
            summary.errors.append(
                f"Stripe listed an event whose id cannot be stored ({data['id'][:40]!r}, "
                f"{len(data['id'])} characters); left out"
            )
    if not events:
        return
    summary.listed += len(events)
    ids = [e["id"] for e in events]
    owners = {e.get("account") for e in events if e.get("account")}
    known_accounts = set(Account.objects.filter(id__in=owners).values_list("id", flat=True))
    status = EventStatus.failed if failed else EventStatus.pending
    now = timezone.now()
    rows = []
    for data in events:
        values = recording.event_values(data, status=status, now=now)
        values["djstripe_attempts"] = 0
        values["djstripe_processed_at"] = None
        owner = data.get("account")
        values["djstripe_owner_account_id"] = owner if owner in known_accounts else None
        rows.append(Event(**values))
    before = dict(Event.objects.filter(id__in=ids).values_list("id", "djstripe_status"))
    Event.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    summary.stored += len(set(ids) - set(before))
    summary.skipped += sum(1 for status in before.values() if status in DONE)


def _fetch_ids(ids: Iterable[str], summary: Summary, say: Say) -> None:
    """Retrieve the events not stored yet: each is asked of every key, then of the
    accounts connected to it, until found (accounts are listed only while an id is
    missing). An id that is never found is reported with what Stripe answered."""
    wanted = list(dict.fromkeys(ids))
    stored = set(Event.objects.filter(id__in=wanted).values_list("id", flat=True))
    answers: dict[str, dict[str, list[str]]] = {}
    for event_id in wanted:
        if event_id in stored:
            continue
        if stripe_api.is_event_id(event_id):
            answers[event_id] = {}
        else:
            summary.errors.append(f"{event_id!r} is not an event id (evt_...); Stripe not asked")
    if not answers:
        return
    for api_key, account in _sources(summary, say):
        where = f"account {account}" if account else f"the platform ({mask_key(api_key)})"
        for event_id in list(answers):
            try:
                data, _ = stripe_api.retrieve(
                    stripe_api.path("/v1/events/{id}", id=event_id),
                    api_key=api_key,
                    stripe_account=account,
                )
            except stripe.StripeError as error:
                answers[event_id].setdefault(stripe_said(error), []).append(where)
                continue
            del answers[event_id]
            _store([data], summary)
        if not answers:
            return
    for event_id, said in answers.items():
        summary.errors.append(f"event {event_id} not retrieved: {_answers(said)}")
        say(f"  event {event_id} not retrieved", 1)


def stripe_said(error: stripe.StripeError) -> str:
    """What Stripe answered, in one line (never the key): ``404 No such event: 'evt_1'``."""
    message = str(getattr(error, "user_message", None) or error).strip() or type(error).__name__
    status = getattr(error, "http_status", None)
    if isinstance(error, stripe.APIConnectionError):
        return f"Stripe could not be reached ({message})"
    return f"Stripe answered {status}: {message}" if status else f"Stripe answered: {message}"


def _answers(said: dict[str, list[str]]) -> str:
    """``Stripe answered 404: No such event (asked: the platform (sk_test_...1234), ...)``."""
    if not said:
        return "no API key is configured"
    parts = []
    for answer, wheres in said.items():
        shown = ", ".join(wheres[:3]) + (f" and {len(wheres) - 3} more" if len(wheres) > 3 else "")
        parts.append(f"{answer} (asked: {shown})")
    return "; ".join(parts)


# ---- processing ---------------------------------------------------------------------


def _process(selection: Selection, summary: Summary, say: Say) -> None:
    keys: dict[tuple[Any, Any], str | None] = {}
    events = selection.queryset().oldest_first()
    for event in events.iterator(chunk_size=200):
        if event.djstripe_status in DONE:
            summary.skipped += 1
            say(f"  {event.id} ({event.type}) already processed", 2)
            continue
        cache_key = (event.livemode, event.djstripe_owner_account_id)
        if cache_key not in keys:
            keys[cache_key] = api_key_for(event.livemode, _platform(event))
        result = processing.process_stored_event(event, api_key=keys[cache_key], skip_busy=True)
        _count(result, event, summary, say)


def _count(result: processing.Result, event: Event, summary: Summary, say: Say) -> None:
    if result.outcome == processing.DUPLICATE:
        summary.skipped += 1
        say(f"  {event.id} ({event.type}) already processed", 2)
    elif result.outcome == processing.BUSY:
        summary.busy += 1
        say(f"  {event.id} ({event.type}) being processed elsewhere now, left to it", 1)
    elif result.outcome == processing.FAILED:
        summary.failed += 1
        summary.failures.append((event.id, f"{type(result.error).__name__}: {result.error}"))
        say(f"  {event.id} ({event.type}) failed: {result.error}", 1)
    elif result.outcome == processing.UNHANDLED:
        summary.unhandled += 1
        say(f"  {event.id} ({event.type}) stored, type not handled", 2)
    else:
        summary.processed += 1
        say(f"  {event.id} ({event.type}) processed", 2)


def _platform(event: Event) -> str | None:
    owner = event.djstripe_owner_account_id or event.stripe_account
    return platform_of(owner) or owner


# ---- objects whose freshest state could not be settled --------------------------------


def _reread_pending(summary: Summary, say: Say) -> None:
    for pending in PendingReread.objects.order_by("pk").iterator():
        model = registry.model_by_name(pending.model_name)
        if model is None or not model.api_path:
            pending.delete()
            continue
        account = pending.stripe_account or None
        api_key = api_key_for(pending.livemode, platform_of(account) if account else None)
        try:
            _reread(model, pending.stripe_id, api_key=api_key, account=account)
        except Exception as error:  # noqa: BLE001 - reported; the row stays for next time
            summary.reread_failures += 1
            say(f"  re-reading {pending.model_name} {pending.stripe_id} failed: {error}", 1)
            continue
        PendingReread.objects.filter(pk=pending.pk).delete()
        summary.rereads += 1
        say(f"  re-read {pending.model_name} {pending.stripe_id}", 2)


def _reread(model: Any, stripe_id: str, *, api_key: str | None, account: str | None) -> None:
    try:
        data, stamp = model.fetch_for_reference(stripe_id, api_key=api_key, stripe_account=account)
    except stripe.InvalidRequestError as error:
        if getattr(error, "http_status", None) != 404:
            raise
        source = sync.Source.api(api_key=api_key, stripe_account=account)
        stub = {"id": stripe_id, "object": model.stripe_object, "deleted": True}
        sync.sync_page(model, [stub], source=source, deleted=True)
        return
    model.sync_api_read(data, stamp, api_key=api_key, stripe_account=account)
