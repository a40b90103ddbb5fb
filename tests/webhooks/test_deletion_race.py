"""A deletion that commits while another event of the object is being prepared stays final.

Webhook processing prepares an event's change before its transaction (every Stripe
request happens outside it). The deletion below is delivered in exactly that window: after
the update was prepared (its object still stored) and before the update is written.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from djstripe.models import Product, Tombstone
from djstripe.webhooks import processing

from ..conftest import example
from .conftest import event, post

pytestmark = pytest.mark.django_db


def _deliver_between_prepare_and_write(
    monkeypatch: pytest.MonkeyPatch, endpoint: Any, meanwhile: dict[str, Any]
) -> None:
    real_prepare = processing.prepare
    delivered = []

    def prepare_then_deliver(data: dict[str, Any], *, api_key: str | None) -> Any:
        prepared = real_prepare(data, api_key=api_key)
        if not delivered:
            delivered.append(meanwhile["id"])
            assert post(Client(), endpoint, meanwhile).status_code == 200
        return prepared

    monkeypatch.setattr(processing, "prepare", prepare_then_deliver)


@pytest.mark.parametrize("stored", [True, False], ids=["stored", "first-seen"])
def test_an_update_prepared_before_a_deletion_does_not_bring_the_object_back(
    stored: bool, double: Any, endpoint: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    product = example("product")
    if stored:
        created = event("product.created", product, created=1000)
        assert post(Client(), endpoint, created).status_code == 200
    deletion = event("product.deleted", dict(product, deleted=True), created=3000)
    _deliver_between_prepare_and_write(monkeypatch, endpoint, deletion)

    response = post(
        Client(), endpoint, event("product.updated", dict(product, name="late"), created=2000)
    )

    assert response.status_code == 200
    assert not Product.objects.filter(id=product["id"]).exists()
    assert Tombstone.objects.filter(stripe_id=product["id"]).exists()


def test_an_object_created_again_after_the_deletion_is_kept(
    double: Any, endpoint: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A user-chosen id used again (a coupon code): the newer object is not the deleted one."""
    coupon = example("coupon", id="SUMMER", created=1000)
    created = event("coupon.created", coupon, created=1000)
    assert post(Client(), endpoint, created).status_code == 200
    deletion = event("coupon.deleted", dict(coupon, deleted=True), created=2000)
    _deliver_between_prepare_and_write(monkeypatch, endpoint, deletion)

    again = dict(coupon, created=2500, name="Summer, again")
    assert post(Client(), endpoint, event("coupon.created", again, created=2500)).status_code == 200

    from djstripe.models import Coupon

    assert Coupon.objects.get(id="SUMMER").name == "Summer, again"
