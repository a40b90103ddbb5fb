"""Backfilling sessions, transfers and product features reads their lists completely."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings

from djstripe.models import ProductFeature, Session, Transfer
from djstripe.sync.backfill import backfill

from .test_checkout import create_session
from .test_connect import make_transfer
from .test_entitlements import PRODUCT, attach_features

pytestmark = pytest.mark.django_db


def test_backfill_mirrors_lines_reversals_and_features_completely(double: Any) -> None:
    double.set_time(1_800_000_000)
    session_id = create_session(12)["id"]
    transfer_id = make_transfer(double, reversals=12)
    features = attach_features(PRODUCT, 3)
    double.set_time(1_800_003_600)  # the events of the writes above are an hour old
    double.reset_counts()

    report = backfill(
        ["Session", "Transfer", "ProductFeature"],
        api_keys=[settings.STRIPE_TEST_SECRET_KEY],
        rate=0,
    )

    assert not report.errors
    assert Session.objects.get(id=session_id).items.count() == 12
    assert Transfer.objects.get(id=transfer_id).reversals.count() == 12
    assert set(ProductFeature.objects.filter(product_id=PRODUCT).values_list("id", flat=True)) == (
        set(features)
    )
    counts = double.request_counts()
    assert counts.get("GET /v1/checkout/sessions/{id}/line_items") == 1  # the 12-line session
    # one page after the first ten, for the one transfer with more than ten
    assert counts.get("GET /v1/transfers/{id}/reversals") == 1
