"""Every listable model of the area lists from its endpoint and mirrors every object."""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps

from djstripe import stripe_api
from djstripe.sync import sync_page
from djstripe.sync.source import Source

from ..conftest import example

pytestmark = pytest.mark.django_db

LISTABLE = [
    "Subscription",
    "SubscriptionSchedule",
    "Plan",
    "Coupon",
    "PromotionCode",
    "TaxRate",
    "TaxCode",
    "ShippingRate",
    "TestClock",
    "BillingPortalConfiguration",
]


@pytest.mark.parametrize("name", LISTABLE)
def test_listing_mirrors_every_object(name: str, double: Any) -> None:
    model = apps.get_model("djstripe", name)
    assert model.listable and model.api_path
    # The example plan shares its id with the example price: the double keeps the price.
    double.put(example("plan", id="gold-monthly"))
    expected = {obj["id"] for obj in double.objects(model.stripe_object)}
    assert expected, "the examples hold at least one object of each type"

    for page in stripe_api.pages(model.api_list_path(), model.list_params):
        sync_page(model, page.objects, source=Source.api(page.stamp))

    assert set(model.objects.values_list("id", flat=True)) == expected


@pytest.mark.parametrize("name", ["SubscriptionItem", "Discount", "TaxId"])
def test_objects_that_come_with_their_parent_are_not_listed(name: str) -> None:
    assert not apps.get_model("djstripe", name).listable
