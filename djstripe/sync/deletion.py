"""Carry out deletions as each model declares them (``deletion``, ``soft_delete``).

A deletion is the newest state of its object: a hard deletion leaves a tombstone, a
soft one a row marked deleted (a terminal state), so older data never brings the object
back (:mod:`djstripe.sync.source`, rule 2). Neither touches a row of the other mode.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connections, models

from . import guard, rows
from .declarations import DeletionMode, SoftDelete
from .plan import Item, account_model
from .resolve import Resolver
from .state import Tombstone
from .types import Model


def apply(model: Model, items: Sequence[Item], *, resolver: Resolver, now: Any, using: str) -> int:
    """Delete ``items`` (objects of ``model``) as the model declares; return how many."""
    if model.deletion == DeletionMode.SOFT:
        return _soft(model, items, resolver=resolver, now=now, using=using)
    return _hard(model, items, using=using)


def _hard(model: Model, items: Sequence[Item], *, using: str) -> int:
    """Remove the rows and remember the objects, so older data cannot bring them back."""
    created = {item.stripe_id: _epoch(item.data.get("created")) for item in items}
    unknown = [stripe_id for stripe_id, value in created.items() if value is None]
    if unknown:  # a deletion stub ({"id", "deleted": true}): the stored row knows
        for stripe_id, stored in (
            model._base_manager.using(using).filter(id__in=unknown).values_list("id", "created")
        ):
            created[stripe_id] = int(stored.timestamp()) if stored else None
    mode_of = {item.stripe_id: item.mode if model.mode_scoped else None for item in items}
    Tombstone.objects.using(using).bulk_create(
        [
            Tombstone(
                stripe_id=item.stripe_id,
                object_type=model.stripe_object,
                stamp=item.source.stamp,
                stamp_source=item.source.stamp_source,
                object_created=created[item.stripe_id],
                livemode=mode_of[item.stripe_id],
            )
            for item in items
        ],
        ignore_conflicts=True,
    )
    doomed = model._base_manager.using(using).filter(id__in=list(mode_of))
    if model.mode_scoped:  # a deletion never removes a row of the other mode
        doomed = doomed.filter(_same_mode(mode_of))
    _, per_model = doomed.delete()
    return per_model.get(model._meta.label, 0)


def _soft(model: Model, items: Sequence[Item], *, resolver: Resolver, now: Any, using: str) -> int:
    """Keep the rows, marked deleted (inserted as such when absent), and empty the
    columns the model's :class:`SoftDelete` clears."""
    spec = model.soft_delete or SoftDelete()
    accounts = account_model()
    marks = []
    for item in items:
        owner = model.owner_for(item)
        if owner and not resolver.exists(accounts, owner):
            owner = None
        mark = {
            "id": item.stripe_id,
            "djstripe_livemode": item.mode,  # never marks a row of the other mode
            "stripe_data": {"id": item.stripe_id, "object": model.stripe_object, "deleted": True},
            spec.flag: True,
            "djstripe_created": now,
            "djstripe_updated": now,
            "djstripe_stamp": item.source.stamp,
            "djstripe_stamp_source": item.source.stamp_source,
            "djstripe_owner_account_id": owner,
        }
        if spec.when:
            mark[spec.when] = now
        marks.append(mark)
    written = {spec.flag, "djstripe_updated", "djstripe_stamp", "djstripe_stamp_source"}
    _upsert_marks(model, marks, update=written | ({spec.when} if spec.when else set()), using=using)
    if spec.clear:
        # Only the rows marked above (a row of the other mode was left alone).
        model._base_manager.using(using).filter(
            id__in=[item.stripe_id for item in items], **{spec.flag: True}
        ).update(**dict.fromkeys(spec.clear))
    return len(items)


def _upsert_marks(
    model: Model, marks: list[dict[str, Any]], *, update: set[str], using: str
) -> None:
    """Insert rows made of a few known columns (the rest at their defaults), or update
    only ``update`` on rows that exist.

    A mark never touches a row of the other mode than its ``djstripe_livemode``
    (``source``, rule 1); a mark without one touches only rows whose mode is unknown."""
    root, fields = rows.table_layout(model)[0]
    keep = {f.attname for f in fields} - set(update)
    where = ""
    if guard.guard_for(model, root).mode:
        q = connections[using].ops.quote_name
        where = guard.mode_sql(using, q(root._meta.db_table), f"EXCLUDED.{q('djstripe_livemode')}")
    rows.upsert(
        root,
        fields,
        [[rows.value_or_default(values, f) for f in fields] for values in marks],
        conflict_field=root._meta.get_field("id"),
        where=where,
        keep_on_update=keep,
        using=using,
    )


def _same_mode(mode_of: dict[str, bool | None]) -> models.Q:
    """Rows whose mode is unknown, or the mode of their id in ``mode_of``."""
    condition = models.Q(djstripe_livemode__isnull=True)
    for mode in (True, False):
        ids = [stripe_id for stripe_id, value in mode_of.items() if value is mode]
        if ids:
            condition |= models.Q(id__in=ids, djstripe_livemode=mode)
    return condition


def _epoch(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None
