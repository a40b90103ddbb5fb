"""Webhook entry points and view mixins as dj-stripe 2.11 projects use them."""

from __future__ import annotations

import importlib
import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import RequestFactory, override_settings
from django.urls import clear_url_caches, resolve, reverse
from django.views.generic import TemplateView

from djstripe.models import Customer, Event, WebhookEventTrigger
from djstripe.testing.signing import signature_header

from ..conftest import example
from .conftest import SECRET, deliver, event_for

pytestmark = pytest.mark.django_db(transaction=True)


def _signed_request(body: bytes, secret: str = SECRET) -> Any:
    return RequestFactory().post(
        "/my/own/webhook/",
        data=body,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=signature_header(body, secret),
    )


def test_from_request_in_a_view_of_your_own(double: Any, webhook_endpoint: Any) -> None:
    event = event_for("customer.created", example("customer", id="cus_own_view"))
    request = _signed_request(json.dumps(event).encode())
    trigger = WebhookEventTrigger.from_request(request, webhook_endpoint=webhook_endpoint)
    assert trigger.valid and trigger.processed
    assert Event.objects.get(id=event["id"]).djstripe_status == "processed"
    assert Customer.objects.filter(id="cus_own_view").exists()


def test_from_request_with_a_bad_signature(double: Any, webhook_endpoint: Any) -> None:
    event = event_for("customer.created", example("customer", id="cus_forged"))
    request = _signed_request(json.dumps(event).encode(), secret="whsec_not_the_secret")
    trigger = WebhookEventTrigger.from_request(request, webhook_endpoint=webhook_endpoint)
    assert not trigger.valid and not trigger.processed
    assert not Event.objects.filter(id=event["id"]).exists()
    assert not Customer.objects.filter(id="cus_forged").exists()


CALLED: list[tuple[int, str]] = []


def queue_for_later(trigger: Any, api_key: str | None = None) -> None:
    """A ``DJSTRIPE_WEBHOOK_EVENT_CALLBACK`` as dj-stripe's settings reference shows it."""
    CALLED.append((trigger.pk, api_key or ""))


def test_webhook_event_callback_then_process(
    double: Any, webhook_endpoint: Any, settings: Any
) -> None:
    settings.DJSTRIPE_WEBHOOK_EVENT_CALLBACK = f"{__name__}.queue_for_later"
    CALLED.clear()
    event = event_for("customer.created", example("customer", id="cus_later"))
    assert deliver(webhook_endpoint, event).status_code == 200
    assert not Customer.objects.filter(id="cus_later").exists()  # left to the callback
    [(pk, api_key)] = CALLED
    assert api_key.startswith("sk_test_")
    # The documented task: fetch the trigger and process it.
    processed = WebhookEventTrigger.objects.get(pk=pk).process()
    assert processed.type == "customer.created"
    assert Customer.objects.filter(id="cus_later").exists()


@pytest.fixture
def no_append_slash() -> Iterator[None]:
    import djstripe.urls
    import tests.urls

    with override_settings(APPEND_SLASH=False):
        importlib.reload(djstripe.urls)
        importlib.reload(tests.urls)
        clear_url_caches()
        yield
    importlib.reload(djstripe.urls)
    importlib.reload(tests.urls)
    clear_url_caches()


def test_webhook_url_without_trailing_slash(
    double: Any, webhook_endpoint: Any, no_append_slash: None
) -> None:
    from djstripe.urls import trailing_slash

    url = reverse(
        "djstripe:djstripe_webhook_by_uuid", kwargs={"uuid": webhook_endpoint.djstripe_uuid}
    )
    assert not url.endswith("/") and trailing_slash("webhook") == "webhook"
    assert resolve(url).url_name == "djstripe_webhook_by_uuid"
    event = event_for("customer.created", example("customer", id="cus_noslash"))
    assert deliver(webhook_endpoint, event).status_code == 200
    assert Customer.objects.filter(id="cus_noslash").exists()


def test_webhook_url_with_trailing_slash(webhook_endpoint: Any) -> None:
    url = reverse(
        "djstripe:djstripe_webhook_by_uuid", kwargs={"uuid": webhook_endpoint.djstripe_uuid}
    )
    assert url == f"/stripe/webhook/{webhook_endpoint.djstripe_uuid}/"


class PricingPage(TemplateView):
    template_name = "pricing.html"


def test_subscription_mixin_context(double: Any, settings: Any) -> None:
    from django.contrib.auth import get_user_model

    from djstripe.mixins import PaymentsContextMixin, SubscriptionMixin

    class Page(SubscriptionMixin, PricingPage):
        pass

    class Prices(PaymentsContextMixin, PricingPage):
        pass

    user = get_user_model().objects.create_user(username="mixin", email="mixin@example.com")
    request = RequestFactory().get("/pricing/")
    request.user = user
    context = Page(request=request).get_context_data()
    assert context["STRIPE_PUBLIC_KEY"] == settings.STRIPE_TEST_PUBLIC_KEY
    assert context["customer"].subscriber == user
    assert context["subscription"] is None
    assert context["is_prices_plural"] is False
    assert list(context["prices"]) == []
    assert set(Prices(request=request).get_context_data()) >= {"STRIPE_PUBLIC_KEY", "prices"}


def test_verbosity_aware_output(capsys: Any) -> None:
    from djstripe.mixins import VerbosityAwareOutputMixin

    class Command(VerbosityAwareOutputMixin):
        pass

    command = Command()
    command.set_verbosity({"verbosity": 1})
    command.output("shown")
    command.verbose_output("hidden")
    command.set_verbosity({"verbosity": 2})
    command.verbose_output("now shown")
    assert capsys.readouterr().out == "shown\nnow shown\n"
