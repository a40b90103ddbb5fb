"""A stale snapshot costs no Stripe request: what it references is fetched only for data
that will be written (``Resolver._fetch_missing``)."""

from __future__ import annotations

from typing import Any

import pytest

from djstripe.models import Price, Product
from djstripe.sync import sync_entries, sync_page
from djstripe.sync.engine import Entry
from djstripe.sync.source import Source

from ..conftest import example

pytestmark = pytest.mark.django_db

KEY = "sk_test_djstripe0tests0key"


def _price(price_id: str, product_id: str) -> dict[str, Any]:
    return dict(example("price"), id=price_id, product=product_id)


def _stored_without_its_product(price: dict[str, Any], stamp: int) -> None:
    quiet = Source.api(stamp, api_key=KEY, fetch_missing=False)
    sync_page(Price, [price], source=quiet)
    assert Price.objects.filter(id=price["id"], product__isnull=True).exists()


def test_a_stale_event_does_not_fetch_what_it_references(double: Any) -> None:
    product_id = example("product")["id"]  # served by the double, not mirrored
    older = _price("price_staleSnapshot", product_id)
    _stored_without_its_product(older, stamp=5000)
    double.reset_counts()

    sync_entries([Entry(Price, older, Source.event("evt_old", 4000, api_key=KEY))])

    assert double.total_requests() == 0
    assert not Product.objects.filter(id=product_id).exists()


def test_a_fresher_object_naming_the_same_reference_still_fetches_it(double: Any) -> None:
    product_id = example("product")["id"]
    stale = _price("price_staleSnapshot", product_id)
    _stored_without_its_product(stale, stamp=5000)
    fresh = _price("price_freshSnapshot", product_id)
    double.reset_counts()

    sync_entries(
        [
            Entry(Price, stale, Source.event("evt_old", 4000, api_key=KEY)),
            Entry(Price, fresh, Source.event("evt_new", 6000, api_key=KEY)),
        ]
    )

    assert Product.objects.filter(id=product_id).exists()  # fetched for the fresh one
    assert Price.objects.get(id="price_freshSnapshot").product_id == product_id
    assert Price.objects.get(id="price_staleSnapshot").djstripe_stamp == 5000  # not written
