"""References a backfill could not link when it wrote a row, linked once the target exists.

A page is written without fetching the objects it references (a later page or
partition usually brings them: an invoice's charge is listed after the invoice).
The engine reports each reference it left NULL; it is stored here in the page's
transaction and, after the partitions, every foreign key column is filled with one
``UPDATE`` joined on the stored links. Only targets that no list supplied are then
retrieved, one request each, and linked the same way.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import stripe
from django.apps import apps
from django.db import connections, router
from django.utils import timezone

from .. import stripe_api
from ..fields import column_of, concrete_field, stored_field
from . import engine, statements
from .column_updates import update_column
from .rows import chunked, root_model, upsert
from .source import Source
from .state import SyncPendingLink

if TYPE_CHECKING:
    from ..models.base import StripeModel

logger = logging.getLogger(__name__)

#: (api key, Stripe-Account or None) to reach the objects of an owner account.
Reach = Callable[[str, bool | None], tuple[str, str | None] | None]


#: Pending links linked per statement pair (a join, then an update).
LINK_CHUNK = 5000

#: Columns of ``SyncPendingLink`` that a later reference to the same row replaces.
_REPLACED = ("target_label", "target_id", "data_hash", "account", "livemode")
#: Columns a pending link is written with: its unique key, ``_REPLACED``, ``created``.
_COLUMNS = ("model_label", "field_name", "stripe_id", *_REPLACED, "created")


def record(dangling: Iterable[engine.Dangling], *, livemode: bool | None, using: str) -> None:
    """Store unlinked references (call inside the page's transaction): one
    ``INSERT ... ON CONFLICT DO UPDATE`` per chunk, a later reference to the same row
    replacing the earlier one.

    Through the engine's upsert builder, not ``bulk_create(update_conflicts=True)``:
    measured on SQLite, the ORM spent 3 to 6 times the CPU (100 links: 1.3-1.8 ms
    against 4.8-5.0 ms; 3,000 links: 33-43 ms against 141-207 ms), and batches rows by
    999 parameters where this writes 3,333 rows per statement.
    """
    now = timezone.now()
    rows = [
        (
            d.model._meta.label,
            d.attname,
            d.stripe_id,
            d.target._meta.label,
            d.target_id,
            d.data_hash,
            d.owner or "",
            livemode,
            now,
        )
        for d in dangling
    ]
    if not rows:
        return
    # In key order, as the engine writes its rows (a stable sort: of one key, the later
    # reference still wins): two pages recording the same link lock it in one order.
    rows.sort(key=_link_key)
    fields = [concrete_field(SyncPendingLink, name) for name in _COLUMNS]
    upsert(
        SyncPendingLink,
        fields,
        rows,
        conflict_field=fields[:3],
        keep_on_update=("created",),
        using=using,
    )


def _link_key(row: tuple[Any, ...]) -> tuple[Any, ...]:
    return row[:3]


@dataclass
class FillResult:
    linked: int = 0
    fetched: int = 0
    """Objects retrieved one by one."""
    listed: int = 0
    """Objects read from lists of models the run did not list (to find referenced ones)."""
    missing: int = 0
    """Targets that Stripe no longer has (the column stays empty)."""
    errors: int = 0
    outcomes: list[tuple[str, engine.Outcome]] = field(default_factory=list)
    """(account, what a write did) of the objects supplied."""


#: Rounds of supplying targets (supplied objects may reference more missing ones).
MAX_ROUNDS = 4


def fill(
    *,
    reach: Reach,
    using: str,
    listed: set[tuple[str, str]] | None = None,
    fetch: bool = True,
) -> FillResult:
    """Link what the partitions supplied; supply the targets still missing; link again.

    ``listed`` holds the (model name, account) the run listed completely: their
    missing objects are retrieved one by one (a list would not hold them). For
    another model, referenced objects are looked for in its list first, page by
    page, for as long as a page costs less than the retrieves it may save.
    """
    result = FillResult()
    listed = set(listed or ())
    for _ in range(MAX_ROUNDS):
        result.linked += _link_all(using)
        if not fetch or not _supply(reach, using, listed, result):
            break
    return result


def _groups(using: str) -> list[tuple[str, str, str]]:
    return list(
        SyncPendingLink.objects.using(using)
        .values_list("model_label", "field_name", "target_label")
        .distinct()
        .order_by("model_label", "field_name", "target_label")
    )


def _link_all(using: str) -> int:
    linked = 0
    for model_label, field_name, target_label in _groups(using):
        try:
            model = apps.get_model(model_label)
            target = apps.get_model(target_label)
        except LookupError:
            continue
        # Links that models derive from these columns (an invoice's PaymentIntent from its
        # payments) are refreshed once for the whole run afterwards (finishing.py).
        linked += _link(model, field_name, target, using)
        _forget_resolved(model_label, field_name, target, using)
    return linked


def _link(model: type[StripeModel], attname: str, target: type[StripeModel], using: str) -> int:
    """Set ``model.attname`` from the pending links whose target now exists.

    One join finds (row, target) pairs; an ``UPDATE ... CASE`` per chunk writes them.
    Plain joins on indexed columns keep the plan sound even before the database has
    statistics on freshly filled tables (a correlated ``UPDATE`` did not, on PostgreSQL).
    Raw SQL: the three tables share no foreign key the ORM could join them by.
    """
    field = next(f for f in model._meta.concrete_fields if f.attname == attname)
    connection = connections[using]
    q = connection.ops.quote_name
    root = root_model(model)
    pending = SyncPendingLink._meta.db_table
    # Quoted identifiers only; every value is a parameter.
    select = (
        f"SELECT r.{q(root._meta.pk.column)}, t.{q(column_of(stored_field(field)))}, "  # noqa: S608
        f"p.{q('stripe_id')} "
        f"FROM {q(pending)} p "
        f"JOIN {q(root._meta.db_table)} r ON r.{q('id')} = p.{q('stripe_id')} "
        f"AND r.{q('djstripe_hash')} = p.{q('data_hash')} "
        f"JOIN {q(root_model(target)._meta.db_table)} t ON t.{q('id')} = p.{q('target_id')} "
        f"WHERE p.{q('model_label')} = %s AND p.{q('field_name')} = %s "
        f"AND p.{q('stripe_id')} > %s ORDER BY p.{q('stripe_id')}"
    )
    select += f" LIMIT {LINK_CHUNK}"
    linked, after = 0, ""
    while True:  # in chunks, so memory stays flat however many rows wait
        with connection.cursor() as cursor:
            cursor.execute(select, [model._meta.label, attname, after])
            found = cursor.fetchall()
        if not found:
            return linked
        pairs = {pk: value for pk, value, _ in found}
        linked += update_column(field.model, field, pairs, key="pk", only_if_null=True, using=using)
        statements.trim(using)
        after = found[-1][2]


def _forget_resolved(model_label: str, attname: str, target: type[StripeModel], using: str) -> None:
    """Drop links whose target exists: linked now, or superseded by newer data of the row."""
    SyncPendingLink.objects.using(using).filter(
        model_label=model_label,
        field_name=attname,
        target_id__in=root_model(target)._base_manager.using(using).values("id"),
    ).delete()


def _wanted(using: str) -> dict[tuple[str, str, bool | None], set[str]]:
    wanted: dict[tuple[str, str, bool | None], set[str]] = defaultdict(set)
    for target_label, account, livemode, target_id in (
        SyncPendingLink.objects.using(using)
        .values_list("target_label", "account", "livemode", "target_id")
        .distinct()
    ):
        wanted[(target_label, account, livemode)].add(target_id)
    return wanted


def _supply(reach: Reach, using: str, listed: set[tuple[str, str]], result: FillResult) -> bool:
    """Bring in missing targets; return whether anything was written."""
    progressed = False
    gone: list[str] = []
    for (target_label, account, livemode), ids in sorted(_wanted(using).items(), key=str):
        try:
            target = apps.get_model(target_label)
        except LookupError:
            continue
        route = reach(account, livemode)
        if route is None or not target.api_path:
            continue
        remaining = set(ids)
        if (
            len(remaining) > 1
            and getattr(target, "listable", False)
            and (target.__name__, account) not in listed
        ):
            listed.add((target.__name__, account))
            remaining = _list_until_found(target, remaining, route, account, livemode, result)
            progressed |= len(remaining) < len(ids)
        entries = _retrieve(target, sorted(remaining), route, account, gone, result)
        for chunk in chunked(entries, 100):
            batch = engine.sync_entries(chunk, within=recorder(livemode, using), after_sync=False)
            result.outcomes.append((account, batch.outcome))
            result.fetched += len(chunk)
            progressed = True
    for chunk in chunked(gone, 500):
        SyncPendingLink.objects.using(using).filter(target_id__in=list(chunk)).delete()
    return progressed


def _list_until_found(
    target: type[StripeModel],
    wanted: set[str],
    route: tuple[str, str | None],
    account: str,
    livemode: bool | None,
    result: FillResult,
) -> set[str]:
    """Page the target's list until it held every wanted object, or until the pages read
    cost as much as retrieving what is still missing (then at most twice the cheaper way)."""
    api_key, stripe_account = route
    params: dict[str, Any] = dict(target.list_params)
    if target.list_expand:
        params["expand"] = list(target.list_expand)
    remaining = set(wanted)
    pages = 0
    using = router.db_for_write(target)
    try:
        for page in stripe_api.pages(
            target.api_list_path(), params, api_key=api_key, stripe_account=stripe_account
        ):
            pages += 1
            source = Source.api(
                page.stamp,
                api_key=api_key,
                stripe_account=stripe_account,
                owner_account=account,
                fetch_missing=False,
            )
            if page.objects:
                batch = engine.sync_page(
                    target,
                    page.objects,
                    source=source,
                    within=recorder(livemode, using),
                    after_sync=False,
                )
                result.outcomes.append((account, batch.outcome))
                result.listed += len(page.objects)
            remaining -= {obj.get("id") for obj in page.objects}
            if not remaining or len(remaining) <= pages:
                break
    except stripe.StripeError as error:
        logger.warning("Could not list %s to find referenced objects: %s", target.__name__, error)
    return remaining


def _retrieve(
    target: type[StripeModel],
    ids: list[str],
    route: tuple[str, str | None],
    account: str,
    gone: list[str],
    result: FillResult,
) -> list[engine.Entry]:
    api_key, stripe_account = route
    entries = []
    for stripe_id in ids:
        try:
            data, stamp = target.fetch_for_reference(
                stripe_id, api_key=api_key, stripe_account=stripe_account
            )
        except stripe.StripeError as error:
            if getattr(error, "http_status", None) == 404:
                result.missing += 1
                gone.append(stripe_id)
            else:
                result.errors += 1
                logger.warning("Could not fetch %s %s: %s", target.__name__, stripe_id, error)
            continue
        source = Source.api(
            stamp,
            api_key=api_key,
            stripe_account=stripe_account,
            owner_account=account,
            fetch_missing=False,
        )
        entries.append(engine.Entry(target, data, source))
    return entries


def recorder(livemode: bool | None, using: str) -> engine.Within:
    """A ``within`` for the engine that stores the references a write left unlinked."""

    def within(result: engine.BatchResult) -> None:
        record(result.dangling, livemode=livemode, using=using)

    return within
