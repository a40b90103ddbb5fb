"""Listings Stripe refuses: a restricted key without a permission ("not permitted"), a
product the account has not enabled ("not enabled"). Skipped and reported, unless the
user named the model."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.management.base import CommandError

from djstripe.models import Account, SyncCheckpoint, SyncRun
from djstripe.sync.report import Report

from . import expect
from .conftest import Accounts, Output

pytestmark = pytest.mark.django_db

RESTRICTED = "rk_test_backfill0reader0key"
ISSUING = (
    "IssuingAuthorization",
    "IssuingCard",
    "IssuingCardholder",
    "IssuingDispute",
    "IssuingTransaction",
)


@pytest.fixture
def reader(small: Accounts, settings: Any) -> str:
    """A restricted key that may not read its account, nor disputes, nor payouts."""
    small.double.add_restricted_key(
        RESTRICTED, refused=["GET /v1/account", "GET /v1/disputes", "GET /v1/payouts"]
    )
    settings.STRIPE_TEST_SECRET_KEY = RESTRICTED
    return RESTRICTED


def _skipped(report: Report) -> dict[str, str]:
    return {skip.model: skip.reason for skip in report.skipped}


def test_a_restricted_key_syncs_what_it_may_read(
    small: Accounts, reader: str, run: Callable[..., Report]
) -> None:
    report = run()
    assert report.status == "completed", report.errors
    assert report.errors == []
    for name in ("Customer", "Invoice", "Charge", "Subscription"):
        assert expect.mirrored_ids(name, small.platform), name  # owned by the platform
    expect.assert_mirrors(small.double, small.platform)
    assert _skipped(report) == {"Dispute": "not permitted", "Payout": "not permitted"}
    assert Account.objects.filter(id=small.platform).exists()
    statuses = dict(SyncCheckpoint.objects.filter(kind="list").values_list("model_name", "status"))
    assert statuses["Dispute"] == statuses["Payout"] == "skipped"
    assert statuses["Customer"] == "done"
    assert any("may not read its account" in note for note in report.notes)
    assert all(RESTRICTED not in note for note in report.notes)


def test_a_refused_model_the_user_named_fails(
    small: Accounts, reader: str, run: Callable[..., Report]
) -> None:
    report = run("Dispute", "Customer")
    assert report.status == "failed"
    (error,) = report.errors
    assert (error.model, error.account) == ("Dispute", small.platform)
    assert "not permitted" in str(error)
    assert "rak_disputes_read" in str(error)
    assert expect.mirrored_ids("Customer", small.platform)


def test_the_command_reports_refusals_and_exits_zero(
    small: Accounts, reader: str, command: Callable[..., Output]
) -> None:
    output = command("--fail-on-error")
    assert f"Dispute on {small.platform}: not permitted, skipped" in output.out
    assert RESTRICTED not in output.out + output.err
    with pytest.raises(CommandError):
        command("Payout", "--fail-on-error")


def test_products_not_enabled_are_skipped(
    small: Accounts, run: Callable[..., Report], command: Callable[..., Output]
) -> None:
    small.double.disable_product("issuing")
    small.double.disable_product("identity")
    report = run()
    assert report.status == "completed", report.errors
    skipped = _skipped(report)
    assert {name for name, reason in skipped.items() if reason == "not enabled"} == {
        *ISSUING,
        "VerificationReport",
        "VerificationSession",
    }
    assert expect.mirrored_ids("Customer", small.platform)
    output = command("--fail-on-error")  # a nightly job: exit status zero
    assert f"IssuingCard on {small.platform}: not enabled, skipped" in output.out
    assert "not set up to use Issuing" in output.out


def test_a_product_not_enabled_that_the_user_named_fails(
    small: Accounts, command: Callable[..., Output]
) -> None:
    small.double.disable_product("issuing")
    with pytest.raises(CommandError):
        command("IssuingCard", "--fail-on-error")
    output = command("IssuingCard", "--no-fail-on-error")
    assert "not enabled" in output.err
    assert "not set up to use Issuing" in output.err


def test_without_events_a_later_run_lists_everything_again(
    small: Accounts, run: Callable[..., Report]
) -> None:
    small.double.add_restricted_key(RESTRICTED, refused=["GET /v1/events"])
    first = run("Customer", api_keys=[RESTRICTED])
    assert first.status == "completed", first.errors
    assert _skipped(first) == {"Event": "not permitted"}
    small.double.reset_counts()
    second = run("Customer", api_keys=[RESTRICTED])
    assert second.status == "completed", second.errors
    checkpoint = SyncCheckpoint.objects.get(run_id=second.run_id, model_name="Customer")
    assert checkpoint.since is None  # changes cannot come from events: list everything
    assert second.rows[("Customer", small.platform)].listed == 12
    assert any("events" in note and "listing everything" in note for note in second.notes)


def test_the_account_option_is_checked_against_stripes_answer(
    small: Accounts, reader: str, run: Callable[..., Report], command: Callable[..., Output]
) -> None:
    report = run("Customer", account=small.platform)
    assert report.status == "completed", report.errors
    assert SyncRun.objects.get(pk=report.run_id).options["account"] == small.platform
    wrong = "acct_1NotTheReadersAccount"
    report = run("Customer", account=wrong)
    assert report.status == "failed"
    (error,) = report.errors
    assert f"belongs to {small.platform}, not to {wrong}" in str(error)
    with pytest.raises(CommandError, match="not a Stripe account id"):
        command("Customer", "--account", "cus_123")
