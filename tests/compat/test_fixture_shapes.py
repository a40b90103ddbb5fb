"""Stripe's published example objects, as they really come: synced directly and
delivered in every event type that carries them.

Every example object of ``fixtures3.json`` whose ``object`` is mirrored goes
through ``Model.sync_from_stripe_data`` and through a signed webhook delivery of
each event type (``djstripe.event_types``) whose payload is that object. Nothing
may raise, every delivery is answered 200 with its event processed, and every
typed column is filled wherever the data has a value for it.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from djstripe.event_types import EVENT_TYPES

from .conftest import deliver, event_for

FIXTURES = json.loads(
    (Path(__file__).parents[2] / "djstripe" / "testing" / "data" / "fixtures3.json").read_text()
)["resources"]

#: Event type prefix -> the ``object`` names its events carry, where the prefix is not
#: itself the object name (Stripe's event reference, "Types of events").
CARRIED_BY_PREFIX: dict[str, tuple[str, ...]] = {
    "account.external_account": ("bank_account", "card"),
    "application_fee.refund": ("fee_refund",),
    "charge.dispute": ("dispute",),
    "charge.refund": ("refund",),
    "customer.discount": ("discount",),
    "customer.source": ("card", "bank_account", "source"),
    "customer.subscription": ("subscription",),
    "customer.tax_id": ("tax_id",),
    "sigma.scheduled_query_run": ("scheduled_query_run",),
    "source.transaction": ("source_transaction",),
}


#: Examples whose data fill no typed column (every column they could fill is empty in
#: the published example).
NO_TYPED_COLUMNS: set[str] = set()


def _mirrored() -> dict[str, str]:
    from djstripe.sync import registry

    out = {}
    for name in sorted(FIXTURES):
        model = registry.model_for_object(name)
        if model is not None:
            out[name] = model.__name__
    return out


def _carried(event_type: str) -> tuple[str, ...]:
    prefix = event_type.rsplit(".", 1)[0]
    if prefix in CARRIED_BY_PREFIX:
        return CARRIED_BY_PREFIX[prefix]
    # ``issuing_card.created`` carries an ``issuing.card``.
    return (prefix, prefix.replace("_", ".", 1)) if prefix.startswith("issuing_") else (prefix,)


def _event_cases() -> list[Any]:
    mirrored = _mirrored_names()
    cases = []
    for event_type in EVENT_TYPES:
        for name in _carried(event_type):
            if name in mirrored and name in FIXTURES:
                cases.append(pytest.param(name, event_type, id=f"{event_type}:{name}"))
    return cases


def _mirrored_names() -> set[str]:
    """Object names with a mirrored model (no Django needed: read from the registry lazily)."""
    import django

    django.setup()
    return set(_mirrored())


def example(name: str) -> dict[str, Any]:
    """The published example; a few have ``"id": ""``, which no real object has."""
    data = copy.deepcopy(FIXTURES[name])
    if data.get("id") == "":
        data["id"] = f"{name.replace('.', '_')}_compat_example"
    return data


def assert_typed_columns(row: Any, data: dict[str, Any]) -> int:
    """Every column the data has a value for holds a value (references: the Stripe id)."""
    from djstripe.sync import mapping

    model = type(row)
    row = model._base_manager.get(pk=row.pk)
    empty = []
    checked = 0
    for column in mapping.columns(model):
        if column.name in model.local_fields:
            continue
        raw = column.raw(data, None)
        if raw is None or raw == "" or raw == [] or raw == {}:
            continue
        checked += 1
        value = getattr(row, column.attname)
        if column.reference is not None or column.field.is_relation:
            target = column.field.related_model
            stripe_id = raw if isinstance(raw, str) else (raw or {}).get("id")
            if stripe_id and target._base_manager.filter(id=stripe_id).exists():
                if value != stripe_id:
                    empty.append(f"{column.name}={value!r} (data: {stripe_id})")
            continue
        if value is None:
            empty.append(f"{column.name} (data: {raw!r})")
    assert not empty, f"{model.__name__} {row.id}: columns left empty: {empty}"
    return checked


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("name", sorted(_mirrored_names()))
def test_sync_from_stripe_data(double: Any, name: str) -> None:
    from djstripe.sync import registry

    model = registry.model_for_object(name)
    data = example(name)
    row = model.sync_from_stripe_data(data)
    assert row is not None and row.pk is not None
    assert row.id == data["id"]
    assert assert_typed_columns(row, data) > 0 or name in NO_TYPED_COLUMNS


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("name", "event_type"), _event_cases())
def test_webhook_delivery(double: Any, webhook_endpoint: Any, name: str, event_type: str) -> None:
    from djstripe.models import Event
    from djstripe.sync import registry

    data = example(name)
    event = event_for(event_type, data)
    response = deliver(webhook_endpoint, event)
    assert response.status_code == 200, response.content
    stored = Event.objects.get(id=event["id"])
    assert stored.type == event_type
    assert stored.djstripe_status == "processed", stored.djstripe_status
    model = registry.model_for_object(name)
    row = model._base_manager.filter(id=data["id"]).first()
    if event_type.endswith(".deleted"):
        deletion = model.deletion
        assert row is None or deletion != "hard", f"{name} still mirrored after {event_type}"
        return
    if event_type == "invoice.upcoming":
        return  # a preview: nothing is mirrored
    assert row is not None, f"{event_type} did not mirror {name} {data['id']}"
    assert_typed_columns(row, data)
