"""Restricted keys and products not enabled: Stripe's own error shapes, over HTTP."""

from __future__ import annotations

import pytest
import stripe

RESTRICTED = "rk_test_restricted0key0for0tests"


def test_a_restricted_key_is_refused_its_routes_with_stripes_403(double):
    double.add_restricted_key(RESTRICTED, refused=["GET /v1/account", "GET /v1/issuing/*"])
    client = stripe.StripeClient(
        RESTRICTED, base_addresses={"api": double.url}, max_network_retries=0
    )
    with pytest.raises(stripe.PermissionError) as raised:
        client.v1.accounts.retrieve_current()
    error = raised.value
    assert error.http_status == 403
    assert error.error.type == "invalid_request_error"
    assert f"on account '{double.platform_id}'" in error.user_message
    assert "'rak_account_read' permission would allow" in error.user_message
    assert RESTRICTED not in error.user_message  # shown masked, as Stripe does
    with pytest.raises(stripe.PermissionError):
        client.v1.issuing.cards.list()
    assert client.v1.customers.list().data == []  # what it may read, it reads


def test_other_keys_of_the_account_are_not_restricted(double):
    double.add_restricted_key(RESTRICTED, refused=["*"])
    client = stripe.StripeClient(
        "sk_test_tests", base_addresses={"api": double.url}, max_network_retries=0
    )
    assert client.v1.accounts.retrieve_current().id == double.platform_id


def test_a_product_not_enabled_answers_as_stripe_does(double):
    connected = double.create_connected_account()["id"]
    double.disable_product("issuing")
    client = stripe.StripeClient(
        "sk_test_tests", base_addresses={"api": double.url}, max_network_retries=0
    )
    with pytest.raises(stripe.InvalidRequestError) as raised:
        client.v1.issuing.cardholders.list()
    error = raised.value
    assert error.http_status == 400
    assert error.user_message.startswith("Your account is not set up to use Issuing.")
    assert error.code is None
    # Another account (here a connected one) has its own products.
    listed = client.v1.issuing.cardholders.list(options={"stripe_account": connected})
    assert listed.data == []
    with pytest.raises(ValueError, match="Unknown product"):
        double.disable_product("nonsense")


def test_access_rules_are_undone_by_a_restore(double):
    token = double.snapshot()
    double.add_restricted_key(RESTRICTED, refused=["*"])
    double.disable_product("identity")
    double.restore(token)
    assert double.access.refused == {}
    assert double.access.disabled == {}
