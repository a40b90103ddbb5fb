"""Once every table is filled: links applied set-based, loose ends recorded.

* children dj-stripe stored gain the link to their parent (:data:`.embedded.PARENTS`);
* many-to-many sets found in the data are added (:data:`.embedded.LINKS`);
* events get a processing status from dj-stripe's delivery log;
* references to objects the mirror does not hold are emptied and recorded as pending
  links (``SyncPendingLink``), which the next ``djstripe_sync_models`` resolves;
* the models' derived links (an invoice's charge from its payments...) are computed.
"""

from __future__ import annotations

from typing import Any, cast

from django.apps import apps as live_apps
from django.db import models

from ..fields import concrete_field, stored_field
from ..models.base import StripeModel
from ..sync import derived, registry
from ..sync.column_updates import update_column
from ..sync.rows import pks_for_ids, root_model
from .embedded import LINKS, PARENTS
from .scratch import stream

#: Rows per derived-link refresh and per parent-link update.
CHUNK = 1000


def _groups(connection: Any, table: str) -> list[tuple[str, str]]:
    """The (model label, field) pairs a waiting table holds rows for."""
    with connection.cursor() as cursor:
        quoted = connection.ops.quote_name(table)
        cursor.execute(f"SELECT DISTINCT model, field FROM {quoted}")  # noqa: S608
        return cursor.fetchall()


def apply_parent_links(connection: Any) -> int:
    """Set each stored child's parent column where its own data did not name it."""
    q = connection.ops.quote_name
    linked = 0
    for label, attname in _groups(connection, PARENTS):
        model = live_apps.get_model(label)
        field = next(f for f in model._meta.concrete_fields if f.attname == attname)
        sql = (
            f"SELECT stripe_id, value FROM {q(PARENTS)} "  # noqa: S608 - quoted name
            "WHERE model = %s AND field = %s ORDER BY stripe_id"
        )
        for _, chunk in stream(connection, sql, [label, attname], CHUNK):
            values = dict(chunk)
            pks = pks_for_ids(model, values, using=connection.alias)
            by_pk = {pks[key]: value for key, value in values.items() if key in pks}
            linked += update_column(
                field.model, field, by_pk, key="pk", only_if_null=True, using=connection.alias
            )
    return linked


def apply_many_to_many(connection: Any) -> int:
    """Add the many-to-many links the data names (joined on Stripe ids, no duplicates)."""
    q = connection.ops.quote_name
    added = 0
    for label, field_name in _groups(connection, LINKS):
        model = live_apps.get_model(label)
        m2m = model._meta.get_field(field_name)
        through = m2m.remote_field.through._meta
        parent = root_model(model)._meta
        target = root_model(m2m.related_model)._meta
        source_column, target_column = m2m.m2m_column_name(), m2m.m2m_reverse_name()
        sql = (
            f"INSERT INTO {q(through.db_table)} ({q(source_column)}, {q(target_column)}) "  # noqa: S608
            f"SELECT DISTINCT p.{q(parent.pk.column)}, t.{q(target.pk.column)} "
            f"FROM {q(LINKS)} l "
            f"JOIN {q(parent.db_table)} p ON p.{q('id')} = l.parent_id "
            f"JOIN {q(target.db_table)} t ON t.{q('id')} = l.target_id "
            "WHERE l.model = %s AND l.field = %s AND NOT EXISTS ("
            f"SELECT 1 FROM {q(through.db_table)} x WHERE x.{q(source_column)} = "
            f"p.{q(parent.pk.column)} AND x.{q(target_column)} = t.{q(target.pk.column)})"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [label, field_name])
            added += max(cursor.rowcount, 0)
    return added


def failed_events(connection: Any) -> None:
    """Events whose every delivery to dj-stripe failed are ``failed`` (so
    ``djstripe_process_events --failed`` replays them); the rest were copied as processed."""
    event = live_apps.get_model("djstripe", "Event")
    trigger = live_apps.get_model("djstripe", "WebhookEventTrigger")
    using = connection.alias
    triggers = trigger._base_manager.using(using)
    processed = triggers.filter(processed=True).values("event_id")
    failed = triggers.filter(valid=True, processed=False).values("event_id")
    event._base_manager.using(using).filter(id__in=failed).exclude(id__in=processed).update(
        djstripe_status="failed", djstripe_processed_at=None
    )


def dangling_references(connection: Any, state: Any, now: Any) -> int:
    """Empty each reference whose target the mirror does not hold, recording it as a
    pending link first (the owner account excepted: it is no reference of the data)."""
    pending = live_apps.get_model("djstripe", "SyncPendingLink")
    recorded = 0
    for model in live_apps.get_app_config("djstripe").get_models():
        if model._meta.proxy or not issubclass(model, StripeModel) or not _in_state(state, model):
            continue  # (a polymorphic base included: cards' customer column is on it)
        for field in model._meta.concrete_fields:
            if not _is_reference(field) or field.model is not model:
                continue  # each column once, with the model whose table holds it
            if field.name != "djstripe_owner_account":
                recorded += _record_pending(connection, model, field, pending, now)
            _empty(connection, field)
    return recorded


def _is_reference(field: models.Field) -> bool:
    remote = field.remote_field  # set on every relation
    if not field.is_relation or not field.concrete or remote is None or remote.parent_link:
        return False
    target = field.related_model
    return (
        isinstance(target, type)
        and issubclass(target, StripeModel)
        and stored_field(field).name == "id"
    )


def _missing(q: Any, field: models.Field, alias: str) -> str:
    target = root_model(field.related_model)._meta.db_table
    return (  # quoted names only
        f"{alias}.{q(field.column)} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {q(target)} x "  # noqa: S608
        f"WHERE x.{q('id')} = {alias}.{q(field.column)})"
    )


def _record_pending(connection: Any, model: Any, field: Any, pending: Any, now: Any) -> int:
    q = connection.ops.quote_name
    table = field.model._meta.concrete_model._meta
    root = root_model(model)._meta
    if table.db_table == root.db_table:
        source, holder = f"{q(root.db_table)} r", "r"
    else:  # the column is on a subclass's table; the row's id and state on the root's
        source, holder = (
            f"{q(table.db_table)} c JOIN {q(root.db_table)} r "
            f"ON r.{q(root.pk.column)} = c.{q(table.pk.column)}",
            "c",
        )
    columns = (
        "model_label, field_name, stripe_id, target_label, target_id, data_hash, account, "
        "livemode, created"
    )
    sql = (
        f"INSERT INTO {q(pending._meta.db_table)} ({columns}) "  # noqa: S608 - quoted names
        f"SELECT %s, %s, r.{q('id')}, %s, {holder}.{q(field.column)}, "
        f"r.{q('djstripe_hash')}, COALESCE(r.{q('djstripe_owner_account_id')}, ''), "
        f"r.{q('livemode')}, %s FROM {source} WHERE {_missing(q, field, holder)}"
    )
    params = [
        model._meta.label,
        field.attname,
        field.related_model._meta.label,
        connection.ops.adapt_datetimefield_value(now),
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return max(cursor.rowcount, 0)


def _empty(connection: Any, field: Any) -> None:
    q = connection.ops.quote_name
    table = field.model._meta.concrete_model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {q(table)} SET {q(field.column)} = NULL "  # noqa: S608 - quoted names
            f"WHERE {_missing(q, field, q(table))}"
        )


def inherit_modes(connection: Any, state: Any) -> None:
    """Rows whose data names no mode (refunds, subscription items...) take their
    parent's, as the engine gives an embedded object its parent's (twice, for chains)."""
    q = connection.ops.quote_name
    statements = []
    for parent in registry.stripe_models():
        if not _in_state(state, parent) or not parent.mode_scoped:
            continue
        for spec in parent.child_lists:
            child = registry.model_by_name(spec.model)
            if child is None or not spec.parent_field or not _in_state(state, child):
                continue
            field = concrete_field(child, spec.parent_field)
            table = cast("type[models.Model]", field.model._meta.concrete_model)._meta
            root = root_model(child)._meta
            if table.db_table != root.db_table or not child.mode_scoped:
                continue  # the mode lives on another table than the link: left unknown
            statements.append(
                f"UPDATE {q(root.db_table)} SET {q('djstripe_livemode')} = ("  # noqa: S608
                f"SELECT p.{q('djstripe_livemode')} FROM {q(root_model(parent)._meta.db_table)} p "
                f"WHERE p.{q('id')} = {q(root.db_table)}.{q(field.column)}) "
                f"WHERE {q('djstripe_livemode')} IS NULL AND {q(field.column)} IS NOT NULL"
            )
    with connection.cursor() as cursor:
        for statement in statements * 2:
            cursor.execute(statement)


def derived_links(connection: Any, state: Any) -> None:
    """Each model's derived links over all its rows, in chunks (models that only feed
    another's refresh are covered by that refresh)."""
    using = connection.alias
    for model in registry.stripe_models():
        if not derived.refreshes(model) or registry.derived_links_owner(model):
            continue
        if not _in_state(state, model):
            continue
        rows = model._base_manager.using(using).order_by("id").values_list("id", flat=True)
        last = ""
        while True:
            ids = list(rows.filter(id__gt=last)[:CHUNK])
            if not ids:
                break
            derived.refresh(model, ids, using=using)
            last = ids[-1]


def _in_state(state: Any, model: Any) -> bool:
    try:
        state.get_model("djstripe", model.__name__)
    except LookupError:
        return False
    return True
