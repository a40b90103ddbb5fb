"""Issuing and Identity: relations in both directions, children synced with their parent,
surprising data."""

from __future__ import annotations

from typing import Any

import pytest

from djstripe.models import (
    IssuingAuthorization,
    IssuingCard,
    IssuingCardholder,
    IssuingDispute,
    IssuingTransaction,
    ScheduledQueryRun,
    VerificationReport,
    VerificationSession,
)

from ..conftest import example

pytestmark = pytest.mark.django_db

CARD = "ic_1Pgag5B7WZ01zgkWephORn8N"
CARDHOLDER = "ich_1Pgag4B7WZ01zgkWdPVfBngi"
AUTHORIZATION = "iauth_1Pgc77B7WZ01zgkWn0SmtHBY"


def test_card_and_cardholder_relate_both_ways(double: Any) -> None:
    card = IssuingCard.sync_from_stripe_data(example("issuing.card"))
    cardholder = IssuingCardholder.objects.get(id=CARDHOLDER)  # synced from the expanded one
    assert card.cardholder == cardholder
    assert list(cardholder.cards.all()) == [card]
    assert str(card) == "Visa •••• 4242"
    assert str(cardholder) == "Jenny Rosen"


def test_authorization_brings_its_transactions_card_and_cardholder(double: Any) -> None:
    refund = example("issuing.transaction", id="ipi_refund", authorization=AUTHORIZATION)
    refund.update(type="refund", amount=100)
    capture = example("issuing.transaction", authorization=AUTHORIZATION)
    data = example("issuing.authorization", transactions=[capture, refund])

    authorization = IssuingAuthorization.sync_from_stripe_data(data)

    assert set(authorization.transactions.values_list("type", flat=True)) == {"capture", "refund"}
    card = authorization.card
    assert card.id == CARD and list(card.authorizations.all()) == [authorization]
    assert card.transactions.count() == 2
    assert IssuingCardholder.objects.get(id=CARDHOLDER).transactions.count() == 2
    assert "GET /v1/issuing/cards/{id}" not in double.request_counts()  # it was expanded


def test_transactions_missing_from_a_later_payload_are_kept(double: Any) -> None:
    transaction = example("issuing.transaction", authorization=AUTHORIZATION)
    IssuingAuthorization.sync_from_stripe_data(
        example("issuing.authorization", transactions=[transaction])
    )
    IssuingAuthorization.sync_from_stripe_data(example("issuing.authorization", transactions=[]))
    assert IssuingTransaction.objects.filter(authorization_id=AUTHORIZATION).count() == 1


def test_dispute_and_transaction_relate_both_ways(double: Any) -> None:
    transaction = IssuingTransaction.sync_from_stripe_data(example("issuing.transaction"))
    dispute = IssuingDispute.sync_from_stripe_data(
        example("issuing.dispute", transaction=transaction.id)
    )
    assert dispute.transaction == transaction
    assert list(transaction.disputes.all()) == [dispute]


def test_verification_session_and_reports_relate_both_ways(double: Any) -> None:
    session_id = "vs_1Pgc76B7WZ01zgkWBdQi8PTU"
    report = example("identity.verification_report", verification_session=session_id)
    double.put(report)
    session = VerificationSession.sync_from_stripe_data(
        example("identity.verification_session", last_verification_report=report["id"])
    )
    report_row = VerificationReport.objects.get(id=report["id"])
    assert session.last_verification_report == report_row
    assert report_row.verification_session == session
    assert list(session.verification_reports.all()) == [report_row]


def test_issuing_tables_keep_dj_stripes_names() -> None:
    tables = {
        model._meta.db_table
        for model in (
            IssuingAuthorization,
            IssuingCard,
            IssuingCardholder,
            IssuingDispute,
            IssuingTransaction,
        )
    }
    assert tables == {
        "djstripe_issuing_authorization",
        "djstripe_issuing_card",
        "djstripe_issuing_cardholder",
        "djstripe_issuing_dispute",
        "djstripe_issuing_transaction",
    }


@pytest.mark.parametrize(
    ("model", "data"),
    [
        (IssuingAuthorization, example("issuing.authorization", transactions="none")),
        (IssuingAuthorization, example("issuing.authorization", transactions=[None, "ipi_1"])),
        (IssuingCard, example("issuing.card", exp_month="soon", exp_year=-5, last4="123456")),
        (IssuingCardholder, example("issuing.cardholder", email=["a"], name="n" * 999)),
        (VerificationSession, example("identity.verification_session", redaction="x")),
        (ScheduledQueryRun, example("scheduled_query_run", file=None, sql="S" * 20000)),
    ],
)
def test_surprising_data_still_syncs(model: Any, data: dict[str, Any], double: Any) -> None:
    row = model.sync_from_stripe_data(data)
    assert row.stripe_data == data


def test_long_sigma_sql_is_kept_whole(double: Any) -> None:
    sql = "SELECT 1 -- " + "x" * 20000
    run = ScheduledQueryRun.sync_from_stripe_data(example("scheduled_query_run", sql=sql))
    run.refresh_from_db()
    assert run.sql == sql
