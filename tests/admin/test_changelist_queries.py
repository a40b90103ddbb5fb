"""No changelist runs a query per row: 3 rows and 30 rows cost the same queries."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.db import connection, models
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ..conftest import example
from ..webhooks.conftest import endpoint_data, event, post
from .conftest import changelist_url, mirror_everything

pytestmark = pytest.mark.django_db

FEW, MANY = 3, 30


def test_no_changelist_runs_a_query_per_row(double, admin_client, site):
    mirror_everything()
    _sample_bookkeeping_rows()
    registered = [m for m in site._registry if m._meta.app_label == "djstripe"]
    costs, empty = {}, []
    for model in registered:
        if not model._base_manager.exists():
            empty.append(model.__name__)
            continue
        few = _queries_with(model, FEW, admin_client)
        many = _queries_with(model, MANY, admin_client)
        if few != many:
            costs[model.__name__] = (few, many)
    assert empty == []
    assert costs == {}


def test_rows_are_labelled_by_their_stripe_id_without_loading_their_data(double, admin_client):
    from djstripe.models import Invoice

    mirror_everything()
    invoice = Invoice.objects.order_by("pk").first()

    listing = admin_client.get(changelist_url(Invoice))

    assert f'aria-label="Select this object for an action - {invoice.id}"' in listing.text


def _queries_with(model: Any, rows: int, client: Any) -> int:
    fill(model, rows)
    assert model._base_manager.count() == rows, model.__name__
    client.get(changelist_url(model))  # warm process-wide caches (content types)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(changelist_url(model))
    assert response.status_code == 200, model.__name__
    assert len(response.context["cl"].result_list) == rows, model.__name__
    return len(queries)


def fill(model: Any, rows: int) -> None:
    """Give ``model`` exactly ``rows`` rows: copies of its rows in turn (same references,
    so a column that follows one per row shows up as one query per copy; a polymorphic
    base keeps the same mix of concrete types)."""
    existing = list(model._base_manager.order_by("pk").values_list("pk", flat=True))
    if len(existing) > rows:
        model._base_manager.filter(pk__in=existing[rows:]).delete()
        return
    for n in range(rows - len(existing)):
        copy = model._base_manager.get(pk=existing[n % len(existing)])
        _make_new(copy, n)
        copy.save(force_insert=True)


def _make_new(row: Any, n: int) -> None:
    """Turn a loaded row into a new one: no primary key, unique values changed."""
    suffix = f"x{n}{uuid.uuid4().hex[:6]}"
    for parent in row._meta.get_parent_list():  # multi-table inheritance (sources)
        setattr(row, parent._meta.pk.attname, None)
        link = row._meta.get_ancestor_link(parent)
        if link is not None:
            setattr(row, link.attname, None)
    row.pk = None
    row._state.adding = True
    for field in row._meta.concrete_fields:
        if field.primary_key:
            continue
        if field.unique or _in_unique_constraint(row._meta, field):
            setattr(row, field.attname, _unique_value(field, getattr(row, field.attname), suffix))


def _in_unique_constraint(opts: Any, field: Any) -> bool:
    together = [c.fields for c in opts.constraints if isinstance(c, models.UniqueConstraint)]
    together += list(opts.unique_together)
    return isinstance(field, models.CharField) and any(field.name in names for names in together)


def _unique_value(field: Any, value: Any, suffix: str) -> Any:
    if isinstance(field, models.UUIDField):
        return uuid.uuid4()
    if isinstance(field, models.CharField) and not field.is_relation:
        return f"{value or ''}{suffix}"[-field.max_length :]
    if isinstance(field, models.IntegerField) and not field.is_relation:
        return int(uuid.uuid4().int % 1_000_000_000)
    return value


def _sample_bookkeeping_rows() -> None:
    """One row of each bookkeeping model a backfill would leave (and an API key)."""
    from django.core.management import call_command

    from djstripe.models import (
        APIKey,
        IdempotencyKey,
        PendingReread,
        SyncPendingLink,
        Tombstone,
        WebhookEndpoint,
    )
    from djstripe.sync.state import ObjectLock

    call_command("djstripe_sync_models", "Product", verbosity=0)  # a run, its checkpoints
    APIKey.objects.get_or_create(secret="sk_test_admin0queries0key", defaults={"name": "k"})
    Tombstone.objects.create(stripe_id="cus_gone", object_type="customer", stamp=1)
    PendingReread.objects.create(stripe_id="cus_x", model_name="Customer", reason="test")
    SyncPendingLink.objects.create(
        model_label="djstripe.Charge",
        stripe_id="ch_x",
        field_name="customer_id",
        target_label="djstripe.Customer",
        target_id="cus_x",
        data_hash="0" * 32,
    )
    IdempotencyKey.objects.create(action="customer:create:1", livemode=False)
    ObjectLock.objects.get_or_create(slot=1)  # taken by writers on MySQL only
    endpoint = WebhookEndpoint.sync_from_stripe_data(endpoint_data())
    delivery = event("customer.created", example("customer"))
    assert post(Client(), endpoint, delivery).status_code == 200  # a WebhookEventTrigger
