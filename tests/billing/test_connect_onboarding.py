"""Connect onboarding: links made through the double, state kept by account.updated."""

from __future__ import annotations

import pytest
import stripe

from djstripe import stripe_api
from djstripe.models import Account


@pytest.fixture
def express(db, stripe_double):
    data = stripe_api.request("post", "/v1/accounts", {"type": "express", "country": "US"}).data
    return Account.sync_from_stripe_data(data)


def test_a_new_account_needs_onboarding(express):
    assert not express.is_onboarded
    assert express.details_submitted is False
    assert Account.objects.needs_onboarding().filter(pk=express.pk).exists()
    assert not Account.objects.onboarded().filter(pk=express.pk).exists()


def test_onboarding_link_is_returned_not_stored(express, stripe_double):
    link = express.create_onboarding_link(
        refresh_url="https://example.com/reauth", return_url="https://example.com/done"
    )

    assert link["object"] == "account_link"
    assert link["url"].startswith("https://connect.stripe.com/")
    assert link["expires_at"] > link["created"]
    assert stripe_double.request_counts().get("POST /v1/account_links") == 1
    assert not stripe_double.objects("account_link")


def test_onboarding_link_refuses_bad_arguments(express):
    with pytest.raises(ValueError, match="link_type must be one of"):
        express.create_onboarding_link(
            refresh_url="https://x", return_url="https://y", link_type="signup"
        )
    with pytest.raises(ValueError, match="refresh_url and return_url"):
        express.create_onboarding_link(refresh_url="", return_url="https://y")


def test_login_link_for_an_express_account(express):
    link = express.create_login_link()
    assert link["object"] == "login_link" and link["url"].startswith("https://")


def test_login_link_refused_for_a_standard_account(db, stripe_double):
    data = stripe_api.request("post", "/v1/accounts", {"type": "standard"}).data
    standard = Account.sync_from_stripe_data(data)
    with pytest.raises(stripe.InvalidRequestError, match="Express"):
        standard.create_login_link()


def test_account_updated_keeps_the_onboarding_state_current(express, stripe_double, deliver):
    deliver()
    stripe_double.complete_onboarding(express.id)
    assert set(deliver()) == {200}

    express.refresh_from_db()
    assert express.details_submitted and express.charges_enabled and express.payouts_enabled
    assert express.requirements_currently_due == []
    assert express.requirements_disabled_reason == ""
    assert express.is_onboarded
    assert Account.objects.onboarded().get(pk=express.pk) == express
    assert not Account.objects.restricted().filter(pk=express.pk).exists()


def test_requirements_are_queryable_columns(db):
    data = {
        "id": "acct_1RestrictedExample",
        "object": "account",
        "type": "express",
        "details_submitted": True,
        "charges_enabled": False,
        "payouts_enabled": False,
        "requirements": {
            "currently_due": ["individual.verification.document"],
            "past_due": ["individual.verification.document"],
            "disabled_reason": "requirements.past_due",
            "current_deadline": 1900000000,
        },
    }
    account = Account.sync_from_stripe_data(data)

    assert account.requirements_past_due == ["individual.verification.document"]
    assert account.requirements_current_deadline.timestamp() == 1900000000
    assert Account.objects.restricted().filter(pk=account.pk).exists()
    assert Account.objects.filter(requirements_disabled_reason="requirements.past_due").exists()
