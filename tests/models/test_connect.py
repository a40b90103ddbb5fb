"""Transfers and application fees: nested lists paged and kept exact, legacy shapes,
objects served only under their parent, bad data."""

from __future__ import annotations

from typing import Any

import pytest

from djstripe import stripe_api
from djstripe.models import (
    ApplicationFee,
    ApplicationFeeRefund,
    Tombstone,
    Transfer,
    TransferReversal,
)

from ..conftest import example, older_shape

pytestmark = pytest.mark.django_db

CONNECTED = "acct_1PgafTB7WZ01zgkW"


def make_transfer(double: Any, *, reversals: int, amount: int = 5000) -> str:
    """A transfer to a new connected account with ``reversals`` reversals of 100, in the double."""
    account = double.create_connected_account()
    transfer = stripe_api.create(
        "/v1/transfers", {"amount": amount, "currency": "usd", "destination": account["id"]}
    )
    for _ in range(reversals):
        stripe_api.create(f"/v1/transfers/{transfer['id']}/reversals", {"amount": 100})
    return transfer["id"]


def test_transfer_pages_its_reversals_past_the_first_ten(double: Any) -> None:
    transfer_id = make_transfer(double, reversals=12)
    data, stamp = stripe_api.retrieve(f"/v1/transfers/{transfer_id}")
    assert len(data["reversals"]["data"]) == 10 and data["reversals"]["has_more"]
    double.reset_counts()

    transfer = Transfer.sync_api_read(data, stamp)

    assert transfer.reversals.count() == 12
    assert transfer.amount_reversed == 1200 and transfer.reversed is False
    counts = double.request_counts()
    assert counts.get("GET /v1/transfers/{id}/reversals") == 1  # one page of 100 after the 10
    assert sum(n for route, n in counts.items() if "reversals" in route) == 1
    assert {r.transfer_id for r in TransferReversal.objects.all()} == {transfer_id}


def test_a_transfer_read_twice_changes_nothing_and_asks_no_more_pages(double: Any) -> None:
    transfer_id = make_transfer(double, reversals=3)
    data, stamp = stripe_api.retrieve(f"/v1/transfers/{transfer_id}")
    Transfer.sync_api_read(data, stamp)
    double.reset_counts()
    Transfer.sync_api_read(data, stamp)
    assert TransferReversal.objects.count() == 3
    assert "GET /v1/transfers/{id}/reversals" not in double.request_counts()


def test_reversal_missing_from_a_complete_list_is_removed_for_good(double: Any) -> None:
    transfer_id = make_transfer(double, reversals=2)
    data, stamp = stripe_api.retrieve(f"/v1/transfers/{transfer_id}")
    Transfer.sync_api_read(data, stamp)
    kept, dropped = (r["id"] for r in data["reversals"]["data"])
    data["reversals"]["data"] = [r for r in data["reversals"]["data"] if r["id"] == kept]
    Transfer.sync_api_read(data, stamp + 1)
    assert set(TransferReversal.objects.values_list("id", flat=True)) == {kept}
    assert Tombstone.objects.filter(stripe_id=dropped).exists()


def test_transfer_without_its_reversals_keeps_the_mirrored_ones(double: Any) -> None:
    transfer_id = make_transfer(double, reversals=2)
    data, stamp = stripe_api.retrieve(f"/v1/transfers/{transfer_id}")
    Transfer.sync_api_read(data, stamp)
    del data["reversals"]
    Transfer.sync_api_read(data, stamp + 1)
    assert TransferReversal.objects.filter(transfer_id=transfer_id).count() == 2


def test_reversal_resyncs_through_its_transfer(double: Any) -> None:
    transfer_id = make_transfer(double, reversals=1)
    data, stamp = stripe_api.retrieve(f"/v1/transfers/{transfer_id}")
    Transfer.sync_api_read(data, stamp)
    reversal = TransferReversal.objects.get()
    stripe_api.update(
        f"/v1/transfers/{transfer_id}/reversals/{reversal.id}", {"metadata": {"k": "v"}}
    )
    double.reset_counts()
    refreshed = reversal.resync()
    assert refreshed.metadata == {"k": "v"}
    assert refreshed.transfer_id == transfer_id
    assert double.request_counts() == {"GET /v1/transfers/{id}/reversals/{id}": 1}
    listed = list(TransferReversal.api_list(id=transfer_id))
    assert [r.id for r in listed] == [reversal.id]


def test_legacy_transfer_to_a_bank_account_looks_up_no_account(double: Any) -> None:
    transfer = Transfer.sync_from_stripe_data(older_shape("transfer_2016-07-06"))
    assert transfer.destination_account_id is None
    assert transfer.destination == "ba_18OldBankAccount"
    assert "GET /v1/accounts/{id}" not in double.request_counts()


def test_transfer_and_account_relate_both_ways(double: Any) -> None:
    transfer = Transfer.sync_from_stripe_data(example("transfer"))
    assert transfer.destination_account.id == CONNECTED
    assert list(transfer.destination_account.received_transfers.all()) == [transfer]
    assert str(transfer) == "$11.00 USD"
    assert transfer.fee == 0  # from its balance transaction
    assert transfer in transfer.balance_transaction.transfer_set.all()
    assert Transfer.sync_from_stripe_data(example("transfer", balance_transaction=None)).fee is None


def test_application_fee_pages_its_refunds(double: Any) -> None:
    fee = double.put(example("application_fee", id="fee_paged", amount=2000))
    for _ in range(11):
        stripe_api.create(f"/v1/application_fees/{fee['id']}/refunds", {"amount": 100})
    data, stamp = stripe_api.retrieve(f"/v1/application_fees/{fee['id']}")
    assert data["refunds"]["has_more"]
    double.reset_counts()

    row = ApplicationFee.sync_api_read(data, stamp)

    assert row.refunds.count() == 11
    assert double.request_counts().get("GET /v1/application_fees/{id}/refunds") == 1
    assert row.account.id == CONNECTED
    assert list(row.account.application_fees.all()) == [row]
    refund = row.refunds.first()
    assert refund.fee == row and refund.amount == 100


def test_old_application_fee_refunds_as_a_plain_list(double: Any) -> None:
    fee = ApplicationFee.sync_from_stripe_data(older_shape("application_fee_2013-10-29"))
    assert fee.account_id == CONNECTED
    assert list(fee.refunds.values_list("id", "amount")) == [("fr_2OldRefund", 100)]


@pytest.mark.parametrize(
    "changes",
    [
        {"reversals": "not a list"},
        {"reversals": {"object": "list", "data": ["trr_x", 7, {"object": "transfer_reversal"}]}},
        {"amount": "lots", "amount_reversed": None, "reversed": "yes", "currency": 12},
        {"destination": {"unexpected": True}, "source_type": "x" * 1000},
    ],
)
def test_surprising_transfer_data_still_syncs(changes: dict[str, Any], double: Any) -> None:
    data = example("transfer", **changes)
    transfer = Transfer.sync_from_stripe_data(data)
    assert transfer.stripe_data == data
    assert TransferReversal.objects.count() == 0


def test_refund_of_an_unknown_fee_is_kept_without_its_fee(double: Any) -> None:
    refund = ApplicationFeeRefund.sync_from_stripe_data(example("fee_refund", fee="fee_gone"))
    assert refund.fee_id is None
    assert refund.stripe_data["fee"] == "fee_gone"


def test_stale_snapshot_of_a_transfer_pages_no_reversals(double: Any) -> None:
    from djstripe.sync.source import Source

    transfer_id = make_transfer(double, reversals=12)
    data, stamp = stripe_api.retrieve(f"/v1/transfers/{transfer_id}")
    Transfer.sync_api_read(data, stamp)
    double.reset_counts()

    late = Source.event("evt_late", stamp - 60)  # an event replayed after the API read
    Transfer.sync_from_stripe_data(data, source=late)

    assert "GET /v1/transfers/{id}/reversals" not in double.request_counts()
    assert TransferReversal.objects.filter(transfer_id=transfer_id).count() == 12
