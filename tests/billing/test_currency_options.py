"""Prices in several currencies: ``currency_options`` as a queryable column, amount_in()."""

from __future__ import annotations

from decimal import Decimal

import pytest

from djstripe import stripe_api
from djstripe.models import Price

from .conftest import create

pytestmark = pytest.mark.django_db


@pytest.fixture
def multi(product):
    data = create(
        "/v1/prices",
        product=product["id"],
        currency="usd",
        unit_amount=2000,
        recurring={"interval": "month"},
        currency_options={"eur": {"unit_amount": 1800}, "jpy": {"unit_amount": 3000}},
    )
    return Price.sync_from_stripe_data(data)


def test_currency_options_are_mirrored_and_queryable(multi):
    assert set(multi.currency_options) >= {"eur", "jpy"}
    assert multi.currencies[0] == "usd" and {"eur", "jpy"} <= set(multi.currencies)
    assert Price.objects.filter(currency_options__has_key="eur").get() == multi
    assert not Price.objects.filter(currency_options__has_key="gbp").exists()
    assert Price.objects.filter(currency_options__eur__unit_amount__lt=1900).get() == multi


def test_amount_in_reads_each_currency(multi):
    assert multi.amount_in("usd") == 2000
    assert multi.amount_in("EUR") == 1800
    assert multi.amount_in("jpy", quantity=3) == 9000
    with pytest.raises(KeyError, match="not offered in 'gbp'"):
        multi.amount_in("gbp")
    with pytest.raises(ValueError, match="whole number"):
        multi.amount_in("eur", quantity=Decimal("1.5"))


def test_a_webhook_without_currency_options_keeps_them(multi, stripe_double, deliver):
    """Stripe sends ``currency_options`` only when expanded: event payloads lack it."""
    deliver()
    stripe_api.request("post", f"/v1/prices/{multi.id}", {"nickname": "Monthly"})
    payload = {**stripe_double.get(multi.id)}
    payload.pop("currency_options", None)
    Price.sync_from_stripe_data(payload)

    multi.refresh_from_db()
    assert multi.nickname == "Monthly"
    assert multi.amount_in("eur") == 1800


def test_reads_and_listings_ask_for_currency_options():
    """Stripe includes ``currency_options`` only when asked (``expand``)."""
    assert "currency_options" in Price.expand_fields
    assert "data.currency_options" in Price.list_expand


def _price(**fields):
    data = {"id": "price_tiers", "object": "price", "currency": "usd", **fields}
    return Price.sync_from_stripe_data(data)


def test_graduated_and_volume_tiers_in_another_currency():
    tiers = [
        {"up_to": 10, "unit_amount": 100, "flat_amount": 500},
        {"up_to": None, "unit_amount": 50, "flat_amount": None},
    ]
    graduated = _price(
        billing_scheme="tiered",
        tiers_mode="graduated",
        tiers=tiers,
        currency_options={"eur": {"tiers": tiers}},
    )
    assert graduated.amount_in("eur", quantity=5) == 500 + 5 * 100
    assert graduated.amount_in("eur", quantity=15) == 500 + 10 * 100 + 5 * 50
    assert graduated.amount_in("eur", quantity=0) == 0

    volume = _price(
        billing_scheme="tiered",
        tiers_mode="volume",
        tiers=tiers,
        currency_options={"eur": {"tiers": tiers}},
    )
    assert volume.amount_in("eur", quantity=15) == 15 * 50


def test_custom_amounts_and_decimal_amounts():
    custom = _price(
        unit_amount=None,
        currency_options={
            "eur": {"unit_amount": None, "custom_unit_amount": {"preset": 1500, "minimum": 500}},
            "gbp": {"unit_amount": None, "custom_unit_amount": {"preset": None}},
            "chf": {"unit_amount": None, "unit_amount_decimal": "12.5"},
        },
    )
    assert custom.amount_in("eur") == 1500
    assert custom.amount_in("gbp") is None
    assert custom.amount_in("chf", quantity=3) == 38  # 37.5, rounded half up


def test_a_price_event_brings_changed_currency_options(multi, stripe_double, deliver):
    """``price.updated`` carries no ``currency_options``: the price is re-read with them."""
    deliver()
    stored = stripe_double.get(multi.id)
    options = {**stored["currency_options"], "eur": {**stored["currency_options"]["eur"]}}
    options["eur"].update(unit_amount=1700, unit_amount_decimal="1700")
    stripe_double.put({**stored, "currency_options": options})
    payload = {k: v for k, v in stored.items() if k != "currency_options"}
    stripe_double.emit_event("price.updated", payload)

    assert set(deliver()) == {200}
    multi.refresh_from_db()
    assert multi.amount_in("eur") == 1700
