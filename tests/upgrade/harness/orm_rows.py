"""Rows and links read through the installed package's models (after the swap).

The ORM follows multi-table inheritance and any ``to_field``, so a row keeps the same name
(its Stripe ``id``, else its primary key) whichever table now holds the column.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.apps import apps
from django.db.models import Field, Model


def model_for_table(table: str) -> type[Model] | None:
    """The concrete model whose own table is ``table`` (proxies and link tables aside)."""
    for model in apps.get_models():
        if model._meta.db_table == table and not model._meta.proxy:
            return model
    return None


def field_names(model: type[Model]) -> set[str]:
    return {field.name for field in model._meta.concrete_fields}


def key_of(model: type[Model], prefix: str = "") -> str:
    """Lookup naming a row as the snapshot does: ``id`` if the model has it, else ``pk``."""
    return f"{prefix}{'id' if 'id' in field_names(model) else 'pk'}"


def identities(model: type[Model], with_djstripe_id: bool) -> set[tuple[Any, ...]]:
    """``(djstripe_id, id)`` of every row, or ``(id,)`` (or ``(pk,)``) when asked or absent."""
    rows = model._base_manager.all()
    names = field_names(model)
    if with_djstripe_id and {"djstripe_id", "id"} <= names:
        return {tuple(row) for row in rows.values_list("djstripe_id", "id")}
    return {(plain(value),) for value in rows.values_list(key_of(model), flat=True)}


def plain(value: Any) -> Any:
    """A key as the snapshot wrote it (UUIDs as 32 hex digits, as SQLite stores them)."""
    return value.hex if isinstance(value, uuid.UUID) else value


def foreign_key(model: type[Model], column: str) -> Field | None:
    """The relation stored in ``column`` (inherited ones included)."""
    for field in model._meta.concrete_fields:
        if field.column == column and field.is_relation:
            return field
    return None


def links(model: type[Model], field: Field) -> tuple[set[tuple[Any, Any]], list[Any]]:
    """(row, target row) for each set reference, and the rows whose reference leads nowhere."""
    target = key_of(field.related_model, f"{field.name}__")
    rows = model._base_manager.filter(**{f"{field.attname}__isnull": False})
    found, dangling = set(), []
    for key, raw, parent in rows.values_list(key_of(model), field.attname, target):
        if parent is None:
            dangling.append((key, raw))
        else:
            found.add((key, parent))
    return found, dangling
