"""Helpers of the compatibility tests: a webhook endpoint and signed deliveries to it."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from djstripe.testing.signing import signature_header

SECRET = "whsec_compat_0123456789abcdef"


@pytest.fixture
def webhook_endpoint(db: Any) -> Any:
    """A webhook endpoint row with a known secret (as Stripe answers its creation)."""
    from djstripe.models import WebhookEndpoint

    endpoint_uuid = str(uuid.uuid4())
    return WebhookEndpoint.sync_from_stripe_data(
        {
            "id": f"we_{uuid.uuid4().hex[:20]}",
            "object": "webhook_endpoint",
            "api_version": None,
            "application": None,
            "created": 1700000000,
            "description": "compat tests",
            "enabled_events": ["*"],
            "livemode": False,
            "metadata": {"djstripe_uuid": endpoint_uuid},
            "secret": SECRET,
            "status": "enabled",
            "url": f"https://example.com/stripe/webhook/{endpoint_uuid}/",
        }
    )


def event_for(event_type: str, obj: dict[str, Any], *, created: int = 1_700_000_000) -> dict:
    """A Stripe event of ``event_type`` carrying ``obj``."""
    return {
        "id": f"evt_{uuid.uuid4().hex[:24]}",
        "object": "event",
        "api_version": "2026-10-28.endive",
        "created": created,
        "data": {"object": obj},
        "livemode": False,
        "pending_webhooks": 1,
        "request": {"id": None, "idempotency_key": None},
        "type": event_type,
    }


def deliver(endpoint: Any, event: dict[str, Any]) -> Any:
    """POST ``event`` to the endpoint's webhook URL, signed as Stripe signs it."""
    body = json.dumps(event).encode()
    url = reverse("djstripe:djstripe_webhook_by_uuid", kwargs={"uuid": endpoint.djstripe_uuid})
    return Client().post(
        url,
        data=body,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=signature_header(body, SECRET),
    )
