"""A whole generated account, synced object by object through ``sync_from_stripe_data``
(in a shuffled order), leaves every reference its data names linked and no orphan."""

from __future__ import annotations

import random
from typing import Any

import pytest
from django.db import connection

from djstripe.fields import stripe_id_of
from djstripe.sync import mapping, registry

pytestmark = pytest.mark.django_db


def mirrored_objects(double: Any) -> list[tuple[Any, dict[str, Any]]]:
    pairs = []
    for model in registry.stripe_models():
        if model._meta.proxy or not model.stripe_object:
            continue
        for obj in double.objects(model.stripe_object):
            pairs.append((model, obj))
    return pairs


def test_object_by_object_sync_links_every_reference(stripe_double: Any) -> None:
    stripe_double.generate_account(customers=12, seed=5)
    pairs = mirrored_objects(stripe_double)
    assert len(pairs) > 200
    random.Random(11).shuffle(pairs)
    for model, obj in pairs:
        model.sync_from_stripe_data(obj)

    known_ids = {o["id"] for _, o in pairs}
    problems = []
    checked = 0
    platform = stripe_double.platform_account["id"]
    for model in {model for model, _ in pairs}:
        for row in model._base_manager.all():
            if row.djstripe_owner_account_id not in (platform, None):
                problems.append(f"{model.__name__} {row.id}: owner {row.djstripe_owner_account_id}")
            for column in mapping.columns(model):
                if column.reference is None:
                    continue
                expected = stripe_id_of(column.raw(row.stripe_data, None))
                if expected is None or expected not in known_ids:
                    continue  # not named by this object's own data, or not in the account
                checked += 1
                if getattr(row, column.attname) != expected:
                    problems.append(
                        f"{model.__name__} {row.id}.{column.name}: "
                        f"{getattr(row, column.attname)!r} != {expected!r}"
                    )
    assert checked > 500
    assert not problems, "\n".join(problems[:30])
    with connection.cursor() as cursor:  # no row points at a missing row
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA foreign_key_check")
            assert cursor.fetchall() == []
        elif connection.vendor == "mysql":  # checks were off while batches were written
            assert dangling_references(cursor) == []
        else:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # checks the deferred ones now


def dangling_references(cursor: Any) -> list[str]:
    """Foreign keys of djstripe's tables naming no row (one query per key)."""
    from django.apps import apps

    q = connection.ops.quote_name
    found = []
    for model in apps.get_app_config("djstripe").get_models():
        for field in model._meta.local_concrete_fields:
            if not field.is_relation or not field.db_constraint:
                continue
            target = field.target_field
            table, other = model._meta.db_table, target.model._meta.db_table
            cursor.execute(
                f"SELECT COUNT(*) FROM {q(table)} a LEFT JOIN {q(other)} b "
                f"ON a.{q(field.column)} = b.{q(target.column)} "
                f"WHERE a.{q(field.column)} IS NOT NULL AND b.{q(target.column)} IS NULL"
            )
            if cursor.fetchone()[0]:
                found.append(f"{model.__name__}.{field.name}")
    return found
