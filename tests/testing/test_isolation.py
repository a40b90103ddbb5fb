"""Snapshots, reset, the clock, and the pytest plugin's per-test isolation."""

from __future__ import annotations

import pytest
import stripe

from djstripe.testing import StripeDouble


def test_snapshot_restore_and_reset(client, double):
    kept = client.v1.customers.create(params={"email": "kept@example.com"})
    token = double.snapshot()
    dropped = client.v1.customers.create(params={"email": "dropped@example.com"})
    client.v1.customers.update(kept.id, params={"name": "Changed"})
    double.restore(token)
    assert [c.id for c in client.v1.customers.list().data] == [kept.id]
    assert client.v1.customers.retrieve(kept.id).name is None
    assert double.get(dropped.id) is None
    again = client.v1.customers.create(params={"email": "dropped@example.com"})
    assert again.id == dropped.id  # ids repeat after a restore: tests stay deterministic
    double.restore(token)  # a token can be restored many times
    double.reset()
    assert double.total_requests() == 0
    assert client.v1.customers.list().data == []


def test_clock_set_and_advance(client, double):
    double.set_time(1_767_225_600)
    first = client.v1.customers.create()
    assert double.advance(3600) == 1_767_229_200
    second = client.v1.customers.create()
    assert second.created - first.created == 3600
    assert double.events()[0]["created"] == 1_767_229_200
    assert double.clock.frozen
    double.clock.use_real_time()
    assert not double.clock.frozen


def test_put_then_list_by_created_order():
    double = StripeDouble()
    double.put({"object": "charge", "id": "ch_old", "created": 100, "amount": 1})
    double.put({"object": "charge", "id": "ch_new", "created": 200, "amount": 2})
    double.put({"object": "charge", "id": "ch_old", "created": 100, "amount": 3})  # replace
    assert [c["id"] for c in double.objects("charge")] == ["ch_new", "ch_old"]
    assert double.get("ch_old")["amount"] == 3


class TestPluginIsolation:
    """Two tests sharing the session double: the second sees nothing of the first."""

    def test_first_changes_things(self, stripe_double):
        client = stripe.StripeClient("sk_test_a", base_addresses={"api": stripe_double.url})
        client.v1.customers.create(params={"email": "leak@example.com"})
        stripe_double.inject_fault("GET /v1/products", status=500, times=None)
        stripe_double.set_time(1)
        assert stripe_double.total_requests() == 1

    def test_second_starts_clean(self, stripe_double):
        client = stripe.StripeClient("sk_test_a", base_addresses={"api": stripe_double.url})
        assert client.v1.customers.list(params={"email": "leak@example.com"}).data == []
        assert client.v1.products.list().data == []
        assert not stripe_double.clock.frozen
        assert stripe_double.request_counts() == {"GET /v1/customers": 1, "GET /v1/products": 1}


def test_settings_fixture_points_django_at_the_double(request):
    if not request.config.pluginmanager.hasplugin("django"):
        pytest.skip("needs pytest-django")
    settings = request.getfixturevalue("stripe_double_settings")
    double = request.getfixturevalue("stripe_double")
    assert settings.STRIPE_API_HOST == double.url
    assert settings.STRIPE_TEST_SECRET_KEY.startswith("sk_test_")
    assert settings.STRIPE_LIVE_MODE is False
