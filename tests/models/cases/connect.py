"""Connect: application fees and their refunds, country specs, transfers and their reversals."""

from __future__ import annotations

import datetime
from typing import Any

from ...conftest import example, older_shape
from ..roundtrip import Case

UTC = datetime.UTC
T_1234567890 = datetime.datetime(2009, 2, 13, 23, 31, 30, tzinfo=UTC)
CONNECTED = "acct_1PgafTB7WZ01zgkW"  # the example account, connected to the double's platform
FEE = "fee_1Pgc6zB7WZ01zgkWOMh2at1m"
TRANSFER = "tr_1Pgc7BB7WZ01zgkWVJfE40RX"
TXN = "txn_1PgaxNB7WZ01zgkWEV3TLf40"
CHARGE = "ch_1PgafuB7WZ01zgkWXYmPNZs8"


def embedded_list(url: str, *items: dict[str, Any]) -> dict[str, Any]:
    return {"object": "list", "data": list(items), "has_more": False, "url": url}


def fee_with_refund() -> dict[str, Any]:
    refunds = embedded_list(f"/v1/application_fees/{FEE}/refunds", example("fee_refund"))
    return example("application_fee", amount_refunded=100, refunded=True, refunds=refunds)


def transfer_with_reversal() -> dict[str, Any]:
    reversals = embedded_list(f"/v1/transfers/{TRANSFER}/reversals", example("transfer_reversal"))
    return example(
        "transfer", amount_reversed=1100, reversed=True, reversals=reversals, transfer_group="g1"
    )


CASES = [
    Case(
        model="ApplicationFee",
        data=fee_with_refund,
        expect={
            "livemode": False,
            "created": T_1234567890,
            "metadata": None,
            "account_id": CONNECTED,
            "balance_transaction_id": TXN,
            "charge_id": CHARGE,
            "amount": 100,
            "amount_refunded": 100,
            "currency": "usd",
            "refunded": True,
            "originating_transaction_id": None,
        },
        related={"refunds": {"fr_1Pgc70B7WZ01zgkWSr1ANtFu"}},
    ),
    Case(
        model="ApplicationFee",
        shape="2013-10-29",
        data=lambda: older_shape("application_fee_2013-10-29"),
        expect={
            "livemode": False,
            "created": datetime.datetime(2013, 10, 28, 22, 40, tzinfo=UTC),
            "metadata": None,
            "account_id": CONNECTED,
            "balance_transaction_id": None,  # txn_2OldFee is unknown to Stripe (the double)
            "charge_id": None,
            "amount": 250,
            "amount_refunded": 100,
            "currency": "eur",
            "refunded": False,
            "originating_transaction_id": None,
        },
        related={"refunds": {"fr_2OldRefund"}},
    ),
    Case(
        model="ApplicationFeeRefund",
        data=lambda: example("fee_refund"),
        expect={
            "livemode": None,
            "created": T_1234567890,
            "metadata": {},
            "fee_id": FEE,
            "balance_transaction_id": None,
            "amount": 100,
            "currency": "usd",
        },
    ),
    Case(
        model="CountrySpec",
        data=lambda: example("country_spec"),
        expect={
            "livemode": None,
            "created": None,
            "metadata": None,
            "default_currency": "usd",
            "supported_bank_account_currencies": {"usd": ["US"]},
            "supported_payment_currencies": ["...", "aed", "afn", "usd"],
            "supported_payment_methods": ["ach", "card", "stripe"],
            "supported_transfer_countries": example("country_spec")["supported_transfer_countries"],
            "verification_fields": example("country_spec")["verification_fields"],
        },
    ),
    Case(
        model="Transfer",
        data=transfer_with_reversal,
        expect={
            "livemode": False,
            "created": T_1234567890,
            "metadata": {},
            "amount": 1100,
            "amount_reversed": 1100,
            "currency": "usd",
            "reversed": True,
            "destination_account_id": CONNECTED,
            "balance_transaction_id": TXN,
            "source_type": "card",
            "transfer_group": "g1",
            "destination_payment": "py_QXhWZR8SdWquhf",
            "source_transaction": None,
        },
        related={"reversals": {"trr_1Pgc7BB7WZ01zgkWsU61ufNC"}},
    ),
    Case(
        # Before the transfer/payout split, a "transfer" could pay out to a bank account.
        model="Transfer",
        shape="2016-07-06",
        data=lambda: older_shape("transfer_2016-07-06"),
        expect={
            "livemode": False,
            "created": datetime.datetime(2016, 7, 6, tzinfo=UTC),
            "metadata": {},
            "amount": 4200,
            "amount_reversed": 0,
            "currency": "usd",
            "reversed": False,
            "destination_account_id": None,
            "balance_transaction_id": None,
            "source_type": "card",
            "transfer_group": "",
            "destination_payment": None,
            "source_transaction": None,
        },
        related={"reversals": set()},
    ),
    Case(
        model="TransferReversal",
        data=lambda: example("transfer_reversal"),
        expect={
            "livemode": None,
            "created": T_1234567890,
            "metadata": {},
            "transfer_id": TRANSFER,
            "balance_transaction_id": None,
            "amount": 1100,
            "currency": "usd",
            "destination_payment_refund_id": None,
            "source_refund_id": None,
        },
    ),
]
