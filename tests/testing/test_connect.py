"""Connect: per-account object spaces, Stripe-Account, several platforms."""

from __future__ import annotations

import pytest
import stripe

from .conftest import API_KEY


def test_stripe_account_header_scopes_objects(client, double):
    account = double.create_connected_account(email="shop@example.com")
    as_shop = stripe.StripeClient(
        API_KEY, base_addresses={"api": double.url}, stripe_account=account["id"]
    )
    mine = client.v1.customers.create(params={"email": "platform@example.com"})
    theirs = as_shop.v1.customers.create(params={"email": "shop-customer@example.com"})
    assert [c.id for c in client.v1.customers.list().data] == [mine.id]
    assert [c.id for c in as_shop.v1.customers.list().data] == [theirs.id]
    with pytest.raises(stripe.InvalidRequestError):
        client.v1.customers.retrieve(theirs.id)
    assert as_shop.v1.accounts.retrieve_current().id == account["id"]
    assert double.get(theirs.id, account=account["id"])["email"] == "shop-customer@example.com"
    assert double.events(account=account["id"])[0]["account"] == account["id"]


def test_accounts_list_and_create(client, double):
    platform = client.v1.accounts.retrieve_current()
    assert platform.id == double.platform_account["id"]
    created = client.v1.accounts.create(
        params={"type": "express", "country": "FR", "email": "new@example.com"}
    )
    listed = client.v1.accounts.list()
    assert [a.id for a in listed.data] == [created.id]
    assert client.v1.accounts.retrieve(created.id).email == "new@example.com"
    assert client.v1.accounts.retrieve(platform.id).id == platform.id
    updated = client.v1.accounts.update(created.id, params={"metadata": {"k": "v"}})
    assert updated.metadata.k == "v"
    assert double.events(type="account.updated", account=created.id)


def test_unknown_stripe_account_is_refused(double):
    client = stripe.StripeClient(
        API_KEY, base_addresses={"api": double.url}, stripe_account="acct_unknown"
    )
    with pytest.raises(stripe.InvalidRequestError) as raised:
        client.v1.customers.list()
    assert raised.value.http_status == 404 and raised.value.code == "account_invalid"


def test_keys_of_another_platform(double):
    double.add_api_key("sk_test_other_platform", account="acct_1OtherPlatform00")
    other = stripe.StripeClient("sk_test_other_platform", base_addresses={"api": double.url})
    default = stripe.StripeClient(API_KEY, base_addresses={"api": double.url})
    assert other.v1.accounts.retrieve_current().id == "acct_1OtherPlatform00"
    other.v1.customers.create()
    assert default.v1.customers.list().data == []
    shop = double.create_connected_account()
    cross = stripe.StripeClient(
        "sk_test_other_platform", base_addresses={"api": double.url}, stripe_account=shop["id"]
    )
    with pytest.raises(stripe.InvalidRequestError):
        cross.v1.customers.list()


def test_external_accounts_nested_list(client, double):
    account = double.create_connected_account()
    double.put(
        {
            "object": "bank_account",
            "id": "ba_test_1",
            "account": account["id"],
            "last4": "6789",
            "created": 1,
        }
    )
    listed = client.v1.accounts.external_accounts.list(account["id"])
    assert [bank.id for bank in listed.data] == ["ba_test_1"]
