"""AccountV2 is read from the v2 API (``GET /v2/core/accounts/{id}`` with ``include``)."""

from __future__ import annotations

from typing import Any

import pytest

from djstripe import stripe_api
from djstripe.models import AccountV2

pytestmark = pytest.mark.django_db

IDENTITY = {"country": "us", "entity_type": "company"}


def new_account(**fields: Any) -> dict[str, Any]:
    return stripe_api.create(
        "/v2/core/accounts",
        {"display_name": "Acme", "identity": IDENTITY, "defaults": {"currency": "usd"}, **fields},
    )


def test_sync_from_stripe_reads_every_included_field(stripe_double: Any) -> None:
    created = new_account()
    assert created["identity"] is None  # Stripe hides it unless included
    row = AccountV2.sync_from_stripe(created["id"])
    assert row.identity == IDENTITY
    assert row.defaults == {"currency": "usd"}
    assert row.display_name == "Acme"
    assert row.created is not None
    assert stripe_double.request_counts().get("GET /v2/core/accounts/{id}") == 1


def test_api_retrieve_includes_the_hidden_fields(stripe_double: Any) -> None:
    row = AccountV2.sync_from_stripe(new_account()["id"])
    assert row.api_retrieve()["identity"]["country"] == "us"


def test_sync_all_from_stripe_pages_the_v2_list(stripe_double: Any) -> None:
    ids = {new_account(display_name=f"Shop {n}")["id"] for n in range(3)}
    assert AccountV2.sync_all_from_stripe() == 3
    assert set(AccountV2.objects.values_list("id", flat=True)) == ids
    assert all(row.identity == IDENTITY for row in AccountV2.objects.all())


def test_an_unknown_account_raises_stripes_error(stripe_double: Any) -> None:
    import stripe

    with pytest.raises(stripe.InvalidRequestError):
        AccountV2.sync_from_stripe("acct_1doesnotexist00")
