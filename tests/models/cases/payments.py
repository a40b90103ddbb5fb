"""Charges, refunds, disputes, balance transactions, intents, mandates, payouts, files, Radar."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from ...conftest import example, older_shape
from ..roundtrip import Case

UTC = datetime.UTC
T_1234567890 = datetime.datetime(2009, 2, 13, 23, 31, 30, tzinfo=UTC)
CHARGE = "ch_1PgafuB7WZ01zgkWXYmPNZs8"
TXN = "txn_1PgaxNB7WZ01zgkWEV3TLf40"
FILE = "file_1Pgag2B7WZ01zgkWITx3dIQc"
INVOICE = "in_1Pgc6tB7WZ01zgkWu9fdqL6I"


def at(epoch: int) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(epoch, tz=UTC)


def seed_old_charge(double: Any) -> None:
    """The customer and balance transaction the 2017 charge references."""
    double.put(example("customer", id="cus_OldCharge2017", currency="eur"))
    double.put(example("balance_transaction", id="txn_1AoldChargeTxn2017", amount=2500))


def jpy_charge() -> dict[str, Any]:
    return example(
        "charge",
        id="ch_jpy",
        amount=2000,
        amount_captured=2000,
        amount_refunded=500,
        currency="jpy",
        captured=True,
        source=None,
        payment_method=None,
        balance_transaction=None,
        refunds={"object": "list", "data": [], "has_more": False, "url": "/v1/charges/x"},
    )


CHARGE_CURRENT = {
    "application_fee": None,
    "application_fee_amount": None,
    "failure_balance_transaction_id": None,
    "on_behalf_of": None,
    "review_id": None,
    "source_transfer_id": None,
    "transfer": None,
    "livemode": False,
    "created": T_1234567890,
    "metadata": {},
    "amount": Decimal("1.00"),
    "amount_captured": 0,
    "amount_refunded": 0,
    "currency": "usd",
    "status": "succeeded",
    "paid": True,
    "captured": False,
    "refunded": False,
    "disputed": False,
    "failure_code": "",
    "customer_id": None,
    "payment_intent_id": None,
    # ``card_...`` ids are legacy cards that only Stripe's API serves as payment methods;
    # the double does not, so the reference is left empty.
    "payment_method_id": None,
    "balance_transaction_id": TXN,
    "source_id": "obj_123",  # the embedded Source object
    "invoice_id": None,
}

CASES = [
    Case(model="Charge", data=lambda: example("charge"), expect=CHARGE_CURRENT),
    Case(
        model="Charge",
        name="jpy",
        data=jpy_charge,
        expect={
            **CHARGE_CURRENT,
            "amount": Decimal("2000"),
            "amount_captured": 2000,
            "amount_refunded": 500,
            "currency": "jpy",
            "captured": True,
            "balance_transaction_id": None,
            "source_id": None,
        },
    ),
    Case(
        model="Charge",
        shape="2017-08-15",
        data=lambda: older_shape("charge_2017-08-15"),
        setup=seed_old_charge,
        expect={
            "livemode": False,
            "created": at(1504000000),
            "metadata": {"order": "1042"},
            "amount": Decimal("25.00"),
            "amount_captured": 2500,  # derived: captured in full
            "amount_refunded": 1000,
            "currency": "eur",
            "status": "succeeded",
            "paid": True,
            "captured": True,
            "refunded": False,
            "disputed": None,  # not in this version's charges
            "failure_code": "",
            "customer_id": "cus_OldCharge2017",
            "payment_intent_id": None,
            "payment_method_id": None,
            "balance_transaction_id": "txn_1AoldChargeTxn2017",
            "source_id": "card_1AoldCard2017",
            "invoice_id": INVOICE,  # fetched from the double
            "application_fee": None,
            "application_fee_amount": None,
            "failure_balance_transaction_id": None,
            "on_behalf_of": None,
            "review_id": None,
            "source_transfer_id": None,
            "transfer": None,
        },
        related={"refunds": {"re_1AoldRefund2017"}},
    ),
    Case(
        model="Charge",
        shape="2014-03-28",
        data=lambda: older_shape("charge_2014-03-28"),
        expect={
            "livemode": False,
            "created": at(1395000000),
            "metadata": {},
            "amount": Decimal("5.00"),
            "amount_captured": 500,
            "amount_refunded": 500,
            "currency": "usd",
            "status": "",  # charges had no status yet
            "paid": True,
            "captured": True,
            "refunded": True,
            "disputed": None,
            "failure_code": "",
            "customer_id": None,
            "payment_intent_id": None,
            "payment_method_id": None,
            "balance_transaction_id": None,
            "source_id": "card_3OldCard2014",  # from `card`
            "invoice_id": None,
            "application_fee": None,
            "application_fee_amount": None,
            "failure_balance_transaction_id": None,
            "on_behalf_of": None,
            "review_id": None,
            "source_transfer_id": None,
            "transfer": None,
        },
        related={"refunds": {"re_3OldRefund2014"}},  # a plain array, without `charge`
    ),
    Case(
        model="Refund",
        data=lambda: example("refund"),
        expect={
            "livemode": None,
            "created": T_1234567890,
            "metadata": {},
            "amount": 100,
            "currency": "usd",
            "status": "succeeded",
            "reason": "",
            "charge_id": CHARGE,
            "payment_intent_id": None,
            "balance_transaction_id": None,
            "failure_balance_transaction_id": None,
            "pending_reason": "",
            "source_transfer_reversal_id": None,
            "transfer_reversal_id": None,
        },
    ),
    Case(
        model="Dispute",
        data=lambda: example("dispute"),
        expect={
            "livemode": False,
            "created": T_1234567890,
            "metadata": {},
            "amount": 1000,
            "currency": "usd",
            "status": "warning_needs_response",
            "reason": "general",
            "evidence_due_by": at(1723679999),
            "charge_id": CHARGE,
            "payment_intent_id": None,
            "balance_transaction_id": None,
        },
    ),
    Case(
        model="Dispute",
        name="with-transactions",
        data=lambda: example("dispute", balance_transactions=[example("balance_transaction")]),
        expect={
            "livemode": False,
            "created": T_1234567890,
            "metadata": {},
            "amount": 1000,
            "currency": "usd",
            "status": "warning_needs_response",
            "reason": "general",
            "evidence_due_by": at(1723679999),
            "charge_id": CHARGE,
            "payment_intent_id": None,
            "balance_transaction_id": TXN,  # the first of the embedded list
        },
    ),
    Case(
        model="Dispute",
        shape="2014-03-28",
        data=lambda: older_shape("dispute_2014-03-28"),
        setup=lambda double: double.put(
            example("balance_transaction", id="txn_3OldDisputeTxn2014", amount=-1500)
        ),
        expect={
            "livemode": False,
            "created": at(1396000000),
            "metadata": None,
            "amount": 1500,
            "currency": "usd",
            "status": "needs_response",
            "reason": "fraudulent",
            "evidence_due_by": at(1397000000),
            "charge_id": None,  # not served by the double: left empty
            "payment_intent_id": None,
            "balance_transaction_id": "txn_3OldDisputeTxn2014",
        },
    ),
    Case(
        model="BalanceTransaction",
        data=lambda: example("balance_transaction"),
        expect={
            "livemode": None,
            "created": T_1234567890,
            "metadata": None,
            "amount": 100,
            "fee": 0,
            "net": 100,
            "currency": "usd",
            "status": "available",
            "type": "charge",
            "reporting_category": "charge",
            "available_on": T_1234567890,
            "source": CHARGE,
            "balance_type": "payments",
        },
    ),
    Case(
        model="PaymentIntent",
        data=lambda: example("payment_intent"),
        expect={
            "livemode": False,
            "created": T_1234567890,
            "metadata": {},
            "amount": 1099,
            "amount_capturable": 0,
            "amount_received": 0,
            "currency": "usd",
            "status": "requires_payment_method",
            "capture_method": "automatic",
            "canceled_at": T_1234567890,
            "cancellation_reason": "",
            "customer_id": None,
            "payment_method_id": None,
            "latest_charge_id": None,
            "on_behalf_of_id": None,
            "application_fee_amount": None,
            "confirmation_method": "automatic",
            "review_id": None,
            "setup_future_usage": "",
        },
    ),
    Case(
        model="PaymentIntent",
        shape="2020-08-27",
        data=lambda: older_shape("payment_intent_2020-08-27"),
        expect={
            "livemode": False,
            "created": at(1600000000),
            "metadata": {},
            "amount": 3000,
            "amount_capturable": 0,
            "amount_received": 3000,
            "currency": "gbp",
            "status": "succeeded",
            "capture_method": "automatic",
            "canceled_at": None,
            "cancellation_reason": "",
            "customer_id": None,
            "payment_method_id": None,
            "latest_charge_id": "ch_1OldIntentSecondTry",  # the newest embedded charge
            "on_behalf_of_id": None,
            "application_fee_amount": None,
            "confirmation_method": "automatic",
            "review_id": None,
            "setup_future_usage": "",
        },
        related={"charges": {"ch_1OldIntentSecondTry", "ch_1OldIntentFirstTry"}},
    ),
    Case(
        model="SetupIntent",
        data=lambda: example("setup_intent"),
        expect={
            "livemode": False,
            "created": T_1234567890,
            "metadata": {},
            "status": "requires_payment_method",
            "usage": "off_session",
            "customer_id": None,
            "payment_method_id": None,
            "mandate_id": None,
            "on_behalf_of_id": None,
            "cancellation_reason": "",
            "single_use_mandate_id": None,
        },
    ),
    Case(
        model="SetupIntent",
        name="with-mandate",
        data=lambda: example(
            "setup_intent",
            status="succeeded",
            customer="cus_QXg1o8vcGmoR32",
            mandate=example("mandate"),
        ),
        expect={
            "livemode": False,
            "created": T_1234567890,
            "metadata": {},
            "status": "succeeded",
            "usage": "off_session",
            "customer_id": "cus_QXg1o8vcGmoR32",
            "payment_method_id": None,
            "mandate_id": "mandate_1Pgc78B7WZ01zgkW9EfgTVki",
            "on_behalf_of_id": None,
            "cancellation_reason": "",
            "single_use_mandate_id": None,
        },
    ),
    Case(
        model="Mandate",
        data=lambda: example("mandate"),
        expect={
            "livemode": False,
            "created": None,
            "metadata": None,
            "status": "active",
            "type": "multi_use",
            "payment_method_id": None,  # pm_123456789 does not exist
        },
    ),
    Case(
        model="Payout",
        data=lambda: example("payout"),
        expect={
            "livemode": False,
            "created": T_1234567890,
            "metadata": {},
            "amount": 1100,
            "currency": "usd",
            "arrival_date": T_1234567890,
            "status": "in_transit",
            "type": "bank_account",
            "method": "standard",
            "failure_code": "",
            "destination_id": None,  # a bare id of an external account not mirrored
            "balance_transaction_id": TXN,
            "failure_balance_transaction_id": None,
            "original_payout_id": None,
            "reversed_by_id": None,
            "application_fee_amount": None,
            "application_fee_id": None,
            "reconciliation_status": "completed",
        },
    ),
    Case(
        model="Payout",
        name="expanded-destination",
        data=lambda: example("payout", destination=example("bank_account")),
        expect={
            "livemode": False,
            "created": T_1234567890,
            "metadata": {},
            "amount": 1100,
            "currency": "usd",
            "arrival_date": T_1234567890,
            "status": "in_transit",
            "type": "bank_account",
            "method": "standard",
            "failure_code": "",
            "destination_id": "ba_1PgagAB7WZ01zgkWr3DySp2Q",
            "balance_transaction_id": TXN,
            "failure_balance_transaction_id": None,
            "original_payout_id": None,
            "reversed_by_id": None,
            "application_fee_amount": None,
            "application_fee_id": None,
            "reconciliation_status": "completed",
        },
    ),
    Case(
        model="File",
        data=lambda: example("file"),
        expect={
            "livemode": None,
            "created": T_1234567890,
            "metadata": None,
            "purpose": "dispute_evidence",
            "type": "png",
            "size": 9863,
            "filename": FILE,
            "url": f"https://sangeekp-15t6ai--upload-mydev.dev.stripe.me/v1/files/{FILE}/contents",
            "expires_at": T_1234567890,
        },
        related={
            "links": {
                "link_1Pgc76B7WZ01zgkWPhd77i13",
                "link_1PgbAmB7WZ01zgkW3pu4fR4P",
                "link_1PgbAmB7WZ01zgkWwbZvcvQ8",
                "link_1PgaxTB7WZ01zgkWjUTJLaVH",
                "link_1PgaxSB7WZ01zgkWTnPuQ3DJ",
                "link_1Pgag2B7WZ01zgkWT1SijPEZ",
            }
        },
    ),
    Case(
        model="FileLink",
        data=lambda: example("file_link"),
        expect={
            "livemode": False,
            "created": T_1234567890,
            "metadata": {},
            "file_id": FILE,
            "expires_at": T_1234567890,
            "expired": False,
            "url": example("file_link")["url"],
        },
    ),
    Case(
        model="EarlyFraudWarning",
        data=lambda: example("radar.early_fraud_warning", charge=CHARGE, payment_intent=None),
        expect={
            "livemode": False,
            "created": T_1234567890,
            "metadata": None,
            "actionable": True,
            "fraud_type": "misc",
            "charge_id": CHARGE,
            "payment_intent_id": None,
        },
    ),
    Case(
        model="Review",
        data=lambda: example("review"),
        expect={
            "livemode": False,
            "created": T_1234567890,
            "metadata": None,
            "open": True,
            "reason": "reason",
            "closed_reason": "",
            "opened_reason": "rule",
            "charge_id": CHARGE,
            "payment_intent_id": None,
        },
    ),
]
