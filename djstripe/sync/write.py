"""Write a resolved plan in one transaction: guarded upserts per table, deletions,
children pruned, many-to-many sets replaced, derived links refreshed.
"""

from __future__ import annotations

import functools
import operator
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import models, transaction
from django.utils import timezone

from .. import settings as djstripe_settings
from ..fields import concrete_field
from . import burial, deletion, derived, dialects, guard, mapping, rows
from .outcome import WRITTEN, Decision, Outcome
from .params import EncodedJSON
from .plan import Item, Plan, Reference, account_model, fetches, mapping_table
from .resolve import Resolver
from .source import API
from .state import Tombstone

if TYPE_CHECKING:
    from ..models.base import StripeModel


@dataclass(frozen=True)
class Dangling:
    """A reference written as NULL because its target is not mirrored (yet).

    Produced when references are not fetched: by a backfill's pages (a later page or
    partition usually supplies the target), or everywhere when
    ``DJSTRIPE_FETCH_MISSING_REFERENCES`` is off. They are stored as pending links, and
    a backfill links the row set-based once the target exists.
    """

    model: type[StripeModel]
    stripe_id: str
    attname: str
    target: type[StripeModel]
    target_id: str
    data_hash: str
    owner: str | None


def dangling_of(item: Item, ref: Reference) -> Dangling:
    """A reference the write left empty (see ``Resolver.unlinked``)."""
    attname = ref.column.attname if ref.column is not None else "djstripe_owner_account_id"
    return Dangling(
        item.model,
        item.stripe_id,
        attname,
        ref.target,
        ref.stripe_id,
        item.data_hash(),
        item.model.owner_for(item),
    )


def write(
    plan: Plan,
    resolver: Resolver,
    *,
    using: str = "default",
    within: Callable[[Outcome], None] | None = None,
    after_sync: bool = True,
    savepoint: bool = True,
) -> Outcome:
    """Write the plan in one transaction; ``within(outcome)`` runs last, inside it.

    ``after_sync=False`` leaves the models' derived links to the caller (a backfill
    refreshes them once, set-based, when every table is filled). ``savepoint=False``
    joins the caller's transaction without a savepoint of its own: a failure then
    fails the caller's whole transaction (webhook processing wants exactly that)."""
    outcome = Outcome()
    by_model = _in_lock_order(plan)
    now = timezone.now()
    with (
        transaction.atomic(using=using, savepoint=savepoint),
        dialects.deferred_foreign_keys(using),
    ):
        for model, items in by_model.items():
            _write_model(model, items, resolver, now, outcome, using)
        for item, decision in burial.bury_again(plan, using=using):
            name = item.model.__name__
            (outcome.created if decision == Decision.INSERT else outcome.updated)[name] -= 1
            outcome.skipped[name] += 1
        _prune(plan, resolver, using, outcome)
        _many_to_many(plan, resolver, using)
        if after_sync:
            written = {
                model: [i.stripe_id for i in items if i.decision in WRITTEN]
                for model, items in by_model.items()
            }
            derived.run_after_sync(written, using=using)
        _remember_unlinked(resolver, using)
        if within is not None:
            within(outcome)
    return outcome


def _in_lock_order(plan: Plan) -> dict[Any, list[Item]]:
    """The plan's items by model, in the order every writer takes row locks: models by
    table name, rows by Stripe id. Two pages that embed the same objects (prices in
    subscriptions listed by two partitions at once) then lock them in the same order and
    wait for each other instead of deadlocking (see :mod:`.conflicts`)."""
    by_model: dict[Any, list[Item]] = defaultdict(list)
    for item in plan:
        by_model[item.model].append(item)
    return {
        model: sorted(by_model[model], key=_stripe_id_of)
        for model in sorted(by_model, key=lambda model: model._meta.db_table)
    }


def _stripe_id_of(item: Item) -> str:
    return item.stripe_id


def _remember_unlinked(resolver: Resolver, using: str) -> None:
    """With ``DJSTRIPE_FETCH_MISSING_REFERENCES`` off, store the references left NULL as
    pending links (as a backfill stores its pages'), so the next backfill links them.
    A backfill's own pages (``fetch_missing=False``) are stored by the backfill."""
    if djstripe_settings.fetch_missing_references():
        return
    by_mode: dict[bool | None, list[Dangling]] = defaultdict(list)
    for item, ref in resolver.unlinked:
        if item.source.fetch_missing and item.decision in (Decision.INSERT, Decision.UPDATE):
            by_mode[item.mode].append(dangling_of(item, ref))
    if not by_mode:
        return
    # lazy: cycle: sync.links -> sync.engine -> sync.write
    from . import links  # links imports the engine, which imports this module

    for mode, found in by_mode.items():
        links.record(found, livemode=mode, using=using)


def _write_model(
    model: type[StripeModel],
    items: list[Item],
    resolver: Resolver,
    now: Any,
    outcome: Outcome,
    using: str,
) -> None:
    name = model.__name__
    upserts = [i for i in items if i.decision in (Decision.INSERT, Decision.UPDATE)]
    unchanged = [i for i in items if i.decision == Decision.UNCHANGED]
    deletions = [i for i in items if i.decision == Decision.DELETE]
    outcome.skipped[name] += sum(1 for i in items if i.decision in (Decision.SKIP, Decision.GONE))
    refused = [i for i in items if i.decision == Decision.REFUSED]
    if refused:  # logged by the resolver
        outcome.refused[name] += len(refused)
    if upserts:
        _upsert(model, upserts, resolver, now, using)
        reborn = [i.stripe_id for i in upserts if i.stripe_id in resolver.tombstones]
        if reborn:  # an id used again for a new object (see Tombstone.object_created)
            Tombstone.objects.using(using).filter(stripe_id__in=reborn).delete()
        for item in upserts:
            if item.decision == Decision.SKIP:  # a concurrent writer stored fresher data
                outcome.skipped[name] += 1
                continue
            kind = outcome.created if item.decision == Decision.INSERT else outcome.updated
            kind[name] += 1
    checks_mode = guard.guard_for(model, mapping_table(model)).mode
    for (stamp, stamp_source, floor, mode), group in _by_stamp(unchanged).items():
        rows.bump_stamps(
            model,
            [i.stripe_id for i in group],
            stamp=stamp,
            stamp_source=stamp_source,
            floor=floor,
            mode=mode,
            check_mode=checks_mode,
            using=using,
        )
    outcome.unchanged[name] += len(unchanged)
    if deletions:
        outcome.deleted[name] += deletion.apply(
            model, deletions, resolver=resolver, now=now, using=using
        )


def _by_stamp(items: Sequence[Item]) -> dict[tuple[int, str, int | None, bool | None], list[Item]]:
    groups: dict[tuple[int, str, int | None, bool | None], list[Item]] = defaultdict(list)
    for item in items:
        key = (item.source.stamp, item.source.stamp_source, item.floor, item.mode)
        groups[key].append(item)
    return groups


def row_values(item: Item, resolver: Resolver, now: Any) -> dict[str, Any]:
    values = item.values.copy()
    exists = resolver.exists_key
    for ref in item.references:
        column = ref.column
        if column is None:
            continue
        attname = column.attname
        if values.get(attname) == ref.stripe_id and not exists(ref.key):
            values[attname] = None
            if not fetches(item.source) and resolver.missing(ref.target, ref.stripe_id):
                resolver.unlinked.append((item, ref))
    model, source = item.model, item.source
    owner = model.owner_for(item)
    values["id"] = item.stripe_id
    values["stripe_data"] = item.data
    values["djstripe_owner_account_id"] = owner
    values["djstripe_created"] = now
    values["djstripe_updated"] = now
    values["djstripe_stamp"] = source.stamp
    values["djstripe_stamp_source"] = source.stamp_source
    values["djstripe_stamp_floor"] = item.floor
    values["djstripe_livemode"] = item.mode if model.mode_scoped else None
    values["djstripe_hash"] = item.data_hash()
    if owner is not None and not exists((mapping_table(account_model()), owner)):
        values["djstripe_owner_account_id"] = None
        if not djstripe_settings.fetch_missing_references() and resolver.missing(
            account_model(), owner
        ):
            resolver.unlinked.append((item, Reference(None, account_model(), owner)))
    return values


def _upsert(
    model: type[StripeModel], items: list[Item], resolver: Resolver, now: Any, using: str
) -> None:
    layout = rows.table_layout(model)
    prepared = [row_values(item, resolver, now) for item in items]
    model.adjust_rows(items, prepared, using=using)
    for item, values in zip(items, prepared, strict=True):
        if values["stripe_data"] is item.data:  # serialise once: the hash digests this text
            values["stripe_data"] = EncodedJSON(item.data, item.encoded())
    _release_taken_links(model, prepared, using)
    sticky = {c.attname for c in mapping.columns(model) if c.sticky}
    sticky |= _attnames(model, model.sticky_fields)  # "subscriber" -> "subscriber_id"
    keep = {"djstripe_created", *(_attnames(model, model.local_fields) - sticky)}
    root, root_fields = layout[0]
    if hasattr(model, "polymorphic_ctype_id"):
        ctype = _content_type_id(model, using)
        for values in prepared:
            values["polymorphic_ctype_id"] = ctype
    id_field = root._meta.get_field("id")
    returned = rows.upsert(
        root,
        root_fields,
        _rows(root_fields, prepared),
        conflict_field=id_field,
        where=guard.guard_sql(using, root._meta.db_table, guard.guard_for(model, root)),
        sticky=sticky,
        keep_on_update=keep,
        returning=id_field,
        with_inserted=True,
        using=using,
    )
    _settle_decisions(items, returned)
    if len(layout) == 1:
        return
    written = [stripe_id for stripe_id, _ in returned]
    pks = rows.pks_for_ids(root, written, using=using)
    written_set = set(written)
    for table, fields in layout[1:]:
        pointer = next(f for f in fields if f.primary_key)
        table_rows = []
        for values in prepared:
            if values["id"] not in written_set:
                continue
            values[pointer.attname] = pks[values["id"]]
            table_rows.append([rows.value_or_default(values, f) for f in fields])
        rows.upsert(
            table,
            fields,
            table_rows,
            conflict_field=pointer,
            sticky=sticky,
            keep_on_update=keep,
            using=using,
        )


def _settle_decisions(items: list[Item], returned: list[tuple[str, bool]]) -> None:
    """Decisions as the upsert carried them out, not as the lookup before it expected.

    Between the lookup and the write, a concurrent writer (another backfill partition
    whose page embeds the same object, a webhook) may have created the row: it was then
    updated, not created; or written fresher data: then nothing was written (skipped).
    """
    inserted = dict(returned)
    for item in items:
        if item.stripe_id not in inserted:
            item.decision = Decision.SKIP
        elif item.decision == Decision.INSERT and not inserted[item.stripe_id]:
            item.decision = Decision.UPDATE


@functools.cache
def _unique_links(model: type[StripeModel]) -> tuple[models.Field, ...]:
    return tuple(
        f
        for f in model._meta.concrete_fields
        if f.is_relation
        and f.unique
        and not f.primary_key
        and not getattr(f.remote_field, "parent_link", False)
    )


def _release_taken_links(
    model: type[StripeModel], prepared: list[dict[str, Any]], using: str
) -> None:
    """Empty one-to-one links that another row holds or an earlier row of the batch claims.

    Contradicting data (two invoices naming one charge) must not fail the batch on
    the unique constraint; the raw value stays in ``stripe_data``. One query per
    one-to-one column.
    """
    for link in _unique_links(model):
        attname = link.attname
        wanted = {values[attname] for values in prepared if values.get(attname) is not None}
        if not wanted:
            continue
        holders = dict(
            model._base_manager.using(using)
            .filter(**{f"{attname}__in": wanted})
            .values_list(attname, "id")
        )
        claimed: set[Any] = set()
        for values in prepared:
            target = values.get(attname)
            if target is None:
                continue
            if target in claimed or holders.get(target, values["id"]) != values["id"]:
                values[attname] = None
            else:
                claimed.add(target)


def _rows(fields: Sequence[models.Field], prepared: list[dict[str, Any]]) -> list[Any]:
    """Each row's values in ``fields`` order, defaults for the fields it does not set."""
    defaults = {f.attname: f.get_default() for f in fields}
    pick = operator.itemgetter(*defaults)
    if len(fields) == 1:
        return [(pick({**defaults, **values}),) for values in prepared]
    names = defaults.keys()
    # A row that sets every field (the common case) needs no merge with the defaults.
    return [
        pick(values) if values.keys() >= names else pick({**defaults, **values})
        for values in prepared
    ]


def _attnames(model: type[StripeModel], names: Sequence[str]) -> set[str]:
    result = set()
    for name in names:
        try:
            result.add(concrete_field(model, name).attname)
        except Exception:  # noqa: BLE001 - a name that is not a field
            result.add(name)
    return result


def _content_type_id(model: type[StripeModel], using: str) -> int:
    # lazy: a django.contrib.contenttypes model, needed only for polymorphic rows
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.db_manager(using).get_for_model(model, for_concrete_model=False).pk


def _prune(plan: Plan, resolver: Resolver, using: str, outcome: Outcome) -> None:
    groups: dict[tuple[Any, str, bool], tuple[list[str], set[str]]] = {}
    for prune in plan.prunes:
        # A parent written for the first time has no stored children to remove (their
        # foreign key could not name it), so only stored parents cost a query.
        if prune.parent.decision not in (Decision.UPDATE, Decision.UNCHANGED):
            continue
        key = (prune.model, prune.parent_field, prune.apart)
        parents, keep = groups.setdefault(key, ([], set()))
        parents.append(prune.parent.stripe_id)
        keep |= prune.keep

    # Objects this batch writes are never pruned by a list that does not show them: their
    # own data (a card naming its account) is as fresh as the list (the account fetched
    # to resolve that reference), and removing them would lose it.
    written = {i.stripe_id for i in plan if i.decision in ("insert", "update", "unchanged")}
    for (model, parent_field, apart), (parents, keep) in groups.items():
        stored = resolver.related.children.get((model, parent_field))
        if stored is not None and all(parent in stored for parent in parents):
            candidates: Iterable[str] = {c for parent in parents for c in stored[parent] - keep}
        else:
            candidates = (
                model._base_manager.using(using)
                .filter(**{f"{parent_field}__in": parents})
                .exclude(id__in=keep)
                .values_list("id", flat=True)
            )
        stale = sorted(stripe_id for stripe_id in candidates if stripe_id not in written)
        if not stale:
            continue
        parents_of = [p.parent for p in plan.prunes if p.model is model]
        stamp = max(parent.source.stamp for parent in parents_of)
        modes = {parent.mode for parent in parents_of}
        mode = modes.pop() if len(modes) == 1 and model.mode_scoped else None
        doomed = model._base_manager.using(using).filter(id__in=stale)
        if apart:
            doomed = doomed.filter(**_older_than(parents_of))
        else:
            Tombstone.objects.using(using).bulk_create(
                [
                    Tombstone(
                        stripe_id=s, object_type=model.stripe_object, stamp=stamp, livemode=mode
                    )
                    for s in stale
                ],
                ignore_conflicts=True,
            )
        if mode is not None:  # a list of one mode never removes rows of the other
            doomed = doomed.exclude(djstripe_livemode=not mode)
        deleted = doomed.delete()[1]
        outcome.deleted[model.__name__] += deleted.get(model._meta.label, 0)


def _older_than(parents: list[Item]) -> dict[str, int]:
    """Rows a list read apart from its parent is fresher than: a newer read may have
    written the others (an API read wins a same-second tie, as everywhere)."""
    source = max((parent.source for parent in parents), key=lambda source: source.stamp)
    lookup = "djstripe_stamp__lte" if source.kind == API else "djstripe_stamp__lt"
    return {lookup: source.stamp}


def _many_to_many(plan: Plan, resolver: Resolver, using: str) -> None:
    groups: dict[tuple[Any, str], dict[str, list[str]]] = defaultdict(dict)
    for link in plan.many_to_many:
        if link.parent.decision not in WRITTEN:
            continue
        groups[(link.parent.model, link.field_name)][link.parent.stripe_id] = link.target_ids
    decisions = {
        (link.parent.model, link.parent.stripe_id): link.parent.decision
        for link in plan.many_to_many
    }
    for (model, field_name), targets in groups.items():
        m2m = model._meta.get_field(field_name)
        stored = resolver.related.links.get((model, field_name))
        if stored is not None:
            # Sets already stored as the data has them (the common case) cost no query.
            targets = {
                parent: ids
                for parent, ids in targets.items()
                if parent not in stored
                or stored[parent] != {t for t in ids if resolver.exists(m2m.related_model, t)}
            }
        # Stored sets to replace: an updated parent's, or an unchanged one's that names
        # targets (they may have been mirrored since). New parents have no stored set.
        replaced = [
            parent
            for parent, ids in targets.items()
            if decisions[(model, parent)] == Decision.UPDATE
            or (decisions[(model, parent)] == Decision.UNCHANGED and ids)
        ]
        if not replaced and not any(targets.values()):
            continue  # nothing stored to change, nothing to add: no query
        through = m2m.remote_field.through
        source_col = m2m.m2m_field_name()
        target_col = m2m.m2m_reverse_field_name()
        target_model = m2m.related_model
        parent_pks = rows.pks_for_ids(model, targets.keys(), using=using)
        target_pks = rows.pks_for_ids(
            target_model, {t for ids in targets.values() for t in ids}, using=using
        )
        stale = [parent_pks[parent] for parent in replaced if parent in parent_pks]
        if stale:
            through._base_manager.using(using).filter(**{f"{source_col}__in": stale}).delete()
        links = []
        for parent_id, ids in targets.items():
            if parent_id not in parent_pks:
                continue
            for target_id in dict.fromkeys(ids):
                if target_id in target_pks:
                    links.append(
                        through(
                            **{
                                f"{source_col}_id": parent_pks[parent_id],
                                f"{target_col}_id": target_pks[target_id],
                            }
                        )
                    )
        through._base_manager.using(using).bulk_create(links, ignore_conflicts=True)
