"""Round-trip cases of billing meters and metered prices."""

from __future__ import annotations

from datetime import UTC, datetime

from ...conftest import example
from ..roundtrip import Case

T_1234567890 = datetime.fromtimestamp(1234567890, tz=UTC)


def _seed_meter(double):
    double.put(example("billing.meter", livemode=False))


CASES = [
    Case(
        model="Meter",
        data=lambda: example("billing.meter"),
        expect={
            "livemode": True,
            "created": T_1234567890,
            "metadata": None,
            "display_name": "test-meter",
            "event_name": "test-meter-event-name",
            "status": "active",
            "formula": "sum",
            "event_time_window": "",
            "customer_payload_key": "customer",
            "value_payload_key": "value",
            "deactivated_at": None,
            "updated": T_1234567890,
        },
    ),
    Case(
        model="Price",
        name="metered",
        data=lambda: example(
            "price",
            recurring={
                "interval": "month",
                "interval_count": 1,
                "meter": "meter_123",
                "usage_type": "metered",
                "trial_period_days": None,
            },
        ),
        setup=_seed_meter,
        expect={
            "livemode": False,
            "created": T_1234567890,
            "metadata": {},
            "active": True,
            "currency": "usd",
            "nickname": "",
            "product_id": "prod_QXg1hqf4jFNsqG",
            "lookup_key": None,
            "type": "recurring",
            "unit_amount": 2000,
            "unit_amount_decimal": 2000,
            "billing_scheme": "per_unit",
            "tax_behavior": "unspecified",
            "recurring_interval": "month",
            "recurring_interval_count": 1,
            "recurring_usage_type": "metered",
            "tiers_mode": "",
            "meter_id": "meter_123",
            "currency_options": None,  # includable only: absent from the example
        },
    ),
]
