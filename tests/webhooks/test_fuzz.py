"""Property-based: whatever arrives, the view never answers 500, and nothing that is
not signed with the endpoint's secret leaves a row behind."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from djstripe.models import Customer, Event, WebhookEventTrigger
from djstripe.testing.signing import compute_signature, signature_header

from .conftest import SECRET, url_of

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=1500,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)
object_names = st.sampled_from(
    [
        "customer",
        "product",
        "price",
        "subscription",
        "invoice",
        "card",
        "event",
        "account",
        "thing",
        "",
    ]
)
event_like = st.fixed_dictionaries(
    {
        "object": st.just("event"),
        "id": st.one_of(st.text(max_size=30), st.integers(), st.just("evt_fuzz")),
        "type": st.one_of(
            st.sampled_from(
                [
                    "customer.updated",
                    "customer.deleted",
                    "product.deleted",
                    "x.y",
                    "invoice.upcoming",
                ]
            ),
            st.text(max_size=30),
        ),
        "created": st.one_of(st.integers(min_value=-1, max_value=2**41), st.text(max_size=5)),
        "livemode": st.one_of(st.booleans(), json_values),
        "data": st.one_of(
            st.fixed_dictionaries(
                {
                    "object": st.dictionaries(
                        st.sampled_from(
                            [
                                "id",
                                "object",
                                "email",
                                "created",
                                "metadata",
                                "customer",
                                "deleted",
                                "livemode",
                                "name",
                                "balance",
                            ]
                        ),
                        st.one_of(json_values, object_names),
                        max_size=8,
                    )
                }
            ),
            json_values,
        ),
    },
    optional={"account": json_values, "api_version": json_values, "request": json_values},
)
bodies = st.one_of(
    st.binary(max_size=300),
    json_values.map(json.dumps).map(str.encode),
    event_like.map(json.dumps).map(str.encode),
)


#: What a WSGI server can hand Django as a header value (bytes read as latin-1).
header_text = st.text(st.characters(min_codepoint=32, max_codepoint=255), max_size=80)


@st.composite
def unsigned_headers(draw: Any, body: bytes) -> dict[str, str]:
    """Every kind of Stripe-Signature but a valid one, plus junk headers."""
    now = int(time.time())
    kind = draw(
        st.sampled_from(
            ["absent", "text", "random_hex", "wrong_secret", "other_body", "old", "debug_header"]
        )
    )
    headers: dict[str, str] = {}
    if kind == "text":
        headers["HTTP_STRIPE_SIGNATURE"] = draw(header_text)
    elif kind == "random_hex":
        hexes = draw(
            st.lists(st.text("0123456789abcdef", min_size=64, max_size=64), min_size=1, max_size=3)
        )
        headers["HTTP_STRIPE_SIGNATURE"] = f"t={now}," + ",".join(f"v1={h}" for h in hexes)
    elif kind in ("wrong_secret", "debug_header"):
        secret = draw(header_text.filter(lambda s: s.strip() not in ("", SECRET)))
        headers["HTTP_STRIPE_SIGNATURE"] = signature_header(body, secret)
        if kind == "debug_header":
            headers["HTTP_X_DJSTRIPE_WEBHOOK_SECRET"] = secret
    elif kind == "other_body":
        headers["HTTP_STRIPE_SIGNATURE"] = signature_header(body + b" ", SECRET)
    elif kind == "old":
        then = now - draw(st.integers(min_value=301, max_value=10**9))
        headers["HTTP_STRIPE_SIGNATURE"] = f"t={then},v1={compute_signature(body, SECRET, then)}"
    for name, value in draw(
        st.dictionaries(
            st.sampled_from(
                [
                    "HTTP_X_FORWARDED_FOR",
                    "HTTP_AUTHORIZATION",
                    "HTTP_COOKIE",
                    "CONTENT_TYPE",
                    "HTTP_USER_AGENT",
                ]
            ),
            header_text,
            max_size=3,
        )
    ).items():
        headers[name] = value
    return headers


def no_rows() -> bool:
    return not (
        WebhookEventTrigger.objects.exists() or Event.objects.exists() or Customer.objects.exists()
    )


def test_unsigned_input_never_500_and_never_stored(
    endpoint: Any, double: Any, settings_fixture: Any
) -> None:
    client = Client()
    settings_fixture.DEBUG = True  # no debug bypass either

    @FUZZ
    @given(
        data=st.data(),
        body=bodies,
        method=st.sampled_from(["post"] * 8 + ["get", "put", "delete", "patch"]),
    )
    def check(data: Any, body: bytes, method: str) -> None:
        headers = data.draw(unsigned_headers(body))
        content_type = headers.pop("CONTENT_TYPE", "application/json")
        if method == "get":
            response = client.get(url_of(endpoint), **headers)
        else:
            response = getattr(client, method)(
                url_of(endpoint), data=body, content_type=content_type, **headers
            )
        assert response.status_code in (400, 405, 413), response.status_code
        assert no_rows()

    check()


def test_signed_random_bodies_never_500(endpoint: Any, double: Any) -> None:
    client = Client()

    @settings(FUZZ, max_examples=600)
    @given(body=bodies)
    def check(body: bytes) -> None:
        response = client.post(
            url_of(endpoint),
            data=body,
            content_type="application/json",
            HTTP_STRIPE_SIGNATURE=signature_header(body, SECRET),
        )
        assert response.status_code in (200, 400), (response.status_code, body)

    check()


@pytest.fixture
def settings_fixture(settings: Any) -> Any:
    return settings


@pytest.mark.parametrize(
    "fragment",
    ['"amount": 1e400', '"amount": NaN', '"amount": -Infinity', '"name": "\\ud800"'],
)
def test_bodies_json_cannot_store_back_are_refused(fragment: str) -> None:
    from djstripe.webhooks.verification import MalformedEventError, parse_event

    body = (
        '{"id": "evt_1", "object": "event", "type": "customer.updated", "created": 1, '
        '"data": {"object": {"id": "cus_1", "object": "customer", ' + fragment + "}}}"
    )
    with pytest.raises(MalformedEventError):
        parse_event(body)
