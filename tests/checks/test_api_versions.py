"""A plain ``manage.py check`` says when the API version in use moved away from the one
the webhook endpoints were created with (W011) or the mirror was synced at (W012)."""

from __future__ import annotations

import uuid

import pytest
import stripe
from django.core.management import call_command

from djstripe.api_version_checks import check_endpoint_api_versions, check_sync_api_version
from djstripe.models import SyncRun, WebhookEndpoint

from .conftest import ids

pytestmark = pytest.mark.django_db

OLD, NEW = "2025-09-30.clover", "2026-10-28.endive"


def plain_check() -> list:
    """What ``manage.py check`` (no ``--database``) reports from these two checks."""
    return check_endpoint_api_versions(databases=None) + check_sync_api_version(databases=None)


def endpoint(version: str, *, ours: bool = True, **fields) -> WebhookEndpoint:
    djstripe_uuid = uuid.uuid4()
    url = (
        f"https://shop.example.com/stripe/webhook/{djstripe_uuid}/"
        if ours
        else ("https://crm.example.com/hooks/stripe")
    )
    return WebhookEndpoint.objects.create(
        id=f"we_{uuid.uuid4().hex[:16]}",
        url=url,
        djstripe_uuid=djstripe_uuid,
        api_version=version,
        livemode=False,
        secret="whsec_x",
        **fields,
    )


def test_an_endpoint_created_at_another_version_warns(clean_settings):
    clean_settings.STRIPE_API_VERSION = NEW
    first = endpoint(OLD)
    endpoint(OLD)
    [message] = plain_check()
    assert message.id == "djstripe.W011"
    assert f"STRIPE_API_VERSION is {NEW}" in message.msg
    assert f"{first.id} (and 1 more) was created at {OLD}" in message.msg
    assert f"STRIPE_API_VERSION = '{OLD}'" in message.hint
    assert "djstripe_webhook_endpoint --base-url" in message.hint


def test_without_the_setting_the_message_names_stripe_python(clean_settings):
    del clean_settings.STRIPE_API_VERSION
    endpoint(OLD)
    [message] = plain_check()
    assert f"stripe-python {stripe.VERSION} (STRIPE_API_VERSION is not set)" in message.msg


def test_endpoints_at_the_version_in_use_or_not_ours_or_disabled_pass(clean_settings):
    clean_settings.STRIPE_API_VERSION = NEW
    endpoint(NEW)
    endpoint("")  # Stripe's account default: unknown here
    endpoint(OLD, ours=False)  # another service's endpoint on the same account
    endpoint(OLD, status="disabled")
    assert plain_check() == []


def test_a_sync_at_another_version_warns(clean_settings, stripe_double):
    clean_settings.STRIPE_API_VERSION = OLD
    call_command("djstripe_sync_models", "Product", verbosity=0)
    assert SyncRun.objects.get().options["api_version"] == OLD
    assert plain_check() == []

    clean_settings.STRIPE_API_VERSION = NEW
    [message] = plain_check()
    assert message.id == "djstripe.W012"
    assert f"synced at {OLD}" in message.msg
    assert "djstripe_sync_models --full" in message.hint

    call_command("djstripe_sync_models", "Product", verbosity=0)
    assert plain_check() == []  # the newest run is at the version in use


def test_runs_that_recorded_no_version_are_not_judged(clean_settings):
    clean_settings.STRIPE_API_VERSION = NEW
    SyncRun.objects.create(model_names=["Product"], options={"full": False})
    assert plain_check() == []


def test_the_databases_django_lets_checks_read(clean_settings):
    """A plain ``check`` passes None (Django 5.2) or every database (6.1), ``migrate``
    its own: each may be read. An empty list lets none be read."""
    clean_settings.STRIPE_API_VERSION = NEW
    endpoint(OLD)
    for databases in (None, ["default"]):
        assert ids(check_endpoint_api_versions(databases=databases)) == ["djstripe.W011"]
    assert check_endpoint_api_versions(databases=[]) == []


@pytest.mark.slow
def test_manage_py_check_shows_the_warning(tmp_path):
    """As a user runs it: no ``--database``, a database holding an older endpoint."""
    from .test_unconverted_database import manage

    database = tmp_path / "mirror.sqlite3"
    assert manage(database, "migrate", "-v", "0").returncode == 0
    create = (
        "import uuid; from djstripe.models import WebhookEndpoint as W; u = uuid.uuid4(); "
        f"W.objects.create(id='we_old', api_version='{OLD}', livemode=False, "
        "djstripe_uuid=u, url=f'https://shop.example.com/stripe/webhook/{u}/')"
    )
    assert manage(database, "shell", "-c", create).returncode == 0
    result = manage(database, "check")
    assert result.returncode == 0, result.stderr
    assert "djstripe.W011" in result.stderr and "we_old" in result.stderr
