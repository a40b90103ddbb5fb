"""Webhook deliveries as Stripe sends them, posted with Django's test client (either package)."""

from __future__ import annotations

import json
import time
from typing import Any

from . import known, signing

#: The URL Stripe was given for the endpoint (dj-stripe's ``webhook/<uuid>/``).
ENDPOINT_PATH = f"/stripe/webhook/{known.ENDPOINT_UUID}/"


def event_payload(event_id: str, event_type: str, obj: dict[str, Any]) -> str:
    """An event as Stripe would deliver it around ``obj``."""
    return json.dumps(
        {
            "id": event_id,
            "object": "event",
            "api_version": "2026-05-27.dahlia",
            "created": int(time.time()),
            "data": {"object": obj},
            "livemode": False,
            "pending_webhooks": 1,
            "request": {"id": None, "idempotency_key": None},
            "type": event_type,
        }
    )


def post(path: str, payload: str, secret: str) -> int:
    """POST a signed delivery through Django's test client; the status code."""
    from django.test import Client

    response = Client().post(
        path,
        data=payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=signing.signature_header(payload, secret),
    )
    return response.status_code
