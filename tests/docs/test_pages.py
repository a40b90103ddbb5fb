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


def test_the_installed_apps_of_the_installation_page_pass_djangos_checks(monkeypatch):
    """Copied as is into a project made by ``startproject``, the list passes the admin's
    checks (``admin.E406``: the messages app) and djstripe's."""
    from django.contrib.admin.checks import check_dependencies
    from django.core import checks
    from django.test import override_settings

    from .examples import blocks

    monkeypatch.setenv("STRIPE_TEST_SECRET_KEY", "sk_test_docs0example0key")
    [block] = [b for b in blocks("installation.md") if b.title == "settings.py"][:1]
    values: dict = {"__name__": "docs_settings"}
    exec(compile(block.code, block.where, "exec"), values)  # noqa: S102 - our own docs

    with override_settings(INSTALLED_APPS=values["INSTALLED_APPS"]):
        assert check_dependencies() == []
        errors = [m for m in checks.run_checks(databases=[]) if m.is_serious()]
    assert errors == []


def test_the_loggers_the_going_live_page_names_exist():
    """Operators filter on these names: each is a logger djstripe really writes to."""
    import re
    from pathlib import Path

    from .examples import DOCS

    page = (DOCS / "going-live.md").read_text(encoding="utf-8")
    named = {
        name
        for row in page.splitlines()
        if row.startswith("| `djstripe.")
        for name in re.findall(r"`(djstripe\.[\w.]+)`", row.split("|")[1])
    }
    assert len(named) >= 5
    package = Path(__file__).resolve().parents[2] / "djstripe"
    sources = {
        ".".join(path.relative_to(package.parent).with_suffix("").parts): path.read_text()
        for path in package.rglob("*.py")
    }
    missing = [
        name
        for name in sorted(named)
        if f'getLogger("{name}")' not in "".join(sources.values())
        and "getLogger(__name__)" not in sources.get(name, "")
    ]
    assert missing == []
