"""Meters mirrored from the API and from their events; a metered price's meter."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command

from djstripe import stripe_api
from djstripe.models import Meter, Price
from djstripe.webhooks.processing import process_event_data

pytestmark = pytest.mark.django_db


def test_meter_lifecycle_events_keep_the_row_current(stripe_double: Any) -> None:
    stripe_double.set_time(1_800_000_000)
    meter = stripe_api.create(
        "/v1/billing/meters",
        {
            "display_name": "Tokens",
            "event_name": "tokens",
            "default_aggregation": {"formula": "sum"},
            "customer_mapping": {"event_payload_key": "account", "type": "by_id"},
            "value_settings": {"event_payload_key": "tokens"},
        },
    )
    stripe_double.advance(60)
    stripe_api.update(f"/v1/billing/meters/{meter['id']}", {"display_name": "LLM tokens"})
    stripe_double.advance(60)
    stripe_api.create(f"/v1/billing/meters/{meter['id']}/deactivate", {})
    events = stripe_double.events()  # newest first
    assert [e["type"] for e in events[:3]] == [
        "billing.meter.deactivated",
        "billing.meter.updated",
        "billing.meter.created",
    ]

    for event in reversed(events[:3]):
        process_event_data(event)

    row = Meter.objects.get(id=meter["id"])
    assert row.display_name == "LLM tokens"
    assert row.status == "inactive" and not row.is_active
    assert row.deactivated_at is not None
    assert row.payload_keys() == ("account", "tokens")
    assert row.formula == "sum"

    stripe_double.advance(60)
    stripe_api.create(f"/v1/billing/meters/{meter['id']}/reactivate", {})
    process_event_data(stripe_double.events()[0])
    row.refresh_from_db()
    assert row.status == "active" and row.deactivated_at is None


def test_an_older_meter_event_does_not_undo_a_newer_one(stripe_double: Any) -> None:
    stripe_double.set_time(1_800_000_000)
    meter = stripe_api.create(
        "/v1/billing/meters",
        {
            "display_name": "Calls",
            "event_name": "calls",
            "default_aggregation": {"formula": "count"},
        },
    )
    stripe_double.advance(60)
    stripe_api.create(f"/v1/billing/meters/{meter['id']}/deactivate", {})
    deactivated, created = stripe_double.events()[:2]
    process_event_data(deactivated)
    process_event_data(created)
    assert Meter.objects.get(id=meter["id"]).status == "inactive"


def test_metered_price_links_its_meter_fetching_it_when_missing(
    stripe_double: Any, meter: Meter
) -> None:
    Meter.objects.all().delete()
    product = stripe_api.create("/v1/products", {"name": "API"})
    price = stripe_api.create(
        "/v1/prices",
        {
            "product": product["id"],
            "currency": "usd",
            "unit_amount": 1,
            "recurring": {"interval": "month", "usage_type": "metered", "meter": meter.id},
        },
    )

    row = Price.sync_from_stripe_data(price)

    assert row.meter_id == meter.id
    assert row.meter.event_name == "api_call"
    assert list(Meter.objects.get(id=meter.id).prices.all()) == [row]
    assert Price.objects.filter(meter__event_name="api_call").count() == 1


def test_licensed_price_has_no_meter(stripe_double: Any) -> None:
    product = stripe_api.create("/v1/products", {"name": "Seats"})
    price = stripe_api.create(
        "/v1/prices",
        {
            "product": product["id"],
            "currency": "usd",
            "unit_amount": 900,
            "recurring": {"interval": "month"},
        },
    )
    assert Price.sync_from_stripe_data(price).meter_id is None


def test_meters_are_backfilled_by_listing(stripe_double: Any, meter: Meter) -> None:
    Meter.objects.all().delete()
    call_command("djstripe_sync_models", "Meter", stdout=io.StringIO(), stderr=io.StringIO())
    assert list(Meter.objects.values_list("id", "event_name")) == [(meter.id, "api_call")]
