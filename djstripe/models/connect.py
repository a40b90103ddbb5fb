"""Connect: application fees and their refunds, transfers and their reversals, country specs."""

from __future__ import annotations

__all__ = ["ApplicationFee", "ApplicationFeeRefund", "CountrySpec", "Transfer", "TransferReversal"]

from typing import Any, ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..currency import format_amount, to_major_units
from ..fields import (
    StripeCurrencyCodeField,
    StripeEnumField,
    StripeForeignKey,
    StripeIdField,
    StripeJSONField,
    StripeQuantumCurrencyAmountField,
)
from ..properties import StripeProperty
from .base import ChildList, StripeModel
from .managers import TransferManager
from .nested import NestedStripeModel


def _friendly_amount(amount: int | None, currency: str) -> str:
    text = format_amount(to_major_units(amount, currency), currency)
    return f"{text} {currency.upper()}".strip() if currency else text


class ApplicationFee(StripeModel):
    """A fee a Connect platform took from a charge on a connected account."""

    stripe_object = "application_fee"
    api_path = "/v1/application_fees"
    stripe_dashboard_item_name = "connect/application_fees"
    child_lists: ClassVar[tuple[ChildList, ...]] = (
        ChildList(
            "refunds",
            "ApplicationFeeRefund",
            parent_field="fee",
            nested_path="/v1/application_fees/{id}/refunds",
        ),
    )

    account = StripeForeignKey(
        "djstripe.Account",
        null=True,
        blank=True,
        related_name="application_fees",
        on_delete=models.CASCADE,
        help_text=_("The connected account this fee was taken from."),
    )
    balance_transaction = StripeForeignKey(
        "djstripe.BalanceTransaction",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        help_text=_("The fee's effect on the platform's balance."),
    )
    charge = StripeForeignKey(
        "djstripe.Charge",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        help_text=_("The charge the fee was taken from."),
    )
    amount = StripeQuantumCurrencyAmountField(null=True, blank=True, db_index=True)
    amount_refunded = StripeQuantumCurrencyAmountField(null=True, blank=True)
    currency = StripeCurrencyCodeField(default="", blank=True, db_index=True)
    refunded = models.BooleanField(null=True, db_index=True)
    originating_transaction = StripeForeignKey(
        "djstripe.Charge",
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
        help_text=_("The charge that produced the fee."),
    )

    application = StripeProperty()
    fee_source = StripeProperty()

    class Meta(StripeModel.Meta):
        verbose_name = _("application fee")

    def __str__(self) -> str:
        return _friendly_amount(self.amount, self.currency) or self.id


class ApplicationFeeRefund(NestedStripeModel):
    """A refund of an application fee (``/v1/application_fees/{id}/refunds``)."""

    stripe_object = "fee_refund"
    parent_field = "fee"
    nested_path = "/v1/application_fees/{id}/refunds"

    fee = StripeForeignKey(
        "djstripe.ApplicationFee",
        null=True,
        blank=True,
        related_name="refunds",
        on_delete=models.CASCADE,
        help_text=_("The application fee that was refunded."),
    )
    balance_transaction = StripeForeignKey(
        "djstripe.BalanceTransaction", null=True, blank=True, on_delete=models.SET_NULL
    )
    amount = StripeQuantumCurrencyAmountField(null=True, blank=True, db_index=True)
    currency = StripeCurrencyCodeField(default="", blank=True)

    class Meta(StripeModel.Meta):
        verbose_name = _("application fee refund")

    def __str__(self) -> str:
        return _friendly_amount(self.amount, self.currency) or self.id


class CountrySpec(StripeModel):
    """What Stripe supports in one country (reference data, the same for every account)."""

    stripe_object = "country_spec"
    mode_scoped = False  # one object for both modes
    api_path = "/v1/country_specs"

    default_currency = StripeCurrencyCodeField(default="", blank=True)
    supported_bank_account_currencies = StripeJSONField(null=True, blank=True)
    supported_payment_currencies = StripeJSONField(null=True, blank=True)
    supported_payment_methods = StripeJSONField(null=True, blank=True)
    supported_transfer_countries = StripeJSONField(null=True, blank=True)
    verification_fields = StripeJSONField(null=True, blank=True)

    class Meta(StripeModel.Meta):
        verbose_name = _("country spec")
        ordering = ["id"]

    @classmethod
    def owner_for(cls, item: Any) -> str | None:
        """Country specs describe Stripe itself, not an account: no owner."""
        return None


class Transfer(StripeModel):
    """Money moved from the platform to a connected account.

    Before API version 2017-04-06 transfers also carried payouts to bank accounts
    (https://docs.stripe.com/transfer-payout-split); such legacy transfers keep their
    extra fields in ``stripe_data`` and have no ``destination_account``.
    """

    stripe_object = "transfer"
    api_path = "/v1/transfers"
    stripe_dashboard_item_name = "connect/transfers"
    child_lists: ClassVar[tuple[ChildList, ...]] = (
        ChildList(
            "reversals",
            "TransferReversal",
            parent_field="transfer",
            nested_path="/v1/transfers/{id}/reversals",
        ),
    )

    amount = StripeQuantumCurrencyAmountField(null=True, blank=True, db_index=True)
    amount_reversed = StripeQuantumCurrencyAmountField(null=True, blank=True)
    currency = StripeCurrencyCodeField(default="", blank=True, db_index=True)
    reversed = models.BooleanField(null=True, db_index=True)
    destination_account = StripeForeignKey(
        "djstripe.Account",
        null=True,
        blank=True,
        related_name="received_transfers",
        on_delete=models.SET_NULL,
        help_text=_("The connected account the money went to (from ``destination``)."),
    )
    balance_transaction = StripeForeignKey(
        "djstripe.BalanceTransaction", null=True, blank=True, on_delete=models.SET_NULL
    )
    source_type = StripeEnumField(default="", blank=True)
    transfer_group = models.CharField(max_length=255, default="", blank=True, db_index=True)
    objects: ClassVar[TransferManager] = TransferManager()
    destination_payment = StripeIdField(
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Id of the payment (py_...) the transfer created on the destination account."),
    )
    source_transaction = StripeIdField(
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Id of the charge the transfer's funds came from."),
    )

    destination = StripeProperty()

    class Meta(StripeModel.Meta):
        verbose_name = _("transfer")

    def __str__(self) -> str:
        amount = _friendly_amount(self.amount, self.currency) or self.id
        if self.reversed:
            return f"{amount} Reversed"
        if self.amount_reversed:
            return f"{amount} Partially Reversed"
        return amount

    @property
    def fee(self) -> Any:
        """The Stripe fee of the transfer, from its balance transaction (dj-stripe's ``fee``)."""
        return self.balance_transaction.fee if self.balance_transaction else None


class TransferReversal(NestedStripeModel):
    """A (partial) reversal of a transfer (``/v1/transfers/{id}/reversals``)."""

    stripe_object = "transfer_reversal"
    parent_field = "transfer"
    nested_path = "/v1/transfers/{id}/reversals"
    stripe_dashboard_item_name = "transfer_reversals"
    expand_fields: ClassVar[list[str]] = []

    transfer = StripeForeignKey(
        "djstripe.Transfer",
        null=True,
        blank=True,
        related_name="reversals",
        on_delete=models.CASCADE,
        help_text=_("The transfer that was reversed."),
    )
    balance_transaction = StripeForeignKey(
        "djstripe.BalanceTransaction",
        null=True,
        blank=True,
        related_name="transfer_reversals",
        on_delete=models.SET_NULL,
    )
    amount = StripeQuantumCurrencyAmountField(null=True, blank=True, db_index=True)
    currency = StripeCurrencyCodeField(default="", blank=True)
    destination_payment_refund = StripeForeignKey(
        "djstripe.Refund",
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
        help_text=_("The refund of the destination payment made by this reversal."),
    )
    source_refund = StripeForeignKey(
        "djstripe.Refund",
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
        help_text=_("The refund this reversal was made for."),
    )

    class Meta(StripeModel.Meta):
        verbose_name = _("transfer reversal")

    def __str__(self) -> str:
        return str(self.transfer) if self.transfer_id else self.id
