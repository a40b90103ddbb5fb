"""Each (model, account, mode) is listed once, however many ways the run reaches it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from djstripe.models import SyncCheckpoint
from djstripe.sync.report import Report

from . import expect
from .conftest import SECOND_KEY, SECOND_PLATFORM, Accounts

pytestmark = pytest.mark.django_db


def _listed_accounts(model_name: str) -> list[str]:
    return sorted(
        SyncCheckpoint.objects.filter(model_name=model_name).values_list("account", flat=True)
    )


def test_a_connected_listing_that_includes_the_platform_lists_it_once(
    accounts: Accounts, run: Callable[..., Report]
) -> None:
    double = accounts.double
    double.put(double.platform_account)  # GET /v1/accounts now lists the platform too
    listed = {a["id"] for a in double.objects("account")}
    assert accounts.platform in listed
    report = run("Customer", api_keys=[double.api_key])
    assert report.status == "completed", report.errors
    assert _listed_accounts("Customer") == sorted([accounts.platform, *accounts.connected])
    assert double.request_counts()["GET /v1/customers"] == 3
    for account in (accounts.platform, *accounts.connected):
        assert expect.mirrored_ids("Customer", account) == {
            c["id"] for c in double.objects("customer", account)
        }


def test_a_platform_also_connected_to_another_key_is_listed_once_with_its_own_key(
    accounts: Accounts, run: Callable[..., Report]
) -> None:
    double = accounts.double
    # The second key's platform is also an account connected to the first platform.
    second = double.get(SECOND_PLATFORM)
    double.put(second, account=accounts.platform)
    report = run("Customer", api_keys=[double.api_key, SECOND_KEY])
    assert report.status == "completed", report.errors
    assert _listed_accounts("Customer") == sorted(accounts.all)
    checkpoint = SyncCheckpoint.objects.get(model_name="Customer", account=SECOND_PLATFORM)
    assert checkpoint.platform == SECOND_PLATFORM  # its own key, no Stripe-Account
    assert double.request_counts()["GET /v1/customers"] == len(accounts.all)
    assert expect.mirrored_ids("Customer", SECOND_PLATFORM) == {
        c["id"] for c in double.objects("customer", SECOND_PLATFORM)
    }


@pytest.mark.parametrize("twice", ["same key", "two keys of one account"])
def test_one_account_through_two_keys_is_listed_once(
    accounts: Accounts, run: Callable[..., Report], twice: str
) -> None:
    double = accounts.double
    other = double.api_key
    if twice == "two keys of one account":
        other = "sk_test_another0key0of0the0platform"
        double.add_api_key(other, account=accounts.platform)
    report = run("Customer", api_keys=[double.api_key, other])
    assert report.status == "completed", report.errors
    assert _listed_accounts("Customer") == sorted([accounts.platform, *accounts.connected])
    assert double.request_counts()["GET /v1/customers"] == 3


def test_the_partitions_of_a_run_are_unique(accounts: Any) -> None:
    from djstripe.sync import partitions
    from djstripe.sync.partitions import Scope

    platform = accounts.platform
    scope = Scope("sk_test_x", platform, False, (platform, accounts.connected[0]))
    same = Scope("sk_test_y", platform, False, (accounts.connected[0],))
    selection = partitions.select([expect.model("Customer")])
    parts = partitions.partitions(selection, [scope, same])
    assert len({p.key for p in parts}) == len(parts) == 2
