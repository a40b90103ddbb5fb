"""Events and webhook endpoints."""

from __future__ import annotations

import datetime
import uuid

from djstripe.models.webhooks import UUID_NAMESPACE

from ...conftest import example, older_shape
from ..roundtrip import Case

UTC = datetime.UTC
T_1234567890 = datetime.datetime(2009, 2, 13, 23, 31, 30, tzinfo=UTC)

CASES = [
    Case(
        model="Event",
        data=lambda: example("event", request={"id": "req_123", "idempotency_key": "key-1"}),
        expect={
            "livemode": False,
            "created": T_1234567890,
            "metadata": None,
            "api_version": "",  # Stripe sends null for some events (account.application.*)
            "data": example("event")["data"],
            "request_id": "req_123",
            "idempotency_key": "key-1",
            "type": "plan.created",
        },
    ),
    Case(
        model="Event",
        shape="2016-07-06",
        data=lambda: older_shape("event_2016-07-06"),
        expect={
            "livemode": False,
            "created": datetime.datetime.fromtimestamp(1470000000, tz=UTC),
            "metadata": None,
            "api_version": "2016-07-06",
            "data": older_shape("event_2016-07-06")["data"],
            "request_id": "req_8zxlLnFfDQ6ZHq",  # a plain string before 2017-05-25
            "idempotency_key": "",
            "type": "customer.updated",
        },
    ),
    Case(
        model="WebhookEndpoint",
        data=lambda: example("webhook_endpoint"),
        expect={
            "livemode": False,
            "created": T_1234567890,
            "metadata": {},
            "api_version": "",
            "enabled_events": ["charge.failed", "charge.succeeded"],
            "secret": None,  # Stripe returns the secret only when creating an endpoint
            "status": "enabled",
            "url": "https://example.com/my/webhook/endpoint",
            "application": "",
            "connect": False,
            # no metadata.djstripe_uuid: a stable uuid derived from the Stripe id
            "djstripe_uuid": uuid.uuid5(UUID_NAMESPACE, "we_1Pgc6yB7WZ01zgkWzAudq4eU"),
        },
    ),
    Case(
        model="WebhookEndpoint",
        name="created",
        data=lambda: example(
            "webhook_endpoint",
            secret="whsec_created",
            api_version="2026-10-28.endive",
            metadata={"djstripe_uuid": "0b7c1c4e-5a0e-4a5b-8d7e-4c2b9f0d1e2f"},
            application="ca_1Pgc6yB7WZ01zgkW",  # a Connect endpoint (created with connect=true)
        ),
        expect={
            "livemode": False,
            "created": T_1234567890,
            "metadata": {"djstripe_uuid": "0b7c1c4e-5a0e-4a5b-8d7e-4c2b9f0d1e2f"},
            "api_version": "2026-10-28.endive",
            "enabled_events": ["charge.failed", "charge.succeeded"],
            "secret": "whsec_created",
            "status": "enabled",
            "url": "https://example.com/my/webhook/endpoint",
            "application": "ca_1Pgc6yB7WZ01zgkW",
            "connect": True,
            "djstripe_uuid": uuid.UUID("0b7c1c4e-5a0e-4a5b-8d7e-4c2b9f0d1e2f"),
        },
    ),
]
