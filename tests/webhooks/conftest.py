"""Shared helpers of the webhook tests: an endpoint, signed deliveries, posting them."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from djstripe.testing.signing import signature_header

SECRET = "whsec_test_secret_0123456789"


def statement_budget(base: int = 10) -> int:
    """Statements a delivery may cost: ``base``, plus on MySQL/MariaDB the three its
    dialect adds (foreign key checks off and back on, since MySQL cannot defer them,
    and reading back the upserted rows, since it has no ``RETURNING``)."""
    from django.db import connection

    return base + 3 if connection.vendor == "mysql" else base


@pytest.fixture
def endpoint(db: Any) -> Any:
    """A webhook endpoint row with a known secret, as after ``POST /v1/webhook_endpoints``."""
    from djstripe.models import WebhookEndpoint

    return WebhookEndpoint.sync_from_stripe_data(endpoint_data())


@pytest.fixture
def connect_endpoint(db: Any) -> Any:
    """A Connect endpoint (connected accounts' events): Stripe reports it by its
    ``application``."""
    from djstripe.models import WebhookEndpoint

    return WebhookEndpoint.sync_from_stripe_data(endpoint_data(application="ca_djstripe0tests"))


def endpoint_data(secret: str = SECRET, **changes: Any) -> dict[str, Any]:
    endpoint_uuid = changes.pop("djstripe_uuid", None) or str(uuid.uuid4())
    data = {
        "id": f"we_{uuid.uuid4().hex[:20]}",
        "object": "webhook_endpoint",
        "api_version": None,
        "application": None,
        "created": 1700000000,
        "description": "tests",
        "enabled_events": ["*"],
        "livemode": False,
        "metadata": {"djstripe_uuid": endpoint_uuid},
        "secret": secret,
        "status": "enabled",
        "url": f"https://example.com/stripe/webhook/{endpoint_uuid}/",
    }
    data.update(changes)
    return data


def url_of(endpoint: Any) -> str:
    return reverse("djstripe:djstripe_webhook_by_uuid", kwargs={"uuid": endpoint.djstripe_uuid})


def event(
    event_type: str,
    obj: dict[str, Any],
    *,
    created: int = 1_700_000_000,
    event_id: str | None = None,
    **changes: Any,
) -> dict[str, Any]:
    data = {
        "id": event_id or f"evt_{uuid.uuid4().hex[:24]}",
        "object": "event",
        "api_version": "2026-10-28.endive",
        "created": created,
        "data": {"object": obj},
        "livemode": False,
        "pending_webhooks": 1,
        "request": {"id": None, "idempotency_key": None},
        "type": event_type,
    }
    data.update(changes)
    return data


def post(
    client: Client,
    endpoint: Any,
    body: dict[str, Any] | bytes | str,
    *,
    secret: str = SECRET,
    timestamp: int | None = None,
    signature: str | None = None,
    **headers: Any,
) -> Any:
    """POST a delivery signed with ``secret`` (or with an explicit ``signature`` header)."""
    raw = body if isinstance(body, (bytes, str)) else json.dumps(body)
    raw_bytes = raw.encode() if isinstance(raw, str) else raw
    if signature is None:
        signature = signature_header(raw_bytes, secret, timestamp=timestamp or int(time.time()))
    if signature:
        headers["HTTP_STRIPE_SIGNATURE"] = signature
    return client.post(url_of(endpoint), data=raw_bytes, content_type="application/json", **headers)


@pytest.fixture
def client() -> Iterator[Client]:
    yield Client()
