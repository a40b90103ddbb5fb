"""API keys in the admin: masked everywhere, checked on Stripe when added, write-only."""

from __future__ import annotations

import logging

import pytest
from django.contrib.admin.models import LogEntry

from djstripe.api_keys import mask_key
from djstripe.models import APIKey

from .conftest import changelist_url

pytestmark = pytest.mark.django_db
KEY = "sk_test_admin0key0AbCdEfGhIj0123"
OTHER = "sk_test_admin0key0ZyXwVuTsRq9876"
ADD = changelist_url(APIKey) + "add/"


def add_key(client, secret=KEY, name="Shop key"):
    return client.post(ADD, {"name": name, "secret": secret})


def test_adding_a_key_looks_up_its_account(stripe_double, admin_client):
    response = add_key(admin_client)

    assert response.status_code == 302
    key = APIKey.objects.get()
    assert (key.secret, key.type, key.livemode) == (KEY, "secret", False)
    assert key.djstripe_owner_account_id == stripe_double.platform_id
    assert stripe_double.request_counts() == {"GET /v1/account": 1}


@pytest.mark.parametrize(
    "secret",
    ["sk_test_", "not-a-key", "sk_prod_abcdef0123456789", "sk_test_with space 0123456789"],
)
def test_a_malformed_key_is_refused_without_asking_stripe(stripe_double, admin_client, secret):
    response = add_key(admin_client, secret=secret)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["secret"]
    assert not APIKey.objects.exists()
    assert stripe_double.total_requests() == 0


def test_a_key_stripe_rejects_is_refused_and_not_echoed(stripe_double, admin_client):
    stripe_double.inject_fault("GET /v1/account", status=401, times=None)

    response = add_key(admin_client)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["secret"]
    assert "Stripe did not accept this key" in errors[0]
    assert KEY not in response.content.decode()
    assert not APIKey.objects.exists()


def test_the_secret_is_masked_on_every_page(stripe_double, admin_client, caplog):
    caplog.set_level(logging.DEBUG)
    add_key(admin_client, name="")
    key = APIKey.objects.get()
    base = changelist_url(APIKey)

    pages = {
        "list": admin_client.get(base),
        "change": admin_client.get(f"{base}{key.pk}/change/"),
        "history": admin_client.get(f"{base}{key.pk}/history/"),
        "delete": admin_client.get(f"{base}{key.pk}/delete/"),
        "index": admin_client.get("/admin/"),
        "search": admin_client.get(base, {"q": KEY}),
    }

    for name, page in pages.items():
        assert page.status_code == 200, name
        if name != "search":  # (a search echoes what was typed, as any search box does)
            assert KEY not in page.content.decode(), name
    assert mask_key(KEY) in pages["list"].content.decode()
    assert mask_key(KEY) in pages["change"].content.decode()
    assert pages["search"].context["cl"].result_count == 0  # the search box is no oracle
    assert all(
        KEY not in str(entry.object_repr) + entry.change_message for entry in LogEntry.objects.all()
    )
    assert KEY not in caplog.text


def test_changing_the_name_keeps_the_secret_and_never_sends_it_back(stripe_double, admin_client):
    add_key(admin_client)
    key = APIKey.objects.get()
    url = f"{changelist_url(APIKey)}{key.pk}/change/"
    stripe_double.reset_counts()

    response = admin_client.post(url, {"name": "Renamed", "secret": ""})

    assert response.status_code == 302
    key.refresh_from_db()
    assert (key.name, key.secret) == ("Renamed", KEY)
    assert stripe_double.total_requests() == 0
    entry = LogEntry.objects.filter(object_id=str(key.pk)).latest("action_time")
    assert (
        "Name" in entry.get_change_message() and "secret" not in entry.get_change_message().lower()
    )
    assert 'name="secret"' in admin_client.get(url).content.decode()
    assert KEY not in admin_client.get(url).content.decode()


def test_a_new_secret_replaces_the_key_and_is_checked_again(stripe_double, admin_client):
    add_key(admin_client)
    key = APIKey.objects.get()
    url = f"{changelist_url(APIKey)}{key.pk}/change/"
    stripe_double.reset_counts()

    response = admin_client.post(url, {"name": "Shop key", "secret": OTHER})

    assert response.status_code == 302
    key.refresh_from_db()
    assert key.secret == OTHER
    assert stripe_double.request_counts() == {"GET /v1/account": 1}
    entry = LogEntry.objects.filter(object_id=str(key.pk)).latest("action_time")
    assert OTHER not in entry.change_message + entry.object_repr


def test_staff_with_only_view_permission_cannot_add_or_change_keys(stripe_double):
    from .conftest import staff_client

    client, _user = staff_client("view_apikey")
    assert client.get(changelist_url(APIKey)).status_code == 200
    assert client.get(ADD).status_code == 403
    assert add_key(client).status_code == 403
    assert not APIKey.objects.exists()
