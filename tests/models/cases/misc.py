"""Entitlements, Identity, Sigma and Issuing."""

from __future__ import annotations

import datetime
from typing import Any

from ...conftest import example
from ..roundtrip import Case

UTC = datetime.UTC
T_1234567890 = datetime.datetime(2009, 2, 13, 23, 31, 30, tzinfo=UTC)
FEATURE = "feat_test_61QGU1MWyFMSP9YBZ41ClCIKljWvsTgu"
SESSION = "vs_1Pgc76B7WZ01zgkWBdQi8PTU"
REPORT = "vr_1Pgc76B7WZ01zgkWq9Rp33Dj"
CARD = "ic_1Pgag5B7WZ01zgkWephORn8N"
CARDHOLDER = "ich_1Pgag4B7WZ01zgkWdPVfBngi"
AUTHORIZATION = "iauth_1Pgc77B7WZ01zgkWn0SmtHBY"
TRANSACTION = "ipi_1Pgc78B7WZ01zgkWm0QxtFzQ"


def product_feature() -> dict[str, Any]:
    """Stripe's example has empty ids; the feature it embeds is the example feature."""
    return example(
        "product_feature", id="prodft_1Example", entitlement_feature=example("entitlements.feature")
    )


def session_with_report() -> dict[str, Any]:
    return example("identity.verification_session", last_verification_report=REPORT)


def seed_report_of_session(double: Any) -> None:
    double.put(example("identity.verification_report", verification_session=SESSION))


def authorization_with_transaction() -> dict[str, Any]:
    transaction = example("issuing.transaction", authorization=AUTHORIZATION)
    return example("issuing.authorization", transactions=[transaction])


CASES = [
    Case(
        model="Feature",
        data=lambda: example("entitlements.feature"),
        expect={
            "livemode": False,
            "created": None,
            "metadata": {},
            "name": "My super awesome feature",
            "lookup_key": "something",
            "active": True,
        },
    ),
    Case(
        model="ProductFeature",
        data=product_feature,
        expect={
            "livemode": False,
            "created": None,
            "metadata": None,
            "product_id": None,
            "entitlement_feature_id": FEATURE,
        },
    ),
    Case(
        model="ActiveEntitlement",
        data=lambda: example("entitlements.active_entitlement"),
        expect={
            "livemode": False,
            "created": None,
            "metadata": None,
            "feature_id": FEATURE,
            "lookup_key": "something",
            "customer_id": None,  # set by the customer's list, not by the object
        },
    ),
    Case(
        model="VerificationSession",
        data=session_with_report,
        setup=seed_report_of_session,
        expect={
            "livemode": False,
            "created": T_1234567890,
            "metadata": {},
            "status": "verified",
            "type": "document",
            "client_reference_id": "",
            "last_verification_report_id": REPORT,
            "related_customer_id": None,
            "last_error": {"code": None, "reason": None},
            "redaction": {"status": "processing"},
            "verified_outputs": None,
        },
        related={"verification_reports": {REPORT}},
    ),
    Case(
        model="VerificationReport",
        data=lambda: example("identity.verification_report", client_reference_id="user-3"),
        expect={
            "livemode": False,
            "created": T_1234567890,
            "metadata": None,
            "type": "document",
            "verification_session_id": None,  # the example names a session Stripe lacks
            "client_reference_id": "user-3",
            "document": example("identity.verification_report")["document"],
            "id_number": None,
            "options": {"document": {}, "id_number": {}},
            "selfie": None,
        },
    ),
    Case(
        model="ScheduledQueryRun",
        data=lambda: example("scheduled_query_run"),
        expect={
            "livemode": False,
            "created": T_1234567890,
            "metadata": None,
            "title": "Count all charges",
            "sql": "SELECT count(*) from charges",
            "status": "completed",
            "data_load_time": T_1234567890,
            "result_available_until": T_1234567890,
            "error": None,
            "file_id": "file_1Pgag7B7WZ01zgkWJbdoNCXR",  # expanded in the example
        },
    ),
    Case(
        model="IssuingCardholder",
        data=lambda: example("issuing.cardholder"),
        expect={
            "livemode": False,
            "created": T_1234567890,
            "metadata": {},
            "name": "Jenny Rosen",
            "email": "jenny@example.com",
            "phone_number": "+18008675309",
            "status": "active",
            "type": "individual",
        },
    ),
    Case(
        model="IssuingCard",
        data=lambda: example("issuing.card"),
        expect={
            "livemode": False,
            "created": T_1234567890,
            "metadata": {},
            "cardholder_id": CARDHOLDER,
            "status": "active",
            "type": "physical",
            "brand": "Visa",
            "currency": "usd",
            "last4": "4242",
            "exp_month": 8,
            "exp_year": 2030,
            "cancellation_reason": "",
            "replaced_by_id": None,
            "replacement_for_id": None,
            "replacement_reason": "",
        },
    ),
    Case(
        model="IssuingAuthorization",
        data=authorization_with_transaction,
        expect={
            "livemode": False,
            "created": T_1234567890,
            "metadata": {},
            "amount": 0,
            "currency": "usd",
            "merchant_amount": 0,
            "merchant_currency": "usd",
            "approved": True,
            "status": "pending",
            "authorization_method": "keyed_in",
            "card_id": CARD,
            "cardholder_id": None,
            "card_presence": "",
        },
        related={"transactions": {TRANSACTION}},
    ),
    Case(
        model="IssuingTransaction",
        data=lambda: example("issuing.transaction"),
        expect={
            "livemode": False,
            "created": T_1234567890,
            "metadata": {},
            "amount": -100,
            "currency": "usd",
            "merchant_amount": -100,
            "merchant_currency": "usd",
            "type": "capture",
            "authorization_id": None,  # the example names an authorization Stripe lacks
            "card_id": CARD,
            "cardholder_id": CARDHOLDER,
            "balance_transaction_id": None,
            "dispute_id": None,
            "wallet": "apple_pay",
        },
    ),
    Case(
        model="IssuingDispute",
        data=lambda: example("issuing.dispute", transaction=TRANSACTION),
        expect={
            "livemode": False,
            "created": T_1234567890,
            "metadata": {},
            "amount": 100,
            "currency": "usd",
            "status": "unsubmitted",
            "transaction_id": TRANSACTION,
            "loss_reason": "",
        },
    ),
]
