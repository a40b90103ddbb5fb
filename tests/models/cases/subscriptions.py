"""Subscriptions, subscription items and subscription schedules."""

from __future__ import annotations

import datetime
from typing import Any

from ...conftest import example, older_shape
from ..roundtrip import Case

UTC = datetime.UTC
T_1234567890 = datetime.datetime(2009, 2, 13, 23, 31, 30, tzinfo=UTC)
CUSTOMER = "cus_QXg1o8vcGmoR32"
SUBSCRIPTION = "sub_1Pgc6rB7WZ01zgkWNy0Cn5nw"


def at(epoch: int) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(epoch, tz=UTC)


def _item_parent(double: Any) -> None:
    """The example item names a subscription the examples lack: serve one that holds it."""
    empty = {"object": "list", "data": [], "has_more": False}
    double.put(example("subscription", id="sub_1Pgc6xB7WZ01zgkWJMvZp5ja", items=empty))


CASES = [
    Case(
        model="Subscription",
        data=lambda: example("subscription"),
        expect={
            "pause_collection_behavior": "mark_uncollectible",
            "pause_collection_resumes_at": None,
            "livemode": False,
            "created": T_1234567890,
            "metadata": {},
            "customer_id": CUSTOMER,
            "status": "active",
            "collection_method": "charge_automatically",
            "currency": "usd",
            # Current versions: the period lives on the items (2025-03-31.basil).
            "current_period_start": at(1896570518),
            "current_period_end": at(976287773),
            "billing_cycle_anchor": T_1234567890,
            "start_date": T_1234567890,
            "cancel_at": T_1234567890,
            "cancel_at_period_end": True,
            "canceled_at": T_1234567890,
            "ended_at": T_1234567890,
            "trial_start": T_1234567890,
            "trial_end": T_1234567890,
            # The single item's plan and quantity (no top-level fields any more).
            "plan_id": "obj_123",
            "quantity": 1,
            "default_payment_method_id": None,
            "schedule_id": None,
            "default_source": None,
            "latest_invoice": None,
            "next_pending_invoice_item_invoice": T_1234567890,
            "on_behalf_of_id": None,
            "pending_setup_intent": None,
            "test_clock": None,
        },
        related={"items": {"si_QXhVnC2h0Jczwc"}, "default_tax_rates": set()},
    ),
    Case(
        model="Subscription",
        shape="2017-08-15",
        data=lambda: older_shape("subscription_2017-08-15"),
        expect={
            "pause_collection_behavior": "",
            "pause_collection_resumes_at": None,
            "livemode": False,
            "created": at(1504000000),
            "metadata": {"order": "42"},
            "customer_id": CUSTOMER,
            "status": "trialing",
            "collection_method": "charge_automatically",  # "billing" before 2019-10-17
            "currency": "",
            "current_period_start": at(1504000000),
            "current_period_end": at(1506678400),
            "billing_cycle_anchor": None,
            "start_date": None,
            "cancel_at": None,
            "cancel_at_period_end": False,
            "canceled_at": None,
            "ended_at": None,
            "trial_start": at(1504000000),
            "trial_end": at(1505209600),
            "plan_id": "gold-2017",
            "quantity": 3,
            "default_payment_method_id": None,
            "schedule_id": None,
            "default_source": None,
            "latest_invoice": None,
            "next_pending_invoice_item_invoice": None,
            "on_behalf_of_id": None,
            "pending_setup_intent": None,
            "test_clock": None,
        },
        related={"items": {"si_2017OldItem"}, "subscription_discounts": set()},
    ),
    Case(
        model="Subscription",
        shape="2020-08-27",
        data=lambda: older_shape("subscription_2020-08-27"),
        expect={
            "pause_collection_behavior": "",
            "pause_collection_resumes_at": None,
            "livemode": False,
            "created": at(1600000000),
            "metadata": {},
            "customer_id": CUSTOMER,
            "status": "past_due",
            "collection_method": "send_invoice",
            "currency": "",
            "current_period_start": at(1600000000),
            "current_period_end": at(1602592000),
            "billing_cycle_anchor": at(1600000000),
            "start_date": at(1600000000),
            "cancel_at": None,
            "cancel_at_period_end": False,
            "canceled_at": None,
            "ended_at": None,
            "trial_start": None,
            "trial_end": None,
            # Two items: no single plan.
            "plan_id": None,
            "quantity": None,
            "default_payment_method_id": None,
            "schedule_id": None,
            "default_source": None,
            "latest_invoice": None,
            "next_pending_invoice_item_invoice": None,
            "on_behalf_of_id": None,
            "pending_setup_intent": None,
            "test_clock": None,
        },
        related={
            "items": {"si_2020ItemA", "si_2020ItemB"},
            "default_tax_rates": {"txr_2020Default"},
            "subscription_discounts": {"di_2020Discount"},
        },
    ),
    Case(
        model="SubscriptionItem",
        data=lambda: example("subscription_item"),
        setup=_item_parent,
        expect={
            "livemode": None,
            "created": at(1721954060),
            "metadata": {},
            "subscription_id": "sub_1Pgc6xB7WZ01zgkWJMvZp5ja",
            "price_id": "price_1PgafmB7WZ01zgkW6dKueIc5",
            "plan_id": "obj_123",
            "quantity": 1,
            "current_period_start": at(1896570518),
            "current_period_end": at(976287773),
            "billed_until": None,
        },
        related={"tax_rates": set()},
    ),
    Case(
        model="SubscriptionSchedule",
        data=lambda: example("subscription_schedule"),
        expect={
            "livemode": False,
            "created": T_1234567890,
            "metadata": {},
            "customer_id": CUSTOMER,
            "subscription_id": None,
            "released_subscription_id": None,
            "status": "not_started",
            "end_behavior": "release",
            "canceled_at": T_1234567890,
            "completed_at": T_1234567890,
            "released_at": T_1234567890,
            "current_phase": {"end_date": 1725067410, "start_date": 1573629589},
            "default_settings": example("subscription_schedule")["default_settings"],
            "phases": example("subscription_schedule")["phases"],
            "test_clock_id": None,
        },
    ),
    Case(
        model="TestClock",
        data=lambda: example("test_helpers.test_clock", name="Renewal rehearsal"),
        expect={
            "livemode": False,
            "created": T_1234567890,
            "metadata": None,
            "name": "Renewal rehearsal",
            "status": "ready",
            "frozen_time": T_1234567890,
            "deletes_after": T_1234567890,
        },
    ),
    Case(
        model="BillingPortalConfiguration",
        data=lambda: example("billing_portal.configuration"),
        expect={
            "livemode": True,
            "created": T_1234567890,
            "metadata": None,
            "active": True,
            "is_default": True,
            "name": "",
            "default_return_url": "",
            "updated": T_1234567890,
        },
    ),
]
