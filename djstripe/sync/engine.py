"""The sync engine: Stripe data in, rows out, for one object or a whole page.

A sync builds a plan of rows from the data (:mod:`.plan`), completes it without
holding any database lock (:mod:`.resolve`: lookups, missing references fetched,
same-second ties re-read) and writes it in one transaction (:mod:`.write`). A caller
with a transaction of its own (webhook processing) takes the two steps apart:
:func:`prepare` outside it, :func:`apply` inside it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from django.db import router

from .. import settings as djstripe_settings
from .. import stripe_api
from ..exceptions import LivemodeConflictError
from . import burial, conflicts, registry
from .declarations import ChildList, DeletionMode
from .outcome import WRITING, Decision, Outcome
from .plan import Item, Plan, check_object
from .resolve import Resolver, mode_name
from .source import Source
from .state import PendingReread
from .types import Model
from .write import Dangling, dangling_of, write

logger = logging.getLogger(__name__)


@dataclass
class BatchResult:
    outcome: Outcome
    items: list[Item]
    """The objects handed in, in order (with their decisions)."""
    dangling: list[Dangling] = field(default_factory=list)
    """References left unlinked (see :class:`Dangling`)."""


#: Called inside the write transaction with the result, so the caller's own
#: bookkeeping (a backfill checkpoint) commits or rolls back with the rows.
Within = Callable[[BatchResult], None]


@dataclass(frozen=True)
class Entry:
    """One object of a mixed batch (events of several types, each with its own source)."""

    model: Model
    data: Any
    source: Source
    deleted: bool = False

    @classmethod
    def read(
        cls,
        model: Model,
        data: Any,
        stamp: int | None,
        *,
        api_key: str | None = None,
        stripe_account: str | None = None,
    ) -> Entry:
        """An object just read from the API (``stamp``: the response's ``Date``)."""
        source = Source.api(stamp, api_key=api_key, stripe_account=stripe_account)
        return cls(model, data, source)


def sync_object(
    model: Model,
    data: Any,
    *,
    api_key: str | None = None,
    stripe_account: str | None = None,
    source: Source | None = None,
    deleted: bool = False,
) -> Any:
    """Sync one object and return its row (``None`` when Stripe deleted it for good)."""
    raw = data
    data = stripe_api.as_data(data)
    stripe_account = stripe_account or _account_of(raw)
    if source is None:
        livemode = data.get("livemode") if isinstance(data, dict) else None
        mode = livemode if isinstance(livemode, bool) else None
        origin: dict[str, Any] = {
            "api_key": api_key or djstripe_settings.default_api_key(mode),
            "stripe_account": stripe_account,
            "livemode": mode,
        }
        stamp = _stamp_of(raw)
        # A StripeObject read from the API knows when (its response's Date); a plain dict
        # does not: it is data of unknown age (see ``source``, rule 3).
        source = Source.api(stamp, **origin) if stamp is not None else Source.given(**origin)
    result = conflicts.retrying(
        lambda: sync_page(model, [data], source=source, strict=True, deleted=deleted),
        using=_db(model),
    )
    item = result.items[0]
    if item.decision == Decision.GONE or (
        item.decision == Decision.DELETE and item.model.deletion == DeletionMode.HARD
    ):
        return None
    return item.model._base_manager.using(_db(item.model)).filter(id=item.stripe_id).first()


def sync_read(
    model: Model,
    data: Any,
    stamp: int | None,
    *,
    api_key: str | None = None,
    stripe_account: str | None = None,
    owner_account: str | None = None,
) -> Any:
    """Sync data just read from the API, stamped with Stripe's clock of that read (the
    response's ``Date``; ``None``: now); return the row. Without ``api_key``, the
    settings' key of the data's mode."""
    livemode = data.get("livemode") if isinstance(data, dict) else None
    key = api_key or djstripe_settings.default_api_key(livemode)
    origin = {"api_key": key, "stripe_account": stripe_account}
    if owner_account:
        origin["owner_account"] = owner_account
    source = Source.api(stamp, **origin)
    return sync_object(model, data, api_key=key, stripe_account=stripe_account, source=source)


def sync_deleted(
    model: Model,
    stripe_id: str,
    stamp: int | None = None,
    *,
    api_key: str | None = None,
    stripe_account: str | None = None,
) -> Any:
    """Mirror the deletion of an object Stripe answered a ``DELETE`` for (at ``stamp``,
    that answer's ``Date``; ``None``: now), as the model's ``deletion`` declares; return
    what is left of the row (a soft-deleted customer), else None."""
    stub = {"id": stripe_id, "object": model.stripe_object, "deleted": True}
    source = Source.api(stamp, api_key=api_key, stripe_account=stripe_account)
    return sync_object(model, stub, source=source, deleted=True)


def sync_read_page(
    model: Model, page: Any, *, api_key: str | None = None, stripe_account: str | None = None
) -> BatchResult:
    """Sync a page just listed from the API (a :class:`djstripe.stripe_api.Page`: its
    objects, stamped with the response's ``Date``)."""
    source = Source.api(page.stamp, api_key=api_key, stripe_account=stripe_account)
    return sync_page(model, page.objects, source=source)


@dataclass
class Prepared:
    """A change planned and resolved (every Stripe request made), waiting to be written
    inside the caller's transaction by :func:`apply`."""

    plan: Plan
    resolver: Resolver
    using: str
    lock: str = ""
    """Stripe id of the object whose concurrent writers :func:`apply` orders."""

    @property
    def writes(self) -> bool:
        """Whether applying it changes the database (False when all of it is stale): an
        object to write, or a child list to prune (a parent's list synced on its own)."""
        return any(item.decision in WRITING for item in self.plan) or any(
            prune.parent.decision in WRITING for prune in self.plan.prunes
        )


def prepare(model: Model, data: Any, *, source: Source, deleted: bool = False) -> Prepared:
    """Plan and resolve the sync of one object, with no transaction open.

    Bad input raises :class:`~djstripe.exceptions.InvalidStripeDataError`; data of the
    other mode than a stored row is left out (and logged), as in a page."""
    data = stripe_api.as_data(data)
    plan = Plan(with_owner(source))
    plan.add(model, data, top_level=True, strict=True, deleted=deleted)
    return _resolve(plan, _db(model), lock=str(data.get("id") or ""))


def prepare_children(
    parent_model: Model, parent_id: str, spec: ChildList, objects: list[Any], *, source: Source
) -> Prepared:
    """Plan and resolve a parent's complete child list (see :func:`sync_children`), with
    no transaction open."""
    plan = _children_plan(parent_model, {parent_id: objects}, spec, with_owner(source), True)
    child_model = registry.model_by_name(spec.model) or parent_model
    return _resolve(plan, _db(child_model), lock=parent_id)


def apply(prepared: Prepared | None, *, alive: frozenset[str] = frozenset()) -> Outcome:
    """Write a prepared change inside the caller's transaction (no savepoint of its own:
    a failure fails the caller's transaction as a whole); nothing when all is stale.

    On PostgreSQL it first takes a transaction-scoped lock on the object, so concurrent
    writers of one object write one after the other and each sees a deletion the other
    committed (:mod:`.burial`). ``alive``: ids of :func:`tombstone_candidates` the
    caller found without tombstones under SQLite's write lock (:func:`.burial.known_alive`).
    """
    if prepared is None:
        return Outcome()
    burial.lock_object(prepared.lock, using=prepared.using)
    outcome = Outcome()
    if prepared.writes:
        with burial.known_alive(alive):
            outcome = write(prepared.plan, prepared.resolver, using=prepared.using, savepoint=False)
    if prepared.resolver.rereads:
        _queue_rereads(prepared.resolver.rereads, prepared.using)
    return outcome


def tombstone_candidates(prepared: Prepared | None) -> list[str]:
    """Stripe ids whose tombstones :func:`apply` would look up after writing; a caller
    may look them up itself (:func:`tombstone_sql`) and pass those without to ``alive``."""
    if prepared is None or not prepared.writes:
        return []
    return burial.candidates(prepared.plan)


tombstone_sql = burial.lookup_sql


def _resolve(plan: Plan, using: str, *, lock: str = "") -> Prepared:
    resolver = Resolver(plan, using=using)
    resolver.run()
    return Prepared(plan, resolver, using, lock)


def sync_page(
    model: Model,
    objects: Iterable[Any],
    *,
    source: Source,
    strict: bool = False,
    deleted: bool = False,
    within: Within | None = None,
    after_sync: bool = True,
) -> BatchResult:
    """Sync a batch (a page) of objects of one model in one plan and one transaction.

    ``after_sync=False`` skips the models' derived-link hooks (a backfill runs them once
    at its end, over every row it wrote). With ``strict``, an object whose mirrored row
    is of the other mode raises :class:`LivemodeConflictError` before anything is
    written; otherwise it is left out, and logged (``djstripe.sync.security``)."""
    datas = [stripe_api.as_data(obj) for obj in objects]
    if strict:
        for data in datas:
            check_object(model, data)  # refuse bad input before anything else happens
    source = with_owner(source)
    plan = Plan(source)
    items: list[Item] = []
    for data in datas:
        item = plan.add(model, data, top_level=True, strict=strict, deleted=deleted)
        if item is not None:
            items.append(item)
    return _execute(plan, items, _db(model), within, after_sync, strict=strict)


def sync_entries(
    entries: Iterable[Entry], *, within: Within | None = None, after_sync: bool = True
) -> BatchResult:
    """Sync objects of any models, each with its own source, in one plan and one transaction.

    For replaying events: give each object once (its newest event); freshness stamps
    decide against what is stored.
    """
    entries = list(entries)
    if not entries:
        return BatchResult(Outcome(), [])
    owners: dict[Source, Source] = {}
    plan = Plan(with_owner(entries[0].source))
    items: list[Item] = []
    for entry in entries:
        source = owners.get(entry.source)
        if source is None:
            source = owners[entry.source] = with_owner(entry.source)
        item = plan.add(
            entry.model,
            stripe_api.as_data(entry.data),
            source=source,
            top_level=True,
            deleted=entry.deleted,
        )
        if item is not None:
            items.append(item)
    return _execute(plan, items, _db(entries[0].model), within, after_sync)


def sync_children(
    parent_model: Model,
    children: dict[str, list[Any]],
    spec: ChildList,
    *,
    source: Source,
    complete: bool = True,
    within: Within | None = None,
    after_sync: bool = True,
) -> BatchResult:
    """Sync lists read under their parents (``/v1/products/{id}/features``), one plan.

    ``children`` maps each parent's Stripe id to its whole list (``complete``), which
    links every child to its parent and, for a ``prune`` list, removes the children
    the parent no longer has. The parents themselves are not rewritten.
    """
    plan = _children_plan(parent_model, children, spec, with_owner(source), complete)
    child_model = registry.model_by_name(spec.model) or parent_model
    return _execute(plan, list(plan), _db(child_model), within, after_sync)


def _children_plan(
    parent_model: Model,
    children: dict[str, list[Any]],
    spec: ChildList,
    source: Source,
    complete: bool,
) -> Plan:
    plan = Plan(source)
    for parent_id, objects in children.items():
        parent = Item(
            parent_model,
            parent_id,
            {"id": parent_id, "object": parent_model.stripe_object},
            source,
            decision=Decision.UNCHANGED,  # as stored: only its list is being synced
        )
        datas = [stripe_api.as_data(obj) for obj in objects]
        plan.add_children(parent, spec, datas, complete=complete)
    return plan


def _execute(
    plan: Plan,
    items: list[Item],
    using: str,
    within: Within | None,
    after_sync: bool = True,
    *,
    strict: bool = False,
) -> BatchResult:
    prepared = _resolve(plan, using)
    resolver = prepared.resolver
    if strict:
        _refuse_other_mode(plan, items, resolver)
    result = BatchResult(Outcome(), items)

    def finish(outcome: Outcome) -> None:
        result.outcome = outcome
        result.dangling = [dangling_of(item, ref) for item, ref in resolver.unlinked]
        # In the write's transaction, as everything a sync stores: a transaction the
        # database failed is run again whole (.conflicts), never half of it twice.
        if resolver.rereads:
            _queue_rereads(resolver.rereads, using)
        if within is not None:
            within(result)

    write(plan, resolver, using=using, within=finish, after_sync=after_sync)
    result.items = [plan.items.get(item.key, item) for item in items]
    return result


def _refuse_other_mode(plan: Plan, items: list[Item], resolver: Resolver) -> None:
    """Raise, before anything is written, when an object handed in has a mirrored row of
    the other mode (``source``, rule 1)."""
    for handed in items:
        item = plan.items.get(handed.key, handed)
        if item.decision != Decision.REFUSED:
            continue
        state = resolver.known.get(item.key)
        hint = ""
        if not isinstance(item.data.get("livemode"), bool):
            hint = (
                " The data has no livemode: it takes the mode of the API key it is synced "
                "with (pass api_key= of the row's mode if it is that mode's data)."
            )
        raise LivemodeConflictError(
            f"{item.model.__name__} {item.stripe_id}: the data is {mode_name(item.mode)} but "
            f"the mirrored row with this id is {mode_name(state.livemode if state else None)}. "
            f"Data of one mode never overwrites the other mode's rows; nothing was written.{hint}"
        )


def with_owner(source: Source) -> Source:
    """Fill in the owner account: the connected account, else the key's platform account."""
    if source.owner_account:
        return source
    if source.stripe_account:
        return replace(source, owner_account=source.stripe_account)
    key = source.api_key or djstripe_settings.secret_key()
    if not key:
        return source
    try:
        _, account_id = stripe_api.platform_account(key)
    except Exception as error:  # noqa: BLE001 - the owner is optional; the sync goes on
        logger.warning("Could not look up the account of the API key: %s", error)
        return replace(source, api_key=key)
    return replace(source, api_key=key, owner_account=account_id)


def _queue_rereads(rereads: list[tuple[Item, str]], using: str) -> None:
    for item, reason in rereads:
        PendingReread.objects.using(using).update_or_create(
            model_name=item.model.__name__,
            stripe_id=item.stripe_id,
            defaults={
                "reason": reason[:255],
                "stripe_account": item.source.stripe_account or "",
                "livemode": item.data.get("livemode")
                if isinstance(item.data.get("livemode"), bool)
                else None,
            },
        )


def _db(model: Model) -> str:
    return router.db_for_write(model)


def _account_of(obj: Any) -> str | None:
    value = getattr(obj, "stripe_account", None)
    return value if isinstance(value, str) and value else None


def _stamp_of(obj: Any) -> int | None:
    response = getattr(obj, "last_response", None)
    headers = getattr(response, "headers", None)
    if headers:
        return stripe_api.client.stamp_from_headers(headers)
    return None
