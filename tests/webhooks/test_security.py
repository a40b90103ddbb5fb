"""The webhook security suite: every way a delivery is refused, with status and rows.

A refused request stores nothing: no delivery record, no event, no mirrored row.
"""

from __future__ import annotations

import datetime
import json
import time
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from djstripe.models import Customer, Event, WebhookEndpoint, WebhookEventTrigger
from djstripe.testing.signing import signature_header

from ..conftest import example
from .conftest import SECRET, event, post, url_of

pytestmark = pytest.mark.django_db


def stored() -> tuple[int, int, int]:
    """(delivery records, events, customers)."""
    return (
        WebhookEventTrigger.objects.count(),
        Event.objects.count(),
        Customer.objects.count(),
    )


def customer_event(**changes: Any) -> dict[str, Any]:
    return event("customer.updated", example("customer", email="new@example.com"), **changes)


def test_signed_delivery_is_stored_processed_and_answered_200(
    client: Client, endpoint: Any, double: Any
) -> None:
    response = post(client, endpoint, customer_event())
    assert response.status_code == 200
    assert stored() == (1, 1, 1)
    trigger = WebhookEventTrigger.objects.get()
    assert (trigger.valid, trigger.processed, trigger.exception) == (True, True, "")
    assert trigger.webhook_endpoint_id == endpoint.id


def test_missing_signature_header_is_400(client: Client, endpoint: Any) -> None:
    response = post(client, endpoint, customer_event(), signature="")
    assert response.status_code == 400
    assert stored() == (0, 0, 0)


@pytest.mark.parametrize(
    "header",
    [
        "t=1700000000,v1=" + "0" * 64,
        "v1=abc",
        "t=notanumber,v1=abc",
        "nonsense",
        "t=1,v1=ü" * 3,
    ],
)
def test_bad_signature_is_400(client: Client, endpoint: Any, header: str) -> None:
    response = post(client, endpoint, customer_event(), signature=header)
    assert response.status_code == 400
    assert stored() == (0, 0, 0)


def test_signature_with_another_secret_is_400(client: Client, endpoint: Any) -> None:
    response = post(client, endpoint, customer_event(), secret="whsec_someone_else")
    assert response.status_code == 400
    assert stored() == (0, 0, 0)


def test_signature_over_another_body_is_400(client: Client, endpoint: Any) -> None:
    body = json.dumps(customer_event())
    header = signature_header(body.replace("new@", "evil@"), SECRET)
    response = post(client, endpoint, body, signature=header)
    assert response.status_code == 400
    assert stored() == (0, 0, 0)


def test_unknown_scheme_only_is_400(client: Client, endpoint: Any) -> None:
    body = json.dumps(customer_event())
    response = post(client, endpoint, body, signature=signature_header(body, SECRET, scheme="v0"))
    assert response.status_code == 400
    assert stored() == (0, 0, 0)


def test_old_timestamp_is_400(client: Client, endpoint: Any) -> None:
    response = post(client, endpoint, customer_event(), timestamp=int(time.time()) - 301)
    assert response.status_code == 400
    assert stored() == (0, 0, 0)


def test_timestamp_within_the_endpoint_tolerance_is_accepted(
    client: Client, endpoint: Any, double: Any
) -> None:
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(djstripe_tolerance=3600)
    endpoint.refresh_from_db()
    response = post(client, endpoint, customer_event(), timestamp=int(time.time()) - 1800)
    assert response.status_code == 200


def test_rotated_secret_previous_one_accepted_until_it_expires(
    client: Client, endpoint: Any, double: Any
) -> None:
    endpoint.roll_secret("whsec_new_secret", previous_valid_for=datetime.timedelta(hours=1))
    assert post(client, endpoint, customer_event(), secret="whsec_new_secret").status_code == 200
    assert post(client, endpoint, customer_event(), secret=SECRET).status_code == 200
    assert stored()[:2] == (2, 2)
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
        djstripe_previous_secret_expires=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert post(client, endpoint, customer_event(), secret=SECRET).status_code == 400
    assert post(client, endpoint, customer_event(), secret="whsec_new_secret").status_code == 200
    assert stored()[:2] == (3, 3)


def test_unknown_uuid_is_404(client: Client, endpoint: Any) -> None:
    body = json.dumps(customer_event())
    url = "/stripe/webhook/00000000-0000-4000-8000-000000000000/"
    response = client.post(
        url,
        data=body,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=signature_header(body, SECRET),
    )
    assert response.status_code == 404
    assert stored() == (0, 0, 0)


@pytest.mark.parametrize("method", ["get", "put", "patch", "delete"])
def test_methods_other_than_post_are_405(client: Client, endpoint: Any, method: str) -> None:
    response = getattr(client, method)(url_of(endpoint))
    assert response.status_code == 405
    assert "POST" in response["Allow"]
    assert stored() == (0, 0, 0)


def test_head_and_options_answer_without_touching_anything(client: Client, endpoint: Any) -> None:
    assert client.head(url_of(endpoint)).status_code == 200
    assert client.options(url_of(endpoint)).status_code == 200
    assert stored() == (0, 0, 0)


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"\xff\xfe\x00 invalid utf-8",
        b"[]",
        b'{"object": "customer", "id": "cus_1"}',
        b'{"object": "event", "id": "evt_1", "type": "customer.updated", "data": {}}',
        b'{"object": "event", "id": 5, "type": "x", "created": 1, "data": {}}',
        b'{"object": "event", "id": "evt_1", "type": "x", "created": "1", "data": {}}',
        b'{"object": "event", "id": "evt_1", "type": "x", "created": 1, "data": []}',
        b"",
    ],
)
def test_signed_body_that_is_not_an_event_is_400(
    client: Client, endpoint: Any, body: bytes
) -> None:
    response = post(client, endpoint, body)
    assert response.status_code == 400
    assert stored() == (0, 0, 0)


def test_oversized_body_is_413_without_reading_it(
    client: Client, endpoint: Any, settings: Any
) -> None:
    settings.DJSTRIPE_WEBHOOK_MAX_BODY_BYTES = 1000
    body = json.dumps(customer_event(padding="x" * 2000))
    assert post(client, endpoint, body).status_code == 413
    assert stored() == (0, 0, 0)


def test_body_over_the_limit_without_content_length_is_413(endpoint: Any, settings: Any) -> None:
    from django.test import RequestFactory

    from djstripe.webhooks.views import ProcessWebhookView

    settings.DJSTRIPE_WEBHOOK_MAX_BODY_BYTES = 100
    body = json.dumps(customer_event()).encode()
    request = RequestFactory().post(
        url_of(endpoint),
        data=body,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=signature_header(body, SECRET),
    )
    request.META["CONTENT_LENGTH"] = ""  # chunked: the limit is enforced while reading
    request._stream.limit = len(body)  # type: ignore[attr-defined]
    response = ProcessWebhookView.as_view()(request, uuid=endpoint.djstripe_uuid)
    assert response.status_code == 413
    assert stored() == (0, 0, 0)


def test_forged_debug_secret_header_is_refused(
    client: Client, endpoint: Any, settings: Any
) -> None:
    """dj-stripe let ``X-Djstripe-Webhook-Secret`` replace the secret under DEBUG."""
    settings.DEBUG = True
    forged = "whsec_forged"
    response = post(
        client, endpoint, customer_event(), secret=forged, HTTP_X_DJSTRIPE_WEBHOOK_SECRET=forged
    )
    assert response.status_code == 400
    assert stored() == (0, 0, 0)


def test_endpoint_without_secret_refuses_everything(client: Client, double: Any) -> None:
    endpoint = WebhookEndpoint.sync_from_stripe_data(example("webhook_endpoint"))
    assert endpoint.secret is None
    assert post(client, endpoint, customer_event(), secret="").status_code == 400
    assert post(client, endpoint, customer_event(), secret="whsec_guess").status_code == 400
    assert stored() == (0, 0, 0)


def test_validation_none_accepts_unsigned_deliveries(
    client: Client, endpoint: Any, double: Any
) -> None:
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(djstripe_validation_method="none")
    endpoint.refresh_from_db()
    assert post(client, endpoint, customer_event(), signature="").status_code == 200
    assert stored() == (1, 1, 1)


def test_retrieve_event_stores_stripes_copy_not_the_body(
    client: Client, endpoint: Any, double: Any
) -> None:
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
        djstripe_validation_method="retrieve_event"
    )
    endpoint.refresh_from_db()
    genuine = customer_event(event_id="evt_genuine")
    double.put(genuine)
    forged = json.loads(json.dumps(genuine))
    forged["data"]["object"]["email"] = "forged@example.com"
    response = post(client, endpoint, forged, secret="whsec_unrelated")
    assert response.status_code == 200
    assert Event.objects.get().data["object"]["email"] == "new@example.com"
    assert Customer.objects.get().email == "new@example.com"
    unknown = customer_event(event_id="evt_unknown_to_stripe")
    assert post(client, endpoint, unknown).status_code == 400
    assert post(client, endpoint, customer_event(), signature="").status_code == 400
    assert stored() == (1, 1, 1)


def test_view_is_csrf_and_login_exempt(endpoint: Any, settings: Any, double: Any) -> None:
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE,
        "django.contrib.auth.middleware.LoginRequiredMiddleware",
    ]
    client = Client(enforce_csrf_checks=True)
    assert post(client, endpoint, customer_event()).status_code == 200


def test_credentials_headers_are_not_stored(client: Client, endpoint: Any, double: Any) -> None:
    post(
        client,
        endpoint,
        customer_event(),
        HTTP_AUTHORIZATION="Bearer secret",
        HTTP_COOKIE="sessionid=abc",
        HTTP_X_CUSTOM="kept",
    )
    headers = {k.lower(): v for k, v in WebhookEventTrigger.objects.get().headers.items()}
    assert "authorization" not in headers
    assert "cookie" not in headers
    assert headers["x-custom"] == "kept"
    assert "stripe-signature" in headers


@pytest.mark.parametrize(
    ("trust", "forwarded", "expected"),
    [
        (False, "203.0.113.9", "127.0.0.1"),
        (True, "203.0.113.9", "203.0.113.9"),
        (True, "10.0.0.1, 198.51.100.7", "198.51.100.7"),
        (True, "garbage", "127.0.0.1"),
    ],
)
def test_remote_ip_uses_forwarded_for_only_behind_a_trusted_proxy(
    client: Client,
    endpoint: Any,
    double: Any,
    settings: Any,
    trust: bool,
    forwarded: str,
    expected: str,
) -> None:
    settings.DJSTRIPE_WEBHOOK_TRUST_X_FORWARDED_FOR = trust
    post(client, endpoint, customer_event(), HTTP_X_FORWARDED_FOR=forwarded)
    assert WebhookEventTrigger.objects.get().remote_ip == expected


def test_lifecycle_signals_with_dj_stripes_names_and_arguments(
    client: Client, endpoint: Any, double: Any
) -> None:
    from djstripe import signals

    seen: list[tuple[str, dict[str, Any]]] = []

    def recorder(name: str) -> Any:
        def receive(sender: Any, **kwargs: Any) -> None:
            assert sender is WebhookEventTrigger
            seen.append((name, kwargs))

        return receive

    receivers = {
        name: recorder(name)
        for name in (
            "webhook_pre_validate",
            "webhook_post_validate",
            "webhook_pre_process",
            "webhook_post_process",
        )
    }
    for name, receiver in receivers.items():
        getattr(signals, name).connect(receiver)
    try:
        post(client, endpoint, customer_event())
        post(client, endpoint, customer_event(), secret="whsec_wrong")
    finally:
        for name, receiver in receivers.items():
            getattr(signals, name).disconnect(receiver)
    names = [name for name, _ in seen]
    assert names == [
        "webhook_pre_validate",
        "webhook_post_validate",
        "webhook_pre_process",
        "webhook_post_process",
        "webhook_pre_validate",
        "webhook_post_validate",
    ]
    assert seen[1][1]["valid"] is True and seen[5][1]["valid"] is False
    assert "api_key" in seen[3][1]
    assert all(isinstance(kw["instance"], WebhookEventTrigger) for _, kw in seen)


@pytest.mark.parametrize("where", ["id", "type", "data"])
def test_signed_event_with_nul_characters_is_400(client: Client, endpoint: Any, where: str) -> None:
    """PostgreSQL cannot store NUL in text or jsonb; Stripe never sends it."""
    delivery = customer_event()
    if where == "data":
        delivery["data"]["object"]["name"] = "a\x00b"
    else:
        delivery[where] = f"{delivery[where]}\x00"
    assert post(client, endpoint, delivery).status_code == 400
    assert stored() == (0, 0, 0)
