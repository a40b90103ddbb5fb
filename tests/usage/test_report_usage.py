"""Reporting usage: one event through v1, many through the v2 stream; what Stripe counts."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
import stripe

from djstripe import stripe_api
from djstripe.models import Customer, Meter
from djstripe.usage import MeterEventStream, report_usage, usage_event

from .conftest import DAY_START

pytestmark = pytest.mark.django_db

DAY = 86400


def usage_today(meter: Meter, customer: Customer) -> float:
    [summary] = meter.event_summaries(customer, DAY_START, DAY_START + DAY)
    return summary["aggregated_value"]


def test_reported_usage_is_summed_by_the_meter(
    stripe_double: Any, meter: Meter, customer: Customer
) -> None:
    customer.report_usage("api_call", 3)
    customer.report_usage("api_call", Decimal("2.5"), timestamp=DAY_START + 7200)
    report_usage(customer.id, "api_call", 4)

    assert usage_today(meter, customer) == 9.5


def test_an_identifier_counts_once_even_when_sent_again(
    stripe_double: Any, meter: Meter, customer: Customer
) -> None:
    first = customer.report_usage("api_call", 5, identifier="job-42")
    again = customer.report_usage("api_call", 5, identifier="job-42")

    assert first["identifier"] == again["identifier"] == "job-42"
    assert usage_today(meter, customer) == 5


def test_a_request_retried_after_a_server_error_counts_once(
    stripe_double: Any, meter: Meter, customer: Customer
) -> None:
    stripe_double.inject_fault("POST /v1/billing/meter_events", status=500, times=1)
    with stripe_api.retrying(sleep=lambda seconds: None):
        customer.report_usage("api_call", 7, identifier="batch-1")
    customer.report_usage("api_call", 7, identifier="batch-1")  # a re-run of the job

    assert stripe_double.request_counts()["POST /v1/billing/meter_events"] == 3
    assert usage_today(meter, customer) == 7


def test_usage_follows_the_meters_payload_keys(stripe_double: Any, customer: Customer) -> None:
    stripe_double.set_time(DAY_START + 3600)
    data = stripe_api.create(
        "/v1/billing/meters",
        {
            "display_name": "Tokens",
            "event_name": "tokens",
            "default_aggregation": {"formula": "sum"},
            "customer_mapping": {"event_payload_key": "account", "type": "by_id"},
            "value_settings": {"event_payload_key": "tokens"},
        },
    )
    meter = Meter.sync_from_stripe_data(data)

    event = customer.report_usage("tokens", 1200)

    assert event["payload"] == {"account": customer.id, "tokens": "1200"}
    [summary] = meter.event_summaries(customer, DAY_START, DAY_START + DAY)
    assert summary["aggregated_value"] == 1200


def test_day_windows_split_the_usage(stripe_double: Any, meter: Meter, customer: Customer) -> None:
    customer.report_usage("api_call", 1, timestamp=DAY_START + 10)
    customer.report_usage("api_call", 2, timestamp=DAY_START + DAY + 10)
    summaries = meter.event_summaries(
        customer, DAY_START, DAY_START + 2 * DAY, value_grouping_window="day"
    )
    by_start = {s["start_time"]: s["aggregated_value"] for s in summaries}
    assert by_start == {DAY_START: 1, DAY_START + DAY: 2}


def test_other_customers_usage_is_not_counted(
    stripe_double: Any, meter: Meter, customer: Customer
) -> None:
    other = Customer.sync_from_stripe_data(stripe_api.create("/v1/customers", {}))
    other.report_usage("api_call", 100)
    customer.report_usage("api_call", 1)
    assert usage_today(meter, customer) == 1


@pytest.mark.parametrize(
    ("value", "error", "words"),
    [
        (-1, ValueError, "adjustment"),
        (True, TypeError, "number"),
        ("3", TypeError, "number"),
        (float("nan"), ValueError, "finite"),
    ],
)
def test_bad_values_are_refused_before_sending(
    stripe_double: Any, customer: Customer, value: Any, error: type, words: str
) -> None:
    stripe_double.reset_counts()
    with pytest.raises(error, match=words):
        customer.report_usage("api_call", value)
    assert stripe_double.request_counts() == {}


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"event_name": ""}, "event_name"),
        ({"identifier": "x" * 101}, "identifier"),
        ({"timestamp": datetime.datetime(2027, 1, 1)}, "naive"),
        ({"customer": 42}, "customer"),
    ],
)
def test_bad_arguments_name_the_problem(customer: Customer, kwargs: dict, words: str) -> None:
    arguments = {"customer": customer, "event_name": "api_call", "value": 1, **kwargs}
    with pytest.raises(ValueError, match=words):
        usage_event(**arguments)


def test_the_stream_sends_many_events_in_batches_of_100(
    stripe_double: Any, meter: Meter, customer: Customer
) -> None:
    stream = MeterEventStream()
    events = [usage_event(customer, "api_call", 1, identifier=f"e-{n}") for n in range(250)]
    stripe_double.reset_counts()

    assert stream.send(events) == 250

    counts = stripe_double.request_counts()
    assert counts["POST /v2/billing/meter_event_stream"] == 3
    assert counts["POST /v2/billing/meter_event_session"] == 1
    assert usage_today(meter, customer) == 250
    stream.send(events[:10])  # the same identifiers again: not counted twice
    assert usage_today(meter, customer) == 250


def test_the_stream_opens_a_new_session_when_the_token_expires(
    stripe_double: Any, meter: Meter, customer: Customer
) -> None:
    now = [0.0]
    stream = MeterEventStream(clock=lambda: now[0])
    stream.send([usage_event(customer, "api_call", 1)])
    now[0] += 14 * 60 + 30  # within the renewal margin of the 15-minute token
    stripe_double.advance(14 * 60 + 30)
    stream.send([usage_event(customer, "api_call", 1)])
    assert stream.sessions_opened == 2
    assert usage_today(meter, customer) == 2


def test_a_token_that_stripe_expired_early_is_replaced_once(
    stripe_double: Any, meter: Meter, customer: Customer
) -> None:
    stream = MeterEventStream(clock=lambda: 0.0)  # our clock never reaches the renewal
    stream.send([usage_event(customer, "api_call", 1)])
    stripe_double.advance(16 * 60)  # Stripe's clock does: the token has expired

    stream.send([usage_event(customer, "api_call", 2, timestamp=DAY_START + 7200)])

    assert stream.sessions_opened == 2
    assert usage_today(meter, customer) == 3


def test_the_stream_refuses_a_request_without_a_session(stripe_double: Any) -> None:
    with pytest.raises(stripe.StripeError):
        stripe_api.request(
            "post",
            "/v2/billing/meter_event_stream",
            {"events": [{"event_name": "api_call", "payload": {"value": "1"}}]},
            base="meter_events",
            bearer="sk_test_not_a_session",
            policy=stripe_api.NO_RETRIES,
        )


def test_the_stream_reads_payload_keys_once_per_batch_not_per_event(
    stripe_double: Any, meter: Meter, customer: Customer
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    events = [usage_event(customer, "api_call", 1) for _ in range(250)]
    with CaptureQueriesContext(connection) as queries:
        MeterEventStream().send(events)
    assert len(queries) == 3  # one per batch of 100


def test_the_stream_host_is_stripes_unless_the_api_host_is_set(settings: Any) -> None:
    from djstripe import settings as djstripe_settings

    assert djstripe_settings.meter_events_api_base() == settings.STRIPE_API_HOST
    settings.STRIPE_API_HOST = None
    assert djstripe_settings.meter_events_api_base() == stripe.meter_events_api_base
    assert stripe.meter_events_api_base == "https://meter-events.stripe.com"
