"""The sync engine through sync_from_stripe_data: idempotency, references, bad input."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
import stripe

from djstripe.exceptions import InvalidStripeDataError
from djstripe.models import Account, Customer, Price, Product

from ..conftest import example

pytestmark = pytest.mark.django_db


def test_sync_twice_keeps_one_row(double: Any) -> None:
    first = Customer.sync_from_stripe_data(example("customer"))
    second = Customer.sync_from_stripe_data(example("customer"))
    assert first.pk == second.pk
    assert Customer.objects.count() == 1


def test_missing_reference_is_fetched_from_the_api(double: Any) -> None:
    price = Price.sync_from_stripe_data(example("price"))
    assert price.product_id == "prod_QXg1hqf4jFNsqG"
    assert price.product.name == "T-shirt"
    assert double.request_counts().get("GET /v1/products/{id}") == 1
    # the reference is now mirrored: no second fetch
    Price.sync_from_stripe_data(example("price"))
    assert double.request_counts().get("GET /v1/products/{id}") == 1


def test_expanded_reference_is_synced_in_the_same_batch(double: Any) -> None:
    data = example("price", product=example("product", name="Expanded shirt"))
    price = Price.sync_from_stripe_data(data)
    assert price.product.name == "Expanded shirt"
    assert "GET /v1/products/{id}" not in double.request_counts()


def test_reference_to_an_object_that_no_longer_exists_is_left_empty(double: Any) -> None:
    price = Price.sync_from_stripe_data(example("price", product="prod_gone"))
    assert price.product_id is None
    assert price.stripe_data["product"] == "prod_gone"


def test_reference_of_an_unknown_type_is_ignored(double: Any) -> None:
    data = example("price", product={"id": "xyz_1", "object": "hologram"})
    price = Price.sync_from_stripe_data(data)
    assert price.product_id is None


def test_owner_account_is_the_platform_account_of_the_key(double: Any) -> None:
    product = Product.sync_from_stripe_data(example("product"))
    assert product.djstripe_owner_account_id == double.platform_account["id"]
    assert Account.objects.filter(id=double.platform_account["id"]).exists()


def test_connected_account_owner_from_stripe_account(double: Any) -> None:
    connected = double.create_connected_account()
    product = Product.sync_from_stripe_data(example("product"), stripe_account=connected["id"])
    assert product.djstripe_owner_account_id == connected["id"]
    assert (
        Account.objects.get(id=connected["id"]).djstripe_owner_account_id
        == (double.platform_account["id"])
    )


def test_stripe_object_input(double: Any) -> None:
    obj = stripe.convert_to_stripe_object(example("customer", email="so@example.com"))
    customer = Customer.sync_from_stripe_data(obj)
    assert customer.email == "so@example.com"
    assert customer.stripe_data == example("customer", email="so@example.com")


def test_unknown_fields_and_new_enum_values_are_kept(double: Any) -> None:
    data = example("customer", tax_exempt="partially_exempt", brand_new_field={"x": 1})
    customer = Customer.sync_from_stripe_data(data)
    assert customer.tax_exempt == "partially_exempt"
    assert customer.stripe_data["brand_new_field"] == {"x": 1}


def test_oversized_strings_are_cut_to_the_column_and_kept_whole_in_stripe_data(double: Any) -> None:
    data = example("customer", phone="9" * 1000)
    customer = Customer.sync_from_stripe_data(data)
    assert customer.phone == "9" * 255
    assert customer.stripe_data["phone"] == "9" * 1000


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (example("charge"), "mirrors Stripe 'customer' objects, but the data is a 'charge'"),
        ({"object": "customer"}, "has no 'id'"),
        (["not", "a", "mapping"], "not list"),
        ("cus_123", "not str"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(data: Any, message: str, double: Any) -> None:
    with pytest.raises(InvalidStripeDataError, match=message):
        Customer.sync_from_stripe_data(data)
    assert Customer.objects.count() == 0
    assert double.total_requests() == 0


def test_zero_decimal_currency_amounts(double: Any) -> None:
    price = Price.sync_from_stripe_data(
        example(
            "price", id="price_jpy", currency="jpy", unit_amount=2000, unit_amount_decimal="2000"
        )
    )
    assert price.unit_amount == 2000
    assert price.amount == Decimal("2000")
    usd = Price.sync_from_stripe_data(example("price"))
    assert usd.amount == Decimal("20.00")
    assert price.human_readable_price.startswith("¥2,000")


def test_subscriber_linked_from_metadata(double: Any, django_user_model: Any) -> None:
    user = django_user_model.objects.create(username="jenny", email="jenny@example.com")
    data = example("customer", metadata={"djstripe_subscriber": str(user.pk)})
    customer = Customer.sync_from_stripe_data(data)
    assert customer.subscriber == user
    assert list(user.djstripe_customers.all()) == [customer]


def test_subscribers_of_a_page_are_looked_up_with_one_query(
    double: Any, django_user_model: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from djstripe.sync import sync_page
    from djstripe.sync.source import Source

    users = [django_user_model.objects.create(username=f"u{i}") for i in range(5)]
    customers = [
        example("customer", id=f"cus_{i}", metadata={"djstripe_subscriber": str(user.pk)})
        for i, user in enumerate(users)
    ] + [example("customer", id="cus_x", metadata={"djstripe_subscriber": "no-such-user"})]
    source = Source.api(100, api_key="sk_test_djstripe0tests0key")
    with CaptureQueriesContext(connection) as queries:
        sync_page(Customer, customers, source=source)
    table = django_user_model._meta.db_table
    assert sum(table in query["sql"] for query in queries.captured_queries) == 1
    linked = dict(Customer.objects.values_list("id", "subscriber_id"))
    assert linked == {**{f"cus_{i}": user.pk for i, user in enumerate(users)}, "cus_x": None}
