"""Payouts: money sent from the Stripe balance to a bank account or debit card."""

from __future__ import annotations

__all__ = ["Payout"]

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..currency import format_amount, to_major_units
from ..enums import PayoutFailureCode, PayoutMethod, PayoutStatus, PayoutType
from ..fields import (
    StripeCurrencyCodeField,
    StripeDateTimeField,
    StripeEnumField,
    StripeForeignKey,
    StripeQuantumCurrencyAmountField,
)
from ..properties import StripeProperty
from .base import StripeModel


class Payout(StripeModel):
    """A payout to an external account (``po_...``)."""

    stripe_object = "payout"
    api_path = "/v1/payouts"
    stripe_dashboard_item_name = "payouts"
    expand_fields: ClassVar[list[str]] = ["destination"]
    list_expand: ClassVar[tuple[str, ...]] = ("data.destination",)

    amount = StripeQuantumCurrencyAmountField(null=True, blank=True, db_index=True)
    currency = StripeCurrencyCodeField(default="", blank=True, db_index=True)
    arrival_date = StripeDateTimeField(null=True, blank=True, db_index=True)
    status = StripeEnumField(enum=PayoutStatus, default="", blank=True, db_index=True)
    type = StripeEnumField(enum=PayoutType, default="", blank=True)
    method = StripeEnumField(enum=PayoutMethod, default="", blank=True)
    failure_code = StripeEnumField(enum=PayoutFailureCode, default="", blank=True)
    # A bank account or a debit card: the polymorphic base returns the concrete one.
    destination = StripeForeignKey(
        "djstripe.DjstripePaymentMethod", null=True, blank=True, on_delete=models.SET_NULL
    )
    balance_transaction = StripeForeignKey(
        "djstripe.BalanceTransaction", null=True, blank=True, on_delete=models.SET_NULL
    )
    failure_balance_transaction = StripeForeignKey(
        "djstripe.BalanceTransaction",
        null=True,
        blank=True,
        related_name="failure_payouts",
        on_delete=models.SET_NULL,
    )
    # Plain foreign keys, not one-to-one: a uniqueness constraint on data Stripe sends
    # could make a sync fail.
    original_payout = StripeForeignKey(
        "self", null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    reversed_by = StripeForeignKey(
        "self", null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    application_fee = StripeForeignKey(
        "djstripe.ApplicationFee",
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
        help_text=_("The application fee collected on the payout."),
    )
    application_fee_amount = StripeQuantumCurrencyAmountField(null=True, blank=True)
    reconciliation_status = StripeEnumField(default="", blank=True, db_index=True)

    automatic = StripeProperty()
    failure_message = StripeProperty()
    source_type = StripeProperty()
    statement_descriptor = StripeProperty()
    trace_id = StripeProperty()
    payout_method = StripeProperty()

    class Meta(StripeModel.Meta):
        verbose_name = _("payout")

    def __str__(self) -> str:
        amount = format_amount(to_major_units(self.amount, self.currency), self.currency)
        return f"{amount} ({(self.status or '').replace('_', ' ')})"
