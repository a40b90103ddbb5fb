"""Checkout Sessions: line items synced completely and kept exact, links to the customer,
fields that moved between API versions, surprising data."""

from __future__ import annotations

from typing import Any

import pytest

from djstripe import stripe_api
from djstripe.models import Customer, Session, SessionLineItem, Tombstone

from ..conftest import example, older_shape

pytestmark = pytest.mark.django_db

PRICE = "price_1PgafmB7WZ01zgkW6dKueIc5"  # the example price (2000 usd, product prod_QXg1...)


def create_session(lines: int, **params: Any) -> dict[str, Any]:
    """A Checkout Session in the double with ``lines`` line items of the example price."""
    return stripe_api.create(
        "/v1/checkout/sessions",
        {
            "mode": "payment",
            "success_url": "https://example.com/ok",
            "line_items": [{"price": PRICE, "quantity": n + 1} for n in range(lines)],
            **params,
        },
    )


def test_session_pages_its_line_items_past_the_first_ten(double: Any) -> None:
    session_id = create_session(12)["id"]
    data, stamp = stripe_api.retrieve(f"/v1/checkout/sessions/{session_id}", expand=["line_items"])
    assert len(data["line_items"]["data"]) == 10 and data["line_items"]["has_more"]
    double.reset_counts()

    session = Session.sync_api_read(data, stamp)

    assert session.items.count() == 12
    assert double.request_counts().get("GET /v1/checkout/sessions/{id}/line_items") == 1
    assert sorted(session.items.values_list("quantity", flat=True)) == list(range(1, 13))
    assert session.amount_total == sum(2000 * q for q in range(1, 13))
    line = session.items.get(quantity=3)
    assert (line.price_id, line.product_id, line.amount_total) == (
        PRICE,
        "prod_QXg1hqf4jFNsqG",
        6000,
    )
    assert line.price.session_line_items.count() == 12
    assert line.product.session_line_items.count() == 12


def test_retrieving_a_session_includes_its_line_items(double: Any) -> None:
    created = create_session(11)
    session = Session.sync_from_stripe_data(created)  # as created: no line_items
    assert session.items.count() == 0
    double.reset_counts()

    session = session.resync()

    assert session.items.count() == 11
    counts = double.request_counts()
    assert counts.get("GET /v1/checkout/sessions/{id}") == 1
    assert counts.get("GET /v1/checkout/sessions/{id}/line_items") == 1


def test_line_item_that_left_the_session_is_removed(double: Any) -> None:
    session_id = create_session(2)["id"]
    data, stamp = stripe_api.retrieve(f"/v1/checkout/sessions/{session_id}", expand=["line_items"])
    Session.sync_api_read(data, stamp)
    kept, dropped = (line["id"] for line in data["line_items"]["data"])
    data["line_items"]["data"] = [line for line in data["line_items"]["data"] if line["id"] == kept]
    Session.sync_api_read(data, stamp + 1)
    assert set(SessionLineItem.objects.values_list("id", flat=True)) == {kept}
    assert Tombstone.objects.filter(stripe_id=dropped).exists()


def test_event_payload_without_line_items_keeps_them(double: Any) -> None:
    session_id = create_session(3)["id"]
    data, stamp = stripe_api.retrieve(f"/v1/checkout/sessions/{session_id}", expand=["line_items"])
    Session.sync_api_read(data, stamp)
    completed = double.complete_checkout_session(session_id)  # as in checkout.session.completed
    assert "line_items" not in completed

    session = Session.sync_api_read(completed, stamp + 1)

    assert session.items.count() == 3
    assert session.status == "complete" and session.payment_status == "paid"
    assert session.customer is not None
    assert session in session.customer.session_set.all()


def test_client_reference_id_is_indexed_for_linking_customers(double: Any) -> None:
    assert Session._meta.get_field("client_reference_id").db_index
    Session.sync_from_stripe_data(create_session(1, client_reference_id="user-9"))
    assert Session.objects.filter(client_reference_id="user-9").count() == 1


def test_old_session_with_display_items(double: Any) -> None:
    session = Session.sync_from_stripe_data(older_shape("checkout.session_2019-05-16"))
    assert session.amount_subtotal == 3500 and session.currency == "usd"
    assert session.display_items[0]["custom"]["name"] == "T-shirt"
    assert session.shipping_details["address"]["city"] == "Paris"  # `shipping` then
    assert session.customer == Customer.objects.get(id="cus_QXg1o8vcGmoR32")


def test_shipping_details_read_where_each_version_puts_them(double: Any) -> None:
    current = example("checkout.session", id="cs_basil")
    current["collected_information"]["shipping_details"]["address"]["city"] = "Nice"
    before_basil = example("checkout.session", id="cs_acacia")  # 2022-08-01 to basil
    del before_basil["collected_information"]
    before_basil["shipping_details"] = {"address": {"city": "Lyon"}, "name": "Jenny Rosen"}
    cities = [
        Session.sync_from_stripe_data(data).shipping_details["address"]["city"]
        for data in (current, before_basil)
    ]
    assert cities == ["Nice", "Lyon"]


@pytest.mark.parametrize(
    "changes",
    [
        {"line_items": "nope"},
        {"line_items": {"object": "list", "data": [None, "li_x", {"object": "item"}]}},
        {"display_items": [{"amount": "x"}], "amount_subtotal": None},
        {"expires_at": "tomorrow", "amount_total": 10**30, "mode": "brand_new_mode"},
        {"client_reference_id": "r" * 1000, "customer_email": {"weird": 1}, "url": None},
    ],
)
def test_surprising_session_data_still_syncs(changes: dict[str, Any], double: Any) -> None:
    data = example("checkout.session", **changes)
    session = Session.sync_from_stripe_data(data)
    assert session.stripe_data == data
    assert session.items.count() == 0
    assert len(session.client_reference_id) <= 255


def test_completed_sessions_link_what_they_created_both_ways(double: Any) -> None:
    price = stripe_api.create(
        "/v1/prices",
        {
            "product": "prod_QXg1hqf4jFNsqG",
            "unit_amount": 1500,
            "currency": "usd",
            "recurring": {"interval": "month"},
        },
    )
    subscribing = create_session(0, mode="subscription", line_items=[{"price": price["id"]}])
    paying = create_session(1)
    setting_up = stripe_api.create(
        "/v1/checkout/sessions",
        {"mode": "setup", "currency": "usd", "success_url": "https://example.com/ok"},
    )
    sessions = {
        data["id"]: Session.sync_from_stripe_data(double.complete_checkout_session(data["id"]))
        for data in (subscribing, paying, setting_up)
    }

    subscription_session = sessions[subscribing["id"]]
    assert subscription_session.subscription.session_set.get() == subscription_session
    assert subscription_session.invoice.session_set.get() == subscription_session
    payment_session = sessions[paying["id"]]
    assert payment_session.payment_intent.session_set.get() == payment_session
    assert payment_session.payment_intent.status == "succeeded"
    setup_session = sessions[setting_up["id"]]
    assert setup_session.setup_intent.session_set.get() == setup_session
    customers = {s.customer_id for s in sessions.values()}
    assert None not in customers
