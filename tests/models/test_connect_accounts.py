"""Connect attribution: rows belong to the account whose data they mirror.

Objects read with ``Stripe-Account`` belong to that connected account (so do their
children paged through it); the connected account's own row belongs to the platform.
"""

from __future__ import annotations

from typing import Any

import pytest
import stripe

from djstripe import stripe_api
from djstripe.models import (
    Account,
    ApplicationFee,
    BankAccount,
    Card,
    Price,
    Product,
    Session,
    SessionLineItem,
)

from ..conftest import example
from .cases.connect import fee_with_refund

pytestmark = pytest.mark.django_db


def session_in(account: str, *, lines: int) -> str:
    """An open Checkout Session with ``lines`` line items, created inside ``account``."""
    product = stripe_api.create("/v1/products", {"name": "Mug"}, stripe_account=account)
    price = stripe_api.create(
        "/v1/prices",
        {"product": product["id"], "unit_amount": 900, "currency": "eur"},
        stripe_account=account,
    )
    session = stripe_api.create(
        "/v1/checkout/sessions",
        {
            "mode": "payment",
            "success_url": "https://example.com/ok",
            "client_reference_id": "order-1",
            "line_items": [{"price": price["id"], "quantity": n + 1} for n in range(lines)],
        },
        stripe_account=account,
    )
    return session["id"]


def test_session_of_a_connected_account_and_its_paged_lines_belong_to_it(double: Any) -> None:
    connected = double.create_connected_account()["id"]
    session_id = session_in(connected, lines=12)
    data, stamp = stripe_api.retrieve(
        f"/v1/checkout/sessions/{session_id}", stripe_account=connected, expand=["line_items"]
    )
    double.reset_counts()

    session = Session.sync_api_read(data, stamp, stripe_account=connected)

    assert session.djstripe_owner_account_id == connected
    assert session.items.count() == 12
    owners = set(SessionLineItem.objects.values_list("djstripe_owner_account", flat=True))
    assert owners == {connected}
    assert set(Price.objects.values_list("djstripe_owner_account", flat=True)) == {connected}
    assert set(Product.objects.values_list("djstripe_owner_account", flat=True)) == {connected}
    assert double.request_counts().get("GET /v1/checkout/sessions/{id}/line_items") == 1
    platform = double.platform_account["id"]
    assert Account.objects.get(id=connected).djstripe_owner_account_id == platform
    assert Account.objects.get(id=platform).djstripe_owner_account_id is None


def test_stripe_object_read_for_a_connected_account_carries_its_account(double: Any) -> None:
    connected = double.create_connected_account()["id"]
    session_id = session_in(connected, lines=1)
    client = stripe.StripeClient("sk_test_connect", base_addresses={"api": double.url})
    obj = client.v1.checkout.sessions.retrieve(
        session_id, {"expand": ["line_items"]}, options={"stripe_account": connected}
    )

    session = Session.sync_from_stripe_data(obj)

    assert session.djstripe_owner_account_id == connected
    assert session.client_reference_id == "order-1"
    assert session.items.get().djstripe_owner_account_id == connected


def test_platform_objects_belong_to_the_platform_and_name_the_connected_account(
    double: Any,
) -> None:
    fee = ApplicationFee.sync_from_stripe_data(fee_with_refund())
    platform = double.platform_account["id"]
    assert fee.djstripe_owner_account_id == platform
    assert fee.account.id == "acct_1PgafTB7WZ01zgkW"
    assert fee.account.djstripe_owner_account_id == platform
    assert fee.refunds.get().djstripe_owner_account_id == platform


def test_explicit_stripe_account_decides_the_owner(double: Any) -> None:
    connected = double.create_connected_account()["id"]
    fee = ApplicationFee.sync_from_stripe_data(fee_with_refund(), stripe_account=connected)
    assert fee.djstripe_owner_account_id == connected
    assert fee.refunds.get().djstripe_owner_account_id == connected


def test_connected_account_pages_and_prunes_its_external_accounts(double: Any) -> None:
    connected = double.create_connected_account()["id"]
    path = f"/v1/accounts/{connected}/external_accounts"
    banks = [stripe_api.create(path, {"external_account": "btok_us"})["id"] for _ in range(11)]
    double.put(example("card", id="card_payout_debit", account=connected))
    data, stamp = stripe_api.retrieve(f"/v1/accounts/{connected}")
    assert data["external_accounts"]["has_more"]
    double.reset_counts()

    account = Account.sync_api_read(data, stamp)

    assert set(account.bank_accounts.values_list("id", flat=True)) == set(banks)
    assert list(account.cards.values_list("id", flat=True)) == ["card_payout_debit"]
    assert double.request_counts().get("GET /v1/accounts/{id}/external_accounts") == 1
    assert isinstance(BankAccount.objects.get(id=banks[0]).account, Account)

    stripe_api.delete(f"{path}/{banks[0]}")
    data, stamp = stripe_api.retrieve(f"/v1/accounts/{connected}")
    account = Account.sync_api_read(data, stamp + 1)

    assert account.bank_accounts.count() == 10
    assert not BankAccount.objects.filter(id=banks[0]).exists()
    assert Card.objects.filter(id="card_payout_debit", account=account).exists()
