"""Webhook endpoints in the admin: created, edited and deleted on Stripe (the double)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from djstripe import settings as djstripe_settings
from djstripe.models import Tombstone, WebhookEndpoint

from .conftest import change_url, changelist_url, messages_of

pytestmark = pytest.mark.django_db
BASE = "https://shop.example.com"
ADD = changelist_url(WebhookEndpoint) + "add/"


def add_form(**changes):
    data = {
        "base_url": BASE + "/",
        "enabled_events": "*",
        "description": "",
        "api_key": "settings:0",
    }
    data.update(changes)
    return data


def remote(stripe_double, endpoint_id):
    return stripe_double.get(endpoint_id)


def test_the_add_form_offers_this_site_and_the_handled_events(stripe_double, admin_client):
    response = admin_client.get(ADD)

    form = response.context["adminform"].form
    assert form.initial["base_url"] == "http://testserver"
    assert form.initial["enabled_events"] == ["*"]
    assert form.fields["api_key"].choices[0][0] == "settings:0"
    assert djstripe_settings.secret_key() not in response.content.decode()  # keys are masked


def test_adding_creates_the_endpoint_on_stripe_and_stores_its_secret(stripe_double, admin_client):
    response = admin_client.post(
        ADD, add_form(enabled_events="invoice.paid\ncustomer.updated", description="Shop")
    )

    endpoint = WebhookEndpoint.objects.get()
    assert response.status_code == 302
    assert response.url == changelist_url(WebhookEndpoint)
    path = reverse("djstripe:djstripe_webhook_by_uuid", kwargs={"uuid": endpoint.djstripe_uuid})
    assert endpoint.url == BASE + path
    assert endpoint.secret.startswith("whsec_")
    assert endpoint.api_version == djstripe_settings.api_version()
    assert endpoint.enabled_events == ["customer.updated", "invoice.paid"]
    on_stripe = remote(stripe_double, endpoint.id)
    assert (on_stripe["url"], on_stripe["api_version"]) == (endpoint.url, endpoint.api_version)
    assert on_stripe["description"] == "Shop"
    page = admin_client.get(change_url(WebhookEndpoint, endpoint.pk)).content.decode()
    assert endpoint.secret not in page
    assert f"whsec_...{endpoint.secret[-4:]}" in page


def test_unknown_event_types_and_bad_urls_are_refused_before_stripe(stripe_double, admin_client):
    response = admin_client.post(
        ADD, add_form(base_url="ftp://shop.example.com", enabled_events="invoice.payd")
    )

    errors = response.context["adminform"].form.errors
    assert set(errors) == {"base_url", "enabled_events"}
    assert "invoice.payd" in errors["enabled_events"][0]
    assert stripe_double.total_requests() == 0
    assert not WebhookEndpoint.objects.exists()


def test_a_stripe_refusal_is_shown_and_nothing_is_stored(stripe_double, admin_client):
    stripe_double.inject_fault("POST /v1/webhook_endpoints", status=400, times=None)

    response = admin_client.post(ADD, add_form())

    assert response.status_code == 200
    assert "Stripe refused" in str(response.context["adminform"].form.non_field_errors())
    assert not WebhookEndpoint.objects.exists()


def test_adding_again_keeps_the_existing_endpoint(stripe_double, admin_client):
    admin_client.post(ADD, add_form())
    first = WebhookEndpoint.objects.get()

    response = admin_client.post(ADD, add_form(), follow=True)

    assert WebhookEndpoint.objects.get() == first
    assert any("was kept" in message for message in messages_of(response))


def added_endpoint(admin_client):
    admin_client.post(ADD, add_form())
    return WebhookEndpoint.objects.get()


def change_form(endpoint, **changes):
    data = {
        "url": endpoint.url,
        "enabled_events": "\n".join(endpoint.enabled_events),
        "description": "",
        "enabled": "on",
        "new_secret": "",
        "djstripe_validation_method": "verify_signature",
        "djstripe_tolerance": "300",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_editing_reaches_stripe_and_the_mirror(stripe_double, admin_client):
    endpoint = added_endpoint(admin_client)
    secret = endpoint.secret
    new_url = "https://new.example.com" + endpoint.get_absolute_url()

    response = admin_client.post(
        change_url(WebhookEndpoint, endpoint.pk),
        change_form(
            endpoint,
            url=new_url,
            enabled_events="invoice.paid",
            description="Renamed",
            enabled=None,
            djstripe_tolerance="120",
        ),
    )

    assert response.status_code == 302
    on_stripe = remote(stripe_double, endpoint.id)
    assert (on_stripe["url"], on_stripe["enabled_events"]) == (new_url, ["invoice.paid"])
    assert (on_stripe["description"], on_stripe["status"]) == ("Renamed", "disabled")
    endpoint.refresh_from_db()
    assert (endpoint.url, endpoint.status, endpoint.enabled_events) == (
        new_url,
        "disabled",
        ["invoice.paid"],
    )
    assert (endpoint.djstripe_tolerance, endpoint.secret) == (120, secret)


def test_saving_without_changes_sends_nothing_to_stripe(stripe_double, admin_client):
    endpoint = added_endpoint(admin_client)
    stripe_double.reset_counts()

    response = admin_client.post(change_url(WebhookEndpoint, endpoint.pk), change_form(endpoint))

    assert response.status_code == 302
    assert stripe_double.total_requests() == 0


def test_a_new_secret_is_write_only(stripe_double, admin_client):
    endpoint = added_endpoint(admin_client)
    url = change_url(WebhookEndpoint, endpoint.pk)

    refused = admin_client.post(url, change_form(endpoint, new_secret="not-a-secret"))
    admin_client.post(url, change_form(endpoint, new_secret="whsec_rolled0by0hand0123456"))

    assert "new_secret" in refused.context["adminform"].form.errors
    endpoint.refresh_from_db()
    assert endpoint.secret == "whsec_rolled0by0hand0123456"
    assert "whsec_rolled0by0hand0123456" not in admin_client.get(url).content.decode()


def test_deleting_deletes_on_stripe_and_leaves_a_tombstone(stripe_double, admin_client):
    endpoint = added_endpoint(admin_client)

    response = admin_client.post(
        f"{changelist_url(WebhookEndpoint)}{endpoint.pk}/delete/", {"post": "yes"}
    )

    assert response.status_code == 302
    assert remote(stripe_double, endpoint.id) is None
    assert not WebhookEndpoint.objects.exists()
    assert Tombstone.objects.filter(stripe_id=endpoint.id).exists()


def test_a_refused_deletion_keeps_the_endpoint(stripe_double, admin_client):
    endpoint = added_endpoint(admin_client)
    stripe_double.inject_fault("DELETE /v1/webhook_endpoints/{id}", status=400, times=None)

    response = admin_client.post(
        f"{changelist_url(WebhookEndpoint)}{endpoint.pk}/delete/", {"post": "yes"}, follow=True
    )

    assert any("Stripe refused to delete" in message for message in messages_of(response))
    assert WebhookEndpoint.objects.filter(pk=endpoint.pk).exists()
    assert remote(stripe_double, endpoint.id) is not None


def test_view_only_staff_see_the_endpoint_masked_and_cannot_change_it(stripe_double, admin_client):
    from .conftest import staff_client

    endpoint = added_endpoint(admin_client)
    client, _user = staff_client("view_webhookendpoint")

    page = client.get(change_url(WebhookEndpoint, endpoint.id))
    post = client.post(change_url(WebhookEndpoint, endpoint.pk), change_form(endpoint, url=BASE))

    assert page.status_code == 200
    assert endpoint.secret not in page.content.decode()
    assert endpoint.url in page.content.decode()
    assert post.status_code == 403
    assert client.get(ADD).status_code == 403
