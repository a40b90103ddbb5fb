"""Stripe ids that differ only by case name different objects, on every database.

MySQL and MariaDB compare text case-insensitively under their default collations: the
id columns (and the engine's own id columns) are compared byte for byte there too.
"""

from __future__ import annotations

from typing import Any

import pytest

from djstripe.models import Customer, Price, Product, Tombstone
from djstripe.sync import sync_page
from djstripe.sync.source import Source

from ..conftest import example

pytestmark = pytest.mark.django_db

LOWER, UPPER = "cus_caseTwins0a", "cus_caseTwins0A"


def test_two_customers_whose_ids_differ_by_case_are_two_rows(double: Any) -> None:
    Customer.sync_from_stripe_data(example("customer", id=LOWER, email="lower@example.com"))
    Customer.sync_from_stripe_data(example("customer", id=UPPER, email="upper@example.com"))
    emails = dict(Customer.objects.values_list("id", "email"))
    assert emails == {LOWER: "lower@example.com", UPPER: "upper@example.com"}
    assert Customer.objects.get(id=UPPER).email == "upper@example.com"


def test_a_page_holding_both_writes_both(double: Any) -> None:
    page = [
        example("product", id="prod_caseTwins0b", name="lower"),
        example("product", id="prod_caseTwins0B", name="upper"),
    ]
    sync_page(Product, page, source=Source.event("evt_caseTwins", 1_700_000_000))
    assert dict(Product.objects.values_list("id", "name")) == {
        "prod_caseTwins0b": "lower",
        "prod_caseTwins0B": "upper",
    }


def test_a_reference_links_the_object_of_that_exact_id(double: Any) -> None:
    for product_id, name in (("prod_caseTwins0c", "lower"), ("prod_caseTwins0C", "upper")):
        Product.sync_from_stripe_data(example("product", id=product_id, name=name))
    price = Price.sync_from_stripe_data(example("price", product="prod_caseTwins0C"))
    assert price.product.name == "upper"


def test_deleting_one_leaves_its_twin(double: Any) -> None:
    for customer_id in (LOWER, UPPER):
        Customer.sync_from_stripe_data(example("customer", id=customer_id))
    Tombstone.objects.create(stripe_id=LOWER, object_type="customer", stamp=1)
    assert Tombstone.objects.filter(stripe_id=UPPER).exists() is False
    assert Tombstone.objects.filter(stripe_id=LOWER).count() == 1
