"""A customer's sources and tax ids: listed with the customers' page, paged past ten."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from djstripe import stripe_api
from djstripe.models import Card, Customer, TaxId
from djstripe.sync.report import Report

from .conftest import Accounts

pytestmark = pytest.mark.django_db


def test_sources_and_tax_ids_come_with_their_customers(
    small: Accounts, run: Callable[..., Report]
) -> None:
    customer_id = small.double.objects("customer")[0]["id"]
    card = stripe_api.create(f"/v1/customers/{customer_id}/sources", {"source": "tok_visa"})
    tax_ids = {
        stripe_api.create(
            f"/v1/customers/{customer_id}/tax_ids", {"type": "eu_vat", "value": f"DE12345678{n}"}
        )["id"]
        for n in range(12)  # more than the ten a customer's page embeds
    }
    small.double.reset_counts()

    run("Customer")

    counts = small.double.request_counts()
    assert counts["GET /v1/customers"] == 1
    assert counts.get("GET /v1/customers/{id}/tax_ids") == 1  # the one customer past ten
    assert "GET /v1/customers/{id}/sources" not in counts
    customer = Customer.objects.get(id=customer_id)
    assert set(customer.tax_ids.values_list("id", flat=True)) == tax_ids
    assert TaxId.objects.get(id=min(tax_ids)).value.startswith("DE12345678")
    mirrored = Card.objects.get(id=card["id"])
    assert mirrored.customer == customer
    assert customer.sources.get(id=card["id"]).last4 == card["last4"]


def test_naming_tax_ids_lists_the_customers(small: Accounts, run: Callable[..., Report]) -> None:
    customer_id = small.double.objects("customer")[1]["id"]
    created = stripe_api.create(
        f"/v1/customers/{customer_id}/tax_ids", {"type": "gb_vat", "value": "GB123456789"}
    )
    small.double.reset_counts()

    run("TaxId")

    assert small.double.request_counts()["GET /v1/customers"] == 1
    assert TaxId.objects.get(id=created["id"]).customer_id == customer_id


def test_versions_that_always_include_the_lists_are_not_asked_to_expand_them(
    settings: Any,
) -> None:
    """Before 2020-08-27 a customer always carries ``sources`` and ``tax_ids``; Stripe
    rejects expanding what it cannot expand, so the page asks only for the rest."""
    settings.STRIPE_API_VERSION = "2020-03-02"
    assert Customer.list_expand == ("data.invoice_settings.default_payment_method",)
    settings.STRIPE_API_VERSION = "2020-08-27"
    assert set(Customer.list_expand) >= {"data.sources", "data.tax_ids"}
