"""Replay protection always applies, in both directions of time.

A tolerance of 0 (or less), on an endpoint or in ``DJSTRIPE_WEBHOOK_TOLERANCE``,
means the default 300 seconds, never "no limit"; a signature dated further in the
future than the tolerance is refused like one too old.
"""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from django.test import Client

from djstripe.models import Event, WebhookEndpoint
from djstripe.testing.signing import signature_header

from ..conftest import example
from .conftest import SECRET, endpoint_data, event, post

pytestmark = pytest.mark.django_db

TEN_YEARS = 10 * 365 * 24 * 3600


def delivery() -> dict[str, Any]:
    return event("customer.updated", example("customer"))


def with_tolerance(endpoint: Any, tolerance: int) -> Any:
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(djstripe_tolerance=tolerance)
    endpoint.refresh_from_db()
    return endpoint


@pytest.mark.parametrize("age", [301, 3600, TEN_YEARS])
def test_zero_tolerance_still_refuses_old_signatures(
    client: Client, endpoint: Any, age: int
) -> None:
    with_tolerance(endpoint, 0)
    response = post(client, endpoint, delivery(), timestamp=int(time.time()) - age)
    assert response.status_code == 400
    assert not Event.objects.exists()


@pytest.mark.parametrize("tolerance", [0, 300, 3600])
def test_signature_dated_in_the_future_beyond_the_tolerance_is_refused(
    client: Client, endpoint: Any, tolerance: int
) -> None:
    with_tolerance(endpoint, tolerance)
    for ahead in (max(tolerance, 300) + 60, TEN_YEARS):
        response = post(client, endpoint, delivery(), timestamp=int(time.time()) + ahead)
        assert response.status_code == 400
    assert not Event.objects.exists()


def test_small_clock_skew_ahead_is_accepted(client: Client, endpoint: Any, double: Any) -> None:
    assert post(client, endpoint, delivery(), timestamp=int(time.time()) + 30).status_code == 200


def test_several_timestamps_in_one_header_are_refused(client: Client, endpoint: Any) -> None:
    """Stripe sends one ``t=``; with two, which one was signed would be ambiguous."""
    body = json.dumps(delivery())
    header = signature_header(body, SECRET) + f",t={int(time.time()) - TEN_YEARS}"
    assert post(client, endpoint, body, signature=header).status_code == 400


@pytest.mark.parametrize("setting", [0, -5])
def test_non_positive_setting_gives_new_endpoints_the_default(
    settings: Any, double: Any, setting: int
) -> None:
    settings.DJSTRIPE_WEBHOOK_TOLERANCE = setting
    created = WebhookEndpoint.sync_from_stripe_data(endpoint_data())
    assert created.djstripe_tolerance == 300
