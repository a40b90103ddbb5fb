"""Django's error reports of a failed delivery hold no secret.

When an exception escapes the webhook view, Django renders its frames' local
variables: in the ``DEBUG`` page and in the HTML mail of ``AdminEmailHandler``. The
Stripe secret key and the endpoint's ``whsec_`` secret sit in many of those frames
(djstripe's and stripe-python's); none may reach the report.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

import pytest
import stripe
from django.conf import settings as django_settings
from django.core.signals import got_request_exception
from django.test import Client
from django.views.debug import ExceptionReporter

from djstripe import event_handlers, signals, stripe_api
from djstripe.models import Event
from djstripe.signals import WEBHOOK_SIGNALS
from djstripe.sync.source import Source

from ..conftest import example
from .conftest import SECRET, event, post

pytestmark = pytest.mark.django_db


def secrets() -> list[str]:
    return [django_settings.STRIPE_TEST_SECRET_KEY, SECRET, "whsec_"]


class StripeCallFailedError(Exception):
    """What a user's receiver raises after a failed Stripe call."""


@pytest.fixture
def failing_receivers() -> Iterator[None]:
    """A post-process receiver whose Stripe call fails (inside stripe-python's frames),
    and an error receiver that re-raises, so the exception escapes the view."""

    def call_stripe(sender: Any, instance: Any, api_key: str, **kwargs: Any) -> None:
        stripe_api.retrieve("/v1/customers/cus_not_there", api_key=api_key)

    def reraise(sender: Any, exception: BaseException, **kwargs: Any) -> None:
        raise StripeCallFailedError("processing failed") from exception

    signals.webhook_post_process.connect(call_stripe)
    signals.webhook_processing_error.connect(reraise)
    yield
    signals.webhook_post_process.disconnect(call_stripe)
    signals.webhook_processing_error.disconnect(reraise)


@pytest.fixture
def captured() -> Iterator[list[tuple[Any, Any]]]:
    """(request, exc_info) of every exception that escapes a view."""
    found: list[tuple[Any, Any]] = []

    def capture(sender: Any, request: Any = None, **kwargs: Any) -> None:
        found.append((request, sys.exc_info()))

    got_request_exception.connect(capture)
    yield found
    got_request_exception.disconnect(capture)


@pytest.mark.parametrize("is_email", [True, False])
def test_error_report_of_a_failed_delivery_holds_no_secret(
    endpoint: Any, double: Any, failing_receivers: None, captured: list[Any], is_email: bool
) -> None:
    client = Client(raise_request_exception=False)
    response = post(client, endpoint, event("customer.updated", example("customer")))
    assert response.status_code == 500
    ((request, (exc_type, exc, tb)),) = captured
    assert exc_type is StripeCallFailedError
    html = ExceptionReporter(request, exc_type, exc, tb, is_email=is_email).get_traceback_html()
    text = ExceptionReporter(request, exc_type, exc, tb, is_email=is_email).get_traceback_text()
    assert "cus_not_there" in html  # the report is the real one, with the Stripe frames
    for secret in secrets():
        assert secret not in html
        assert secret not in text


def test_debug_page_of_a_failed_delivery_holds_no_secret(
    endpoint: Any, double: Any, failing_receivers: None, settings: Any
) -> None:
    """Django's DEBUG page shows every local unfiltered, unless the view filters them."""
    settings.DEBUG = True
    # A setting whose name says nothing of the secret it holds is hidden by its value.
    settings.PAYMENT_PROVIDERS = {"stripe": [django_settings.STRIPE_TEST_SECRET_KEY]}
    client = Client(raise_request_exception=False)
    response = post(client, endpoint, event("customer.updated", example("customer")))
    assert response.status_code == 500
    page = response.content.decode()
    assert "cus_not_there" in page and "PAYMENT_PROVIDERS" in page
    for secret in secrets():
        assert secret not in page


def test_report_of_a_failure_outside_a_request_holds_no_secret(double: Any) -> None:
    """A task or command: Django's default filter (DEBUG off) applies djstripe's
    ``sensitive_variables`` marks, down to the frame that resolved the key."""

    @event_handlers.djstripe_receiver("customer.updated")
    def call_stripe(sender: Any, event: Any, **kwargs: Any) -> None:
        stripe_api.retrieve("/v1/customers/cus_not_there")

    try:
        with pytest.raises(stripe.InvalidRequestError) as raised:
            Event.process(
                event("customer.updated", example("customer")),
                api_key=django_settings.STRIPE_TEST_SECRET_KEY,
            )
    finally:
        WEBHOOK_SIGNALS["customer.updated"].disconnect(call_stripe, sender=Event)
    error = raised.value
    html = ExceptionReporter(
        None, type(error), error, error.__traceback__, is_email=True
    ).get_traceback_html()
    assert "cus_not_there" in html
    for secret in secrets():
        assert secret not in html


def test_sync_source_repr_masks_the_api_key() -> None:
    source = Source.api(stamp=1, api_key=django_settings.STRIPE_TEST_SECRET_KEY)
    assert django_settings.STRIPE_TEST_SECRET_KEY not in repr(source)
    assert source.api_key == django_settings.STRIPE_TEST_SECRET_KEY
