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

from typing import Any, cast

from django.db import models
from django.db.models import Q

from . import registry, rows
from .declarations import LinkSet
from .types import Model


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


def refreshes(model: Model) -> bool:
    """Whether writing ``model``'s rows has anything to refresh (its own links)."""
    return bool(getattr(model, "derived_links", ())) or hasattr(model, "after_sync")


def refresh(model: Model, ids: list[str], *, using: str) -> None:
    """``model``'s declared links, then its own ``after_sync``, for these rows."""
    for declaration in getattr(model, "derived_links", ()):
        for links in declaration.derive(ids, using):
            apply(links, using=using)
    hook = getattr(model, "after_sync", None)
    if hook is not None:
        hook(ids, using=using)


def apply(links: LinkSet, *, using: str) -> int:
    """Write the links that differ; return how many changed."""
    if not links.wanted:
        return 0
    if links.unique:
        return _set_unique(links.model, links.field, links.wanted, using=using)
    return _set(links.model, links.field, links.wanted, using=using)


def _set_unique(model: Model, field_name: str, wanted: dict[str, str], *, using: str) -> int:
    """Point a one-to-one at targets, never at a target that another row holds: bad or
    ambiguous data leaves a link unset instead of failing."""
    attname = cast(models.Field, model._meta.get_field(field_name)).attname
    targets = set(wanted.values())
    # One statement for both: the rows' current targets and the rows holding the targets.
    found = (
        model._base_manager.using(using)
        .filter(Q(id__in=list(wanted)) | Q(**{f"{attname}__in": targets}))
        .order_by()
        .values_list("id", attname)
    )
    current: dict[str, Any] = {}
    holders: dict[Any, str] = {}
    for row_id, target in found:
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
    return _update(model, attname, updates, using=using)


def _set(model: Model, field_name: str, wanted: dict[str, str], *, using: str) -> int:
    """Point a foreign key at targets where it differs."""
    attname = cast(models.Field, model._meta.get_field(field_name)).attname
    current = dict(
        model._base_manager.using(using)
        .filter(id__in=list(wanted))
        .order_by()
        .values_list("id", attname)
    )
    updates = {
        row_id: target
        for row_id, target in wanted.items()
        if row_id in current and current[row_id] != target
    }
    return _update(model, attname, updates, using=using)


def _update(model: Model, attname: str, updates: dict[str, str], *, using: str) -> int:
    if not updates:
        return 0
    column = next(f for f in model._meta.concrete_fields if f.attname == attname)
    return rows.update_column(model, column, updates, using=using)
