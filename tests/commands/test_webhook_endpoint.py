"""djstripe_webhook_endpoint: create, keep, update or replace this site's endpoint."""

from __future__ import annotations

import uuid

import pytest
from django.core.management import CommandError

from djstripe import settings as djstripe_settings
from djstripe import stripe_api
from djstripe.checks import check_webhook_endpoints
from djstripe.models import WebhookEndpoint

from .conftest import run

pytestmark = pytest.mark.django_db
BASE = "https://shop.example.com"


def remote_endpoints(stripe_double):
    return {e["id"]: e for e in stripe_double.objects("webhook_endpoint")}


def make_remote_endpoint(url: str, api_version: str) -> dict:
    """An endpoint made elsewhere (its secret is not in this database)."""
    return stripe_api.request(
        "post",
        "/v1/webhook_endpoints",
        {"url": url, "enabled_events": ["*"], "api_version": api_version},
    ).data


def test_creates_the_endpoint_and_stores_its_secret(stripe_double):
    out, _ = run("djstripe_webhook_endpoint", "--base-url", BASE + "/")

    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.url == f"{BASE}/stripe/webhook/{endpoint.djstripe_uuid}/"
    assert endpoint.secret.startswith("whsec_")
    assert endpoint.api_version == djstripe_settings.api_version()
    assert endpoint.enabled_events == ["*"]
    [remote] = remote_endpoints(stripe_double).values()
    assert (remote["id"], remote["url"]) == (endpoint.id, endpoint.url)
    assert out.startswith(f"Created webhook endpoint {endpoint.id}")
    assert endpoint.secret not in out
    assert check_webhook_endpoints(databases=["default"]) == []


def test_running_again_keeps_the_endpoint(stripe_double):
    run("djstripe_webhook_endpoint", "--base-url", BASE)
    first = WebhookEndpoint.objects.get()
    stripe_double.reset_counts()

    out, _ = run("djstripe_webhook_endpoint", "--base-url", BASE)

    assert out.startswith(f"Unchanged webhook endpoint {first.id}")
    assert WebhookEndpoint.objects.get().secret == first.secret
    assert stripe_double.request_counts() == {"GET /v1/webhook_endpoints": 1}


def test_changed_events_update_the_endpoint_in_place(stripe_double):
    run("djstripe_webhook_endpoint", "--base-url", BASE)
    first = WebhookEndpoint.objects.get()

    out, _ = run(
        "djstripe_webhook_endpoint",
        "--base-url",
        BASE,
        "--events",
        "invoice.paid",
        "customer.updated",
    )

    endpoint = WebhookEndpoint.objects.get()
    assert out.startswith("Updated")
    assert (endpoint.id, endpoint.secret) == (first.id, first.secret)
    assert sorted(remote_endpoints(stripe_double)[first.id]["enabled_events"]) == [
        "customer.updated",
        "invoice.paid",
    ]


def test_an_endpoint_on_another_api_version_is_replaced(stripe_double):
    old = make_remote_endpoint(f"{BASE}/stripe/webhook/{uuid.uuid4()}/", "2020-08-27")

    out, _ = run("djstripe_webhook_endpoint", "--base-url", BASE)

    assert f"Deleted the site's previous endpoint {old['id']}" in out
    [remote] = remote_endpoints(stripe_double).values()
    assert remote["api_version"] == djstripe_settings.api_version()
    assert list(WebhookEndpoint.objects.values_list("id", flat=True)) == [remote["id"]]


def test_an_endpoint_whose_secret_is_unknown_is_replaced(stripe_double):
    old = make_remote_endpoint(
        f"{BASE}/stripe/webhook/{uuid.uuid4()}/", djstripe_settings.api_version()
    )
    run("djstripe_webhook_endpoint", "--base-url", BASE)
    assert old["id"] not in remote_endpoints(stripe_double)
    assert WebhookEndpoint.objects.get().secret


def test_keep_old_and_other_sites_are_left_alone(stripe_double):
    mine = make_remote_endpoint(f"{BASE}/stripe/webhook/{uuid.uuid4()}/", "2020-08-27")
    other_site = make_remote_endpoint("https://other.example.com/stripe/webhook/x/", "2020-08-27")
    not_djstripe = make_remote_endpoint(f"{BASE}/hooks/stripe/", "2020-08-27")

    run("djstripe_webhook_endpoint", "--base-url", BASE, "--keep-old")

    assert {mine["id"], other_site["id"], not_djstripe["id"]} < set(remote_endpoints(stripe_double))
    run("djstripe_webhook_endpoint", "--base-url", BASE)
    remaining = set(remote_endpoints(stripe_double))
    assert mine["id"] not in remaining
    assert {other_site["id"], not_djstripe["id"]} < remaining


def test_connect_endpoints_are_separate(stripe_double):
    run("djstripe_webhook_endpoint", "--base-url", BASE)
    run("djstripe_webhook_endpoint", "--base-url", BASE, "--connect")

    assert WebhookEndpoint.objects.count() == 2
    connect = [e for e in WebhookEndpoint.objects.all() if e.metadata.get("djstripe_connect")]
    assert len(connect) == 1
    assert stripe_double.store.endpoint_private[connect[0].id]["connect"] is True


@pytest.mark.parametrize(
    "args",
    [
        ["--base-url", "not a url"],
        ["--base-url", "ftp://example.com"],
        ["--base-url", BASE, "--events", "no.such.event"],
        ["--base-url", BASE, "--api-key", "pk_test_notasecretkey123"],
        [],
    ],
)
def test_bad_arguments(args, stripe_double):
    with pytest.raises(CommandError):
        run("djstripe_webhook_endpoint", *args)
    assert stripe_double.total_requests() == 0


def test_stripe_errors_become_command_errors(stripe_double):
    stripe_double.inject_fault("POST /v1/webhook_endpoints", status=400, times=None)
    with pytest.raises(CommandError, match="Stripe refused"):
        run("djstripe_webhook_endpoint", "--base-url", BASE)
