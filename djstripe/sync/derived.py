"""Links derived from other mirrored rows, refreshed after a write, set-based.

A model declares them (``derived_links``: :class:`~.declarations.DerivedLinks`, each a
function that reads the mirror and says which links it wants); the engine writes what
differs, a few statements per batch. A model whose rows only feed another model's links
(``derived_links_of``: charges and invoice payments feed the invoices') contributes the
subjects its rows lead to, so a write holding an invoice, its payments and its charge
refreshes that invoice once. A model may also define an ``after_sync(ids, *, using)``
classmethod for a refresh of its own (a customer's legacy default source).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, Any

from django.db import models

from ..fields import concrete_field
from . import column_updates, registry, selects
from .declarations import LinkSet

if TYPE_CHECKING:
    from ..models.base import StripeModel


def run_after_sync(written: dict[Any, list[str]], *, using: str) -> None:
    """Refresh what the rows just written (model -> Stripe ids) lead to, each model once."""
    subjects: dict[Any, list[str]] = {}
    for model, ids in written.items():
        if not ids:
            continue
        owner = registry.derived_links_owner(model)
        if owner is None:
            subjects.setdefault(model, []).extend(ids)
        else:
            subjects.setdefault(owner, []).extend(model.derived_subjects(ids, using=using))
    for model, ids in subjects.items():
        if ids and refreshes(model):
            refresh(model, list(dict.fromkeys(ids)), using=using)


def refreshes(model: type[StripeModel]) -> bool:
    """Whether writing ``model``'s rows has anything to refresh (its own links)."""
    return bool(getattr(model, "derived_links", ())) or hasattr(model, "after_sync")


def refresh(model: type[StripeModel], ids: list[str], *, using: str) -> None:
    """``model``'s declared links, then its own ``after_sync``, for these rows."""
    for declaration in getattr(model, "derived_links", ()):
        apply_all(declaration.derive(ids, using), using=using)
    hook = getattr(model, "after_sync", None)
    if hook is not None:
        hook(ids, using=using)


def apply(links: LinkSet, *, using: str) -> int:
    """Write the links that differ; return how many changed."""
    return apply_all([links], using=using)


def apply_all(link_sets: list[LinkSet], *, using: str) -> int:
    """Write the links of one derivation that differ; return how many changed.

    Each model's link columns are read in one statement and written in one: on
    PostgreSQL an ``UPDATE`` rewrites the whole row and every index of it, so an invoice
    whose PaymentIntent and charge both change is rewritten once, not twice; and an
    invoice's two links from its payments cost one ``SELECT``, not one per column. Sets
    of one derivation name different columns (each is read before any is written); a
    column named twice is written in turn, as declared."""
    changed = 0
    pending: dict[Any, dict[models.Field, LinkSet]] = {}
    for links in link_sets:
        if not links.wanted:
            continue
        column = _column(links.model, links.field)
        columns = pending.setdefault(links.model, {})
        if column in columns:  # read after the earlier write, as declared
            changed += _write(links.model, _differing(links.model, columns, using), using=using)
            columns.clear()
        columns[column] = links
    differing = [(model, _differing(model, columns, using)) for model, columns in pending.items()]
    for model, updates in differing:  # every model read before any is written
        changed += _write(model, updates, using=using)
    return changed


def _column(model: type[StripeModel], field_name: str) -> models.Field:
    attname = concrete_field(model, field_name).attname
    return next(f for f in model._meta.concrete_fields if f.attname == attname)


def _write(
    model: type[StripeModel], columns: dict[models.Field, dict[str, str]], *, using: str
) -> int:
    updates = {column: values for column, values in columns.items() if values}
    if not updates:
        return 0
    return column_updates.update_columns(model, updates, using=using)


def _differing(
    model: type[StripeModel], columns: dict[models.Field, LinkSet], using: str
) -> dict[models.Field, dict[str, str]]:
    """The rows to change, per column: their current links and the rows holding the
    wanted targets of the one-to-one columns, read in one statement."""
    ids: set[str] = set()
    held: list[tuple[str, Collection[Any]]] = []
    for column, links in columns.items():
        ids.update(links.wanted)
        if links.unique:
            held.append((column.attname, set(links.wanted.values())))
    attnames = [column.attname for column in columns]
    rows = selects.rows_in(model, ["id", *attnames], [("id", ids), *held], using=using)
    return {
        column: (_unique_updates if links.unique else _updates)(links.wanted, rows, index)
        for index, (column, links) in enumerate(columns.items(), start=1)
    }


def _unique_updates(wanted: dict[str, str], rows: list[Any], index: int) -> dict[str, str]:
    """Point a one-to-one at targets, never at a target that another row holds: bad or
    ambiguous data leaves a link unset instead of failing. ``rows``: (id, links...), the
    column's link at ``index``; every row in ``wanted`` and every row holding a target."""
    targets = set(wanted.values())
    current: dict[str, Any] = {}
    holders: dict[Any, str] = {}
    for row in rows:
        row_id, target = row[0], row[index]
        if row_id in wanted:
            current[row_id] = target
        if target in targets:
            holders[target] = row_id
    claimed: set[str] = set()
    updates: dict[str, str] = {}
    for row_id, target in wanted.items():
        if row_id not in current or target in claimed:
            continue
        claimed.add(target)
        holder = holders.get(target)
        if current[row_id] != target and holder in (None, row_id):
            updates[row_id] = target
    return updates


def _updates(wanted: dict[str, str], rows: list[Any], index: int) -> dict[str, str]:
    """Point a foreign key at targets where it differs (``rows`` as for
    :func:`_unique_updates`)."""
    current = {row[0]: row[index] for row in rows if row[0] in wanted}
    return {
        row_id: target
        for row_id, target in wanted.items()
        if row_id in current and current[row_id] != target
    }
