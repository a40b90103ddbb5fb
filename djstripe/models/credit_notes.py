"""Credit notes: adjustments to a finalized invoice, and their lines.

A credit note's lines are synced with it, completely (paged past Stripe's first
10 through ``/v1/credit_notes/{id}/lines``); lines gone upstream are removed.
"""

from __future__ import annotations

__all__ = ["CreditNote", "CreditNoteLineItem"]

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..enums import CreditNoteLineItemType, CreditNoteReason, CreditNoteStatus, CreditNoteType
from ..fields import (
    StripeCurrencyCodeField,
    StripeDateTimeField,
    StripeEnumField,
    StripeForeignKey,
    StripeQuantumCurrencyAmountField,
)
from ..properties import MovedProperty, StripeProperty
from .base import ChildList, StripeModel


class CreditNote(StripeModel):
    """A credit note issued against an invoice (a refund, a credit or an amount off)."""

    stripe_object = "credit_note"
    api_path = "/v1/credit_notes"
    stripe_dashboard_item_name = "credit_notes"
    child_lists: ClassVar[tuple[ChildList, ...]] = (
        ChildList(
            "lines",
            "CreditNoteLineItem",
            parent_field="credit_note",
            nested_path="/v1/credit_notes/{id}/lines",
        ),
    )

    invoice = StripeForeignKey(
        "djstripe.Invoice",
        null=True,
        blank=True,
        related_name="credit_notes",
        on_delete=models.CASCADE,
    )
    customer = StripeForeignKey(
        "djstripe.Customer",
        null=True,
        blank=True,
        related_name="credit_notes",
        on_delete=models.CASCADE,
    )
    status = StripeEnumField(enum=CreditNoteStatus, default="", blank=True, db_index=True)
    type = StripeEnumField(enum=CreditNoteType, default="", blank=True, db_index=True)
    reason = StripeEnumField(enum=CreditNoteReason, default="", blank=True, db_index=True)
    number = models.CharField(max_length=255, default="", blank=True, db_index=True)
    amount = StripeQuantumCurrencyAmountField(null=True, blank=True, db_index=True)
    total = StripeQuantumCurrencyAmountField(null=True, blank=True)
    currency = StripeCurrencyCodeField(default="", blank=True, db_index=True)
    voided_at = StripeDateTimeField(null=True, blank=True)
    subtotal = StripeQuantumCurrencyAmountField(null=True, blank=True)
    subtotal_excluding_tax = StripeQuantumCurrencyAmountField(null=True, blank=True)
    total_excluding_tax = StripeQuantumCurrencyAmountField(null=True, blank=True)
    discount_amount = StripeQuantumCurrencyAmountField(null=True, blank=True)
    amount_shipping = StripeQuantumCurrencyAmountField(null=True, blank=True)
    out_of_band_amount = StripeQuantumCurrencyAmountField(null=True, blank=True)
    post_payment_amount = StripeQuantumCurrencyAmountField(null=True, blank=True)
    pre_payment_amount = StripeQuantumCurrencyAmountField(null=True, blank=True)
    effective_at = StripeDateTimeField(null=True, blank=True)

    customer_balance_transaction = StripeProperty()
    discount_amounts = StripeProperty()
    memo = StripeProperty()
    pdf = StripeProperty()
    pretax_credit_amounts = StripeProperty()
    refund = MovedProperty()
    refunds = StripeProperty(default=())
    shipping_cost = StripeProperty()
    tax_amounts = MovedProperty()
    total_taxes = StripeProperty()
    customer_account = StripeProperty()

    class Meta(StripeModel.Meta):
        verbose_name = _("credit note")

    def __str__(self) -> str:
        return self.number or self.id


class CreditNoteLineItem(StripeModel):
    """A line of a credit note (``credit_note.lines``)."""

    stripe_object = "credit_note_line_item"
    api_path = None  # only reachable through /v1/credit_notes/{id}/lines
    listable = False
    child_lists: ClassVar[tuple[ChildList, ...]] = (
        ChildList("tax_rates", "TaxRate", many_to_many="tax_rates"),
    )

    credit_note = StripeForeignKey(
        "djstripe.CreditNote",
        null=True,
        blank=True,
        related_name="lines",
        on_delete=models.CASCADE,
    )
    invoice_line_item = StripeForeignKey(
        "djstripe.LineItem",
        null=True,
        blank=True,
        related_name="credit_note_lines",
        on_delete=models.SET_NULL,
    )
    tax_rates = models.ManyToManyField("djstripe.TaxRate", related_name="+", blank=True)
    type = StripeEnumField(enum=CreditNoteLineItemType, default="", blank=True, db_index=True)
    amount = StripeQuantumCurrencyAmountField(null=True, blank=True)
    quantity = models.BigIntegerField(null=True, blank=True)
    unit_amount = StripeQuantumCurrencyAmountField(null=True, blank=True)
    discount_amount = StripeQuantumCurrencyAmountField(null=True, blank=True)

    discount_amounts = StripeProperty()
    pretax_credit_amounts = StripeProperty()
    tax_amounts = MovedProperty()
    taxes = StripeProperty()
    unit_amount_decimal = StripeProperty()

    class Meta(StripeModel.Meta):
        verbose_name = _("credit note line item")
        ordering = ["djstripe_id"]

    def __str__(self) -> str:
        return self.description or self.id
