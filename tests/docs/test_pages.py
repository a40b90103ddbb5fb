"""Pages whose examples define views or functions: run the page, then use them."""

from __future__ import annotations

import json

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory

from djstripe import stripe_api
from djstripe.models import APIKey, Customer, Event, Session, WebhookEndpoint

from .examples import run_page


def test_checkout_views(example_namespace, settings, stripe_double):
    ns = run_page("checkout.md", dict(example_namespace), settings)
    request = example_namespace["request"]

    response = ns["subscribe"](request)

    session = Session.objects.get(mode="subscription", client_reference_id=str(request.user.pk))
    assert (response.status_code, response.url) == (302, session.url)
    assert "session={CHECKOUT_SESSION_ID}" in stripe_double.get(session.id)["success_url"]

    stripe_double.complete_checkout_session(session.id)
    [event] = stripe_double.events(type="checkout.session.completed")
    Event.process(event)
    ns["render"] = lambda request, template, context: context  # no template in the tests
    back = RequestFactory().get("/welcome/", {"session": session.id})
    back.user = request.user
    assert ns["welcome"](back) == {"paid": True}

    portal = ns["billing"](request)
    assert portal.status_code == 302
    assert stripe_double.objects("billing_portal.session")[0]["url"] == portal.url


def test_subscription_required_decorator(example_namespace, settings):
    ns = run_page("subscribing.md", dict(example_namespace), settings)
    view = ns["subscription_required"](lambda request: HttpResponse("members only"))

    assert view(example_namespace["request"]).content == b"members only"
    stranger = RequestFactory().get("/")
    stranger.user = get_user_model().objects.create_user("bob", "bob@example.com")
    assert view(stranger).url == "/pricing/"
    anonymous = RequestFactory().get("/")
    anonymous.user = AnonymousUser()
    assert view(anonymous).url == "/pricing/"


def test_migrating_import(example_namespace, settings, tmp_path, stripe_double):
    ns = run_page("migrating.md", dict(example_namespace), settings)
    user = example_namespace["user"]
    endpoint = stripe_api.request(
        "post",
        "/v1/webhook_endpoints",
        {"url": "https://old.example.com/x/", "enabled_events": ["*"]},
    ).data
    del endpoint["secret"]  # a backfill never sees it
    WebhookEndpoint.sync_from_stripe_data(endpoint)
    stray = stripe_api.request("post", "/v1/customers", {"email": "x@example.com"}).data
    Customer.sync_from_stripe_data(stray)
    export = {
        "api_keys": [{"secret": "sk_test_exported0key0abc", "name": "old", "livemode": False}],
        "webhook_endpoints": [
            {
                "id": endpoint["id"],
                "secret": "whsec_exported",
                "djstripe_uuid": "0b9e5d6c-1f2a-4b3c-8d4e-5f6a7b8c9d0e",
            }
        ],
        "customers": [{"id": stray["id"], "subscriber": user.pk}],
    }
    path = tmp_path / "djstripe-export.json"
    path.write_text(json.dumps(export))

    ns["import_djstripe_export"](path)
    ns["import_djstripe_export"](path)  # again: nothing changes

    assert APIKey.objects.get(secret="sk_test_exported0key0abc").name == "old"
    row = WebhookEndpoint.objects.get(id=endpoint["id"])
    assert (row.secret, str(row.djstripe_uuid)) == (
        "whsec_exported",
        "0b9e5d6c-1f2a-4b3c-8d4e-5f6a7b8c9d0e",
    )
    assert Customer.objects.get(id=stray["id"]).subscriber == user
