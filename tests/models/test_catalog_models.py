"""Catalog and discounts: deletions, discounts kept exact, shapes of older versions."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from djstripe import stripe_api
from djstripe.models import (
    Coupon,
    Discount,
    Plan,
    PromotionCode,
    Subscription,
    TaxId,
    Tombstone,
)
from djstripe.sync import sync_object, sync_page
from djstripe.sync.source import Source

from ..conftest import example, older_shape

pytestmark = pytest.mark.django_db

KEY = "sk_test_djstripe0tests0key"
SUB = "sub_1Pgc6rB7WZ01zgkWNy0Cn5nw"


def event(event_id: str, created: int) -> Source:
    return Source.event(event_id, created, api_key=KEY)


def discount(discount_id: str, **changes: Any) -> dict[str, Any]:
    data = example("discount", id=discount_id, subscription=SUB)
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("model", "object_name", "data"),
    [
        (Coupon, "coupon", lambda: example("coupon")),
        (Plan, "plan", lambda: example("plan")),
        (TaxId, "tax_id", lambda: example("tax_id")),
        (PromotionCode, "promotion_code", lambda: example("promotion_code")),
    ],
)
def test_deleted_objects_are_removed_for_good(
    model: Any, object_name: str, data: Any, double: Any
) -> None:
    row = model.sync_from_stripe_data(data())
    gone = {"id": row.id, "object": object_name, "deleted": True}

    assert sync_object(model, gone, source=event("evt_2", 2000)) is None

    assert not model.objects.filter(id=row.id).exists()
    assert Tombstone.objects.filter(stripe_id=row.id).exists()
    sync_page(model, [data()], source=event("evt_1", 1000))  # a late, older event
    assert not model.objects.filter(id=row.id).exists()


def test_discount_deleted_event_removes_the_discount(double: Any) -> None:
    Discount.sync_from_stripe_data(discount("di_1", subscription=None))

    sync_object(Discount, discount("di_1", subscription=None), deleted=True)

    assert not Discount.objects.exists()


def test_subscription_discounts_are_kept_exact(double: Any) -> None:
    """Discounts listed by id stay; those the subscription no longer lists go."""
    sync_page(
        Subscription,
        [example("subscription", discounts=[discount("di_a"), discount("di_b")])],
        source=event("evt_1", 1000),
    )
    assert set(Discount.objects.values_list("id", flat=True)) == {"di_a", "di_b"}
    sub = Subscription.objects.get()
    assert set(sub.subscription_discounts.values_list("id", flat=True)) == {"di_a", "di_b"}

    sync_page(
        Subscription, [example("subscription", discounts=["di_a"])], source=event("evt_2", 2000)
    )

    assert set(Discount.objects.values_list("id", flat=True)) == {"di_a"}


def test_single_discount_of_older_versions_is_mirrored(double: Any) -> None:
    Subscription.sync_from_stripe_data(older_shape("subscription_2020-08-27"))

    row = Discount.objects.get(id="di_2020Discount")
    assert row.subscription_id == "sub_2020OldShape"
    assert row.coupon_id == "SAVE10-2020"
    coupon = Coupon.objects.get(id="SAVE10-2020")  # the embedded coupon, synced with it
    assert coupon.percent_off == Decimal("10") and coupon.times_redeemed == 7
    assert set(coupon.discounts.values_list("id", flat=True)) == {"di_2020Discount"}


def test_discount_without_an_id_does_not_fail_its_subscription(double: Any) -> None:
    old = older_shape("subscription_2017-08-15")
    old["discount"] = {"object": "discount", "coupon": example("coupon"), "start": 1504000000}

    row = Subscription.sync_from_stripe_data(old)

    assert row.discount["coupon"]["id"] == "Z4OV52SU"  # kept in stripe_data
    assert not Discount.objects.exists()


def test_coupon_amounts_respect_zero_decimal_currencies(double: Any) -> None:
    row = Coupon.sync_from_stripe_data(
        example("coupon", id="YEN500", amount_off=500, percent_off=None, currency="JPY")
    )

    assert (row.amount_off, row.currency) == (500, "jpy")
    assert row.human_readable == "¥500 off forever"


def test_promotion_code_links_coupon_and_customer(double: Any) -> None:
    code = PromotionCode.sync_from_stripe_data(older_shape("promotion_code_2020-08-27"))

    assert code.coupon.id == "Z4OV52SU"
    assert set(code.coupon.promotion_codes.values_list("code", flat=True)) == {"WELCOME"}
    assert set(code.customer.promotion_codes.values_list("id", flat=True)) == {code.id}


def test_tax_id_of_the_account_has_no_customer(double: Any) -> None:
    data = example("tax_id", id="txi_self", customer=None, owner={"type": "self", "customer": None})

    row = TaxId.sync_from_stripe_data(data)

    assert row.customer_id is None
    assert str(row) == "Eu vat DE123456789"


def test_plan_human_readable_price(double: Any) -> None:
    row = Plan.sync_from_stripe_data(example("plan", interval_count=3, interval="month"))

    assert row.human_readable_price == "$20.00 USD every 3 months"
    assert str(row) == "$20.00 USD every 3 months"


def test_invoice_level_discounts_link_to_their_invoice(double: Any) -> None:
    invoice_id = "in_1Pgc6tB7WZ01zgkWu9fdqL6I"

    row = Discount.sync_from_stripe_data(discount("di_inv", invoice=invoice_id, subscription=None))

    assert row.invoice.id == invoice_id
    assert set(row.invoice.invoice_discounts.values_list("id", flat=True)) == {"di_inv"}


def test_discounts_come_expanded_with_a_read_or_a_listing(double: Any) -> None:
    listed = "di_1Pgc6rB7WZ01zgkW7Al8Fal9"  # stored by the double as a discount example
    double.put(example("subscription", id="sub_read", discounts=[listed]))

    Subscription._get_or_retrieve("sub_read")
    assert Discount.objects.get(id=listed).subscription_id == "sub_read"

    Discount.objects.all().delete()
    params = {**Subscription.list_params, "expand": list(Subscription.list_expand)}
    for page in stripe_api.pages(Subscription.api_list_path(), params):  # as a backfill lists
        sync_page(Subscription, page.objects, source=Source.api(page.stamp))
    assert Discount.objects.get(id=listed).subscription_id == "sub_read"
