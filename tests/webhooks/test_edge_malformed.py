"""A malformed body gets 4xx, whatever the JSON parser makes of it, in every validation mode."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from djstripe.models import Event, WebhookEndpoint, WebhookEventTrigger

from ..conftest import example
from .conftest import event, post

pytestmark = pytest.mark.django_db


def nested(depth: int) -> str:
    """A signed-looking event whose data holds ``depth`` nested lists."""
    body = json.dumps(event("customer.updated", example("customer")))
    return body[:-1] + ', "padding": ' + "[" * depth + "]" * depth + "}"


def stored() -> tuple[int, int]:
    return WebhookEventTrigger.objects.count(), Event.objects.count()


@pytest.mark.parametrize("depth", [1_000, 100_000])
@pytest.mark.parametrize("validation", ["verify_signature", "retrieve_event", "none"])
def test_deeply_nested_body_is_400(
    client: Client, endpoint: Any, double: Any, depth: int, validation: str
) -> None:
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(djstripe_validation_method=validation)
    endpoint.refresh_from_db()
    double.reset_counts()
    response = post(client, endpoint, nested(depth))
    assert response.status_code == 400
    assert stored() == (0, 0)
    assert double.total_requests() == 0


@pytest.mark.parametrize("depth", [60, 200])
def test_body_nested_deeper_than_any_stripe_event_is_400(
    client: Client, endpoint: Any, depth: int
) -> None:
    """Deep enough to parse but not to store safely: Stripe's events nest a dozen levels."""
    response = post(client, endpoint, nested(depth))
    assert response.status_code == 400
    assert stored() == (0, 0)


def test_real_event_depth_is_accepted(client: Client, endpoint: Any, double: Any) -> None:
    assert post(client, endpoint, nested(20)).status_code == 200
    assert stored() == (1, 1)


@pytest.mark.parametrize(
    "body",
    [
        b'{"object": "event", "id": "evt_1", "n": 1' + b"0" * 5000 + b"}",
        b'{"object": "event", "id": "evt_1", "n": 1e999}',
        b'{"object": "event", "id": "evt_1", "n": NaN}',
        b'{"object": "event", "id": "evt_1", "s": "\\ud800"}',
        b'{"object": "event", "id": "evt_1"' + b" " * 10 + b"garbage",
    ],
)
def test_values_the_parser_refuses_are_400(client: Client, endpoint: Any, body: bytes) -> None:
    assert post(client, endpoint, body).status_code == 400
    assert stored() == (0, 0)
