"""A meter, a metered price and a customer, created in the double and mirrored."""

from __future__ import annotations

from typing import Any

import pytest

from djstripe import stripe_api
from djstripe.models import Customer, Meter

#: 2027-01-15 00:00 UTC: a day boundary, so day-grouped summaries line up.
DAY_START = 1_800_000_000 - 1_800_000_000 % 86400


@pytest.fixture
def meter(stripe_double: Any, db: Any) -> Meter:
    stripe_double.set_time(DAY_START + 3600)
    data = stripe_api.create(
        "/v1/billing/meters",
        {
            "display_name": "API calls",
            "event_name": "api_call",
            "default_aggregation": {"formula": "sum"},
        },
    )
    return Meter.sync_from_stripe_data(data)


@pytest.fixture
def customer(stripe_double: Any, db: Any) -> Customer:
    return Customer.sync_from_stripe_data(
        stripe_api.create("/v1/customers", {"email": "ada@example.com"})
    )
