"""Python values -> database parameters for the engine's raw statements, fast.

Django's ``get_db_prep_save`` per value is most of the cost of a bulk upsert; here the
common cases (plain text, integers, booleans, our datetimes, JSON already encoded) skip
it, and each table's plan of which columns need it is worked out once per connection.
"""

from __future__ import annotations

import datetime
import json
import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations

from ..fields import stored_field


@dataclass(frozen=True)
class EncodedJSON:
    """A JSON value with its encoding, so a row's data is serialised once (it is also
    what ``djstripe_hash`` digests)."""

    value: Any
    text: str


#: Field classes whose database value is the Python value itself for str/int/bool input.
_PLAIN = (models.CharField, models.TextField, models.IntegerField, models.BooleanField)


_TEXT_TYPES: frozenset[type] = frozenset({str, type(None)})
_INT_TYPES: frozenset[type] = frozenset({int, type(None)})
_BOOL_TYPES: frozenset[type] = frozenset({bool, type(None)})


@dataclass(frozen=True)
class _ParamPlan:
    """How one table's rows become parameters: columns whose Python value is usually the
    database value already (text, integers, booleans) are checked per row in one C-level
    pass, and prepared one by one only when a value is unusual; the others (dates, JSON,
    decimals) always go through their preparer."""

    preparers: list[Callable[[Any], Any]]
    special: tuple[tuple[int, Callable[[Any], Any]], ...]
    checks: tuple[tuple[Callable[[Sequence[Any]], Any], frozenset[type]], ...]


def database_params(
    connection: Any, fields: tuple[models.Field, ...], rows: Sequence[Sequence[Any]]
) -> list[Any]:
    plan = _param_plan(connection, fields)
    params: list[Any] = []
    for row in rows:
        values = list(row)
        for index, prepare in plan.special:
            values[index] = prepare(values[index])
        for getter, types in plan.checks:
            if not types.issuperset(map(type, getter(values))):
                values = [
                    prepare(value) for prepare, value in zip(plan.preparers, row, strict=True)
                ]
                break
        params.extend(values)
    return params


def _param_plan(connection: Any, fields: tuple[models.Field, ...]) -> _ParamPlan:
    cache = connection.__dict__.setdefault("_djstripe_param_plans", {})
    plan = cache.get(fields)
    if plan is None:
        found_preparers = preparers(connection, fields)
        groups: dict[frozenset[type], list[int]] = {}
        special = []
        for index, f in enumerate(fields):
            kind = _plain_types(f)
            if kind is None:
                special.append((index, found_preparers[index]))
            else:
                groups.setdefault(kind, []).append(index)
        checks = tuple((_getter(indexes), types) for types, indexes in groups.items() if indexes)
        plan = cache[fields] = _ParamPlan(found_preparers, tuple(special), checks)
    return plan


def _getter(indexes: list[int]) -> Callable[[Sequence[Any]], Any]:
    if len(indexes) == 1:
        only = indexes[0]
        return lambda values: (values[only],)
    return operator.itemgetter(*indexes)


def _plain_types(field: models.Field) -> frozenset[type] | None:
    """The Python types stored as they are in this column, or None (always prepared)."""
    target = stored_field(field)
    if not isinstance(target, _PLAIN) or isinstance(target, models.AutoField | models.UUIDField):
        return None
    if isinstance(target, models.CharField | models.TextField):
        return _TEXT_TYPES
    if isinstance(target, models.BooleanField):
        return _BOOL_TYPES
    return _INT_TYPES  # not bool: Django writes True to an integer column as 1


def preparers(connection: Any, fields: tuple[models.Field, ...]) -> list[Callable[[Any], Any]]:
    """Per field, ``get_db_prep_save`` with the common cases (None, plain values, our
    datetimes and pre-encoded JSON) short-circuited; the rest goes through Django."""
    cache = connection.__dict__.setdefault("_djstripe_preparers", {})
    found = cache.get(fields)
    if found is None:
        found = cache[fields] = [_preparer(connection, f) for f in fields]
    return found


def _preparer(connection: Any, field: models.Field) -> Callable[[Any], Any]:
    save = field.get_db_prep_save
    target = stored_field(field)
    if isinstance(target, _PLAIN) and not isinstance(target, models.AutoField | models.UUIDField):
        if isinstance(target, models.CharField | models.TextField):
            simple: tuple[type, ...] = (str,)
        elif isinstance(target, models.BooleanField):
            simple = (bool,)
        else:
            simple = (int,)  # not bool: Django writes True to an integer column as 1

        def plain(value: Any) -> Any:
            if value is None or type(value) in simple:
                return value
            return save(value, connection)

        return plain
    if isinstance(field, models.DateTimeField):
        adapt = connection.ops.adapt_datetimefield_value
        utc_text = connection.vendor == "sqlite" and _utc(connection)

        # The last value and its text: every row of a batch has the same write time in
        # ``djstripe_created`` and ``djstripe_updated`` (datetimes are immutable).
        last: list[Any] = [None, None]

        def moment(value: Any) -> Any:
            if value is None:
                return None
            if value is last[0]:
                return last[1]
            if isinstance(value, datetime.datetime) and value.tzinfo is not None:
                if utc_text and value.tzinfo is datetime.UTC:
                    # What Django's SQLite adapter makes: the naive ISO text ("+00:00" cut).
                    text = value.isoformat(" ")[:-6]
                else:
                    text = adapt(value)
                last[0], last[1] = value, text
                return text
            return save(value, connection)

        return moment
    if isinstance(field, models.JSONField):
        encoded = _encoded_json_param(connection)
        as_text = _json_as_text(connection, field)

        def json_value(value: Any) -> Any:
            if value is None:
                return None
            if value.__class__ is EncodedJSON:
                return encoded(value) if encoded else save(value.value, connection)
            if as_text and isinstance(value, _JSON_CONTAINERS):
                # What Django's JSONField makes of a dict or list (a subclass too: an
                # OrderedDict that stripe-python parsed), directly.
                return "{}" if value.__class__ is dict and not value else json.dumps(value)
            return save(value, connection)

        return json_value
    return lambda value: None if value is None else save(value, connection)


_JSON_CONTAINERS = (dict, list)


def _json_as_text(connection: Any, field: models.JSONField) -> bool:
    """Whether ``field``'s database value is ``json.dumps`` of a dict or list, as Django's
    own ``JSONField`` makes it for SQLite and MySQL: then it is made here, directly."""
    kind = type(field)
    return (
        connection.vendor in ("sqlite", "mysql")
        and field.encoder is None
        and type(connection.ops).adapt_json_value is BaseDatabaseOperations.adapt_json_value
        and all(
            getattr(kind, name) is getattr(models.JSONField, name)
            for name in ("get_db_prep_save", "get_db_prep_value", "get_prep_value")
        )
    )


def _utc(connection: Any) -> bool:
    """Whether the connection stores datetimes as UTC (Django's SQLite adapter then writes
    ``str()`` of the naive UTC value)."""
    return bool(settings.USE_TZ) and str(connection.timezone) == "UTC"


def _encoded_json_param(connection: Any) -> Callable[[EncodedJSON], Any] | None:
    """How to pass already-encoded JSON to this database, or None to encode again."""
    if connection.vendor in ("sqlite", "mysql"):  # JSON travels as its text
        return lambda value: value.text
    if connection.vendor == "postgresql":
        try:
            # lazy: an optional dependency (psycopg 3); psycopg2 adapts JSON itself
            from psycopg.types.json import Jsonb
        except ImportError:  # psycopg2: let Django adapt it
            return None

        def adapt(value: Any) -> Any:
            text = value.text
            return Jsonb(value.value, dumps=lambda _obj: text)

        return adapt
    return None
