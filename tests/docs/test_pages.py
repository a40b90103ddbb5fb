"""Pages whose examples define views or functions: run the page, then use them."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory

from djstripe.models import Event, Session

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
