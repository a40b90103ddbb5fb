"""Money moving: charges, their refunds and disputes, and the balance transactions they make."""

from __future__ import annotations

__all__ = ["BalanceTransaction", "Charge", "Dispute", "Refund"]

import builtins
from decimal import Decimal
from typing import Any, ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..actions import payments
from ..currency import format_amount, to_major_units
from ..enums import (
    BalanceTransactionReportingCategory,
    BalanceTransactionStatus,
    BalanceTransactionType,
    ChargeStatus,
    DisputeReason,
    DisputeStatus,
    RefundReason,
    RefundStatus,
)
from ..fields import (
    StripeCurrencyCodeField,
    StripeDateTimeField,
    StripeDecimalCurrencyAmountField,
    StripeEnumField,
    StripeForeignKey,
    StripeIdField,
    StripeQuantumCurrencyAmountField,
)
from ..properties import StripeProperty
from ..sync import model_for_object
from .base import ChildList, StripeModel
from .managers import ChargeManager


class BalanceTransaction(StripeModel):
    """A movement of funds in the account's balance (``txn_...``): a charge, a refund, a fee..."""

    stripe_object = "balance_transaction"
    api_path = "/v1/balance_transactions"
    list_split = True
    stripe_dashboard_item_name = "balance"

    amount = StripeQuantumCurrencyAmountField(null=True, blank=True, db_index=True)
    fee = StripeQuantumCurrencyAmountField(null=True, blank=True)
    net = StripeQuantumCurrencyAmountField(null=True, blank=True)
    currency = StripeCurrencyCodeField(default="", blank=True, db_index=True)
    status = StripeEnumField(enum=BalanceTransactionStatus, default="", blank=True, db_index=True)
    type = StripeEnumField(enum=BalanceTransactionType, default="", blank=True, db_index=True)
    reporting_category = StripeEnumField(
        enum=BalanceTransactionReportingCategory, default="", blank=True, db_index=True
    )
    available_on = StripeDateTimeField(null=True, blank=True, db_index=True)
    # Charges, refunds, payouts, transfers, fees, topups...: an id, not a foreign key.
    source = StripeIdField(default="", blank=True, db_index=True)
    balance_type = StripeEnumField(default="", blank=True)

    exchange_rate = StripeProperty()
    fee_details = StripeProperty(default=())

    class Meta(StripeModel.Meta):
        verbose_name = _("balance transaction")

    def __str__(self) -> str:
        return f"{self.type or 'balance transaction'} {self.id}"

    def get_source_class(self) -> builtins.type[StripeModel] | None:  # `type`: a field
        """The mirrored model of ``source`` (by its id prefix), or None."""
        prefixes = {
            "ch_": "charge",
            "py_": "charge",
            "re_": "refund",
            "pyr_": "refund",
            "dp_": "dispute",
            "du_": "dispute",
            "po_": "payout",
            "tr_": "transfer",
            "fee_": "application_fee",
            "fr_": "fee_refund",
            "trr_": "transfer_reversal",
        }
        for prefix, object_name in prefixes.items():
            if self.source.startswith(prefix):
                return model_for_object(object_name)
        return None

    def get_source_instance(self) -> Any:
        """The mirrored object this transaction is about, if mirrored."""
        model = self.get_source_class()
        if model is None:
            return None
        return model._base_manager.filter(id=self.source).first()


class Charge(StripeModel):
    """An attempt to move money from a payment method or source (``ch_...``, ``py_...``)."""

    stripe_object = "charge"
    api_path = "/v1/charges"
    list_split = True
    stripe_dashboard_item_name = "payments"
    expand_fields: ClassVar[list[str]] = ["balance_transaction"]
    list_expand: ClassVar[tuple[str, ...]] = ("data.balance_transaction",)
    child_lists: ClassVar[tuple[ChildList, ...]] = (
        # Embedded until 2022-11-15, expandable since; older than 2014-05-19 a plain array.
        ChildList(
            "refunds", "Refund", parent_field="charge", nested_path="/v1/charges/{id}/refunds"
        ),
    )

    amount = StripeDecimalCurrencyAmountField(null=True, blank=True, db_index=True)
    amount_captured = StripeQuantumCurrencyAmountField(null=True, blank=True)
    amount_refunded = StripeQuantumCurrencyAmountField(null=True, blank=True)
    currency = StripeCurrencyCodeField(default="", blank=True, db_index=True)
    status = StripeEnumField(enum=ChargeStatus, default="", blank=True, db_index=True)
    paid = models.BooleanField(null=True, blank=True, db_index=True)
    captured = models.BooleanField(null=True, blank=True, db_index=True)
    refunded = models.BooleanField(null=True, blank=True, db_index=True)
    disputed = models.BooleanField(null=True, blank=True, db_index=True)
    failure_code = StripeEnumField(default="", blank=True, db_index=True)
    objects: ClassVar[ChargeManager] = ChargeManager()
    customer = StripeForeignKey(
        "djstripe.Customer",
        null=True,
        blank=True,
        related_name="charges",
        on_delete=models.SET_NULL,
    )
    payment_intent = StripeForeignKey(
        "djstripe.PaymentIntent",
        null=True,
        blank=True,
        related_name="charges",
        on_delete=models.SET_NULL,
    )
    payment_method = StripeForeignKey(
        "djstripe.PaymentMethod",
        null=True,
        blank=True,
        related_name="charges",
        on_delete=models.SET_NULL,
    )
    balance_transaction = StripeForeignKey(
        "djstripe.BalanceTransaction", null=True, blank=True, on_delete=models.SET_NULL
    )
    source = StripeForeignKey(
        "djstripe.DjstripePaymentMethod",
        null=True,
        blank=True,
        related_name="charges",
        on_delete=models.SET_NULL,
        help_text=_("The legacy source charged (a Card, BankAccount or Source)."),
    )
    # Named by the charge before 2025-03-31.basil; derived from the invoice's payments
    # since (djstripe.models.invoice_payments), and kept when a payload lacks it.
    invoice = StripeForeignKey(
        "djstripe.Invoice",
        null=True,
        blank=True,
        related_name="charges",
        on_delete=models.SET_NULL,
    )
    application_fee = StripeIdField(
        null=True,
        blank=True,
        help_text=_("Id of the application fee collected on the charge."),
    )
    application_fee_amount = StripeQuantumCurrencyAmountField(null=True, blank=True)
    failure_balance_transaction = StripeForeignKey(
        "djstripe.BalanceTransaction",
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
        help_text=_("The balance transaction that reverted a failed charge's funds."),
    )
    on_behalf_of = StripeIdField(
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Id of the connected account the charge was made for."),
    )
    review = StripeForeignKey(
        "djstripe.Review",
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
        help_text=_("The Radar review of the charge."),
    )
    source_transfer = StripeForeignKey(
        "djstripe.Transfer",
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
        help_text=_("The transfer that paid this charge to the account."),
    )
    transfer = StripeIdField(
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Id of the transfer to the destination account."),
    )

    application = StripeProperty()
    billing_details = StripeProperty()
    calculated_statement_descriptor = StripeProperty()
    dispute = StripeProperty()
    failure_message = StripeProperty()
    fraud_details = StripeProperty()
    outcome = StripeProperty()
    payment_method_details = StripeProperty()
    receipt_email = StripeProperty()
    receipt_number = StripeProperty()
    receipt_url = StripeProperty()
    shipping = StripeProperty()
    statement_descriptor = StripeProperty()
    statement_descriptor_suffix = StripeProperty()
    transfer_data = StripeProperty()
    transfer_group = StripeProperty()
    presentment_details = StripeProperty()
    radar_options = StripeProperty()

    class Meta(StripeModel.Meta):
        verbose_name = _("charge")

    def __str__(self) -> str:
        return f"{format_amount(self.amount, self.currency)} ({self.human_readable_status})"

    @property
    def fee(self) -> int | None:
        """Stripe's fee for the charge, from its balance transaction (minor units)."""
        if self.balance_transaction_id and self.balance_transaction is not None:
            return self.balance_transaction.fee
        return None

    @property
    def human_readable_status(self) -> str:
        if self.status == "failed":
            return "Failed"
        if self.status == "pending":
            return "Pending"
        if not self.captured:
            return "Uncaptured"
        if self.disputed:
            return "Disputed"
        if self.refunded:
            return "Refunded"
        if self.amount_refunded:
            return "Partially refunded"
        return "Succeeded"

    @property
    def fraudulent(self) -> bool:
        """Whether Stripe or the account reported the charge as fraudulent."""
        details = self.fraud_details
        return isinstance(details, dict) and "fraudulent" in details.values()

    # Current API versions name a charge's invoice only on the invoice (or its payments).
    derived_links_of = "Invoice"

    @classmethod
    def derived_subjects(cls, stripe_ids: list[str], *, using: str) -> list[str]:
        # lazy: cycle: models.invoice_payments -> models -> models.payments
        from .invoice_payments import invoices_of_charges

        return invoices_of_charges(stripe_ids, using=using)

    def refundable_amount(self) -> int:
        """What may still be refunded, in minor units."""
        return max(0, int(self.amount_captured or 0) - int(self.amount_refunded or 0))

    def refund(
        self,
        amount: Decimal | None = None,
        reason: str | None = None,
        api_key: str | None = None,
        stripe_account: str | None = None,
    ) -> Refund:
        """Refund ``amount`` (major units, all that is left by default); return the Refund.

        The amount is converted with the charge's currency, so ``Decimal("5")`` of a
        JPY charge refunds 5 yen, and of a USD charge 500 cents.
        """
        return payments.refund(
            self, amount, reason=reason, api_key=api_key, stripe_account=stripe_account
        )

    def capture(self, api_key: str | None = None, **params: Any) -> Charge:
        """Capture an uncaptured charge (``amount`` etc. as Stripe takes them); return it."""
        return payments.capture(self, api_key=api_key, **params)


class Refund(StripeModel):
    """A refund of a charge (``re_...``, ``pyr_...``)."""

    stripe_object = "refund"
    api_path = "/v1/refunds"
    stripe_dashboard_item_name = "refunds"

    amount = StripeQuantumCurrencyAmountField(null=True, blank=True, db_index=True)
    currency = StripeCurrencyCodeField(default="", blank=True)
    status = StripeEnumField(enum=RefundStatus, default="", blank=True, db_index=True)
    reason = StripeEnumField(enum=RefundReason, default="", blank=True)
    charge = StripeForeignKey(
        "djstripe.Charge", null=True, blank=True, related_name="refunds", on_delete=models.CASCADE
    )
    payment_intent = StripeForeignKey(
        "djstripe.PaymentIntent",
        null=True,
        blank=True,
        related_name="refunds",
        on_delete=models.SET_NULL,
    )
    balance_transaction = StripeForeignKey(
        "djstripe.BalanceTransaction", null=True, blank=True, on_delete=models.SET_NULL
    )
    failure_balance_transaction = StripeForeignKey(
        "djstripe.BalanceTransaction",
        null=True,
        blank=True,
        related_name="failure_refunds",
        on_delete=models.SET_NULL,
    )
    pending_reason = StripeEnumField(default="", blank=True)
    source_transfer_reversal = StripeForeignKey(
        "djstripe.TransferReversal",
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
        help_text=_("The reversal that returned a destination charge's funds."),
    )
    transfer_reversal = StripeForeignKey(
        "djstripe.TransferReversal",
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
        help_text=_("The reversal made with this refund."),
    )

    failure_reason = StripeProperty()
    receipt_number = StripeProperty()
    destination_details = StripeProperty()
    next_action = StripeProperty()
    instructions_email = StripeProperty()
    presentment_details = StripeProperty()

    class Meta(StripeModel.Meta):
        verbose_name = _("refund")

    def __str__(self) -> str:
        return f"{format_amount(to_major_units(self.amount, self.currency), self.currency)}"

    def get_stripe_dashboard_url(self) -> str:
        """Refunds are shown on their charge's page."""
        return self.charge.get_stripe_dashboard_url() if self.charge_id and self.charge else ""


class Dispute(StripeModel):
    """A cardholder's dispute of a charge (``dp_...``, ``du_...``)."""

    stripe_object = "dispute"
    api_path = "/v1/disputes"
    stripe_dashboard_item_name = "payments"
    stripe_paths: ClassVar[dict[str, str]] = {"evidence_due_by": "evidence_details.due_by"}
    child_lists: ClassVar[tuple[ChildList, ...]] = (
        # Complete objects (withdrawal, reinstatement); they belong to the balance.
        ChildList("balance_transactions", "BalanceTransaction", prune=False),
    )

    amount = StripeQuantumCurrencyAmountField(null=True, blank=True, db_index=True)
    currency = StripeCurrencyCodeField(default="", blank=True)
    status = StripeEnumField(enum=DisputeStatus, default="", blank=True, db_index=True)
    reason = StripeEnumField(enum=DisputeReason, default="", blank=True, db_index=True)
    evidence_due_by = StripeDateTimeField(null=True, blank=True, db_index=True)
    charge = StripeForeignKey(
        "djstripe.Charge", null=True, blank=True, related_name="disputes", on_delete=models.CASCADE
    )
    payment_intent = StripeForeignKey(
        "djstripe.PaymentIntent",
        null=True,
        blank=True,
        related_name="disputes",
        on_delete=models.SET_NULL,
    )
    balance_transaction = StripeForeignKey(
        "djstripe.BalanceTransaction",
        null=True,
        blank=True,
        related_name="disputes",
        on_delete=models.SET_NULL,
        help_text=_("The balance transaction that withdrew the disputed funds."),
    )

    balance_transactions = StripeProperty(default=())
    evidence = StripeProperty()
    evidence_details = StripeProperty()
    is_charge_refundable = StripeProperty()
    payment_method_details = StripeProperty()
    network_reason_code = StripeProperty("payment_method_details.card.network_reason_code")
    enhanced_eligibility_types = StripeProperty(default=())

    class Meta(StripeModel.Meta):
        verbose_name = _("dispute")

    def __str__(self) -> str:
        amount = format_amount(to_major_units(self.amount, self.currency), self.currency)
        return f"{amount} ({(self.status or '').replace('_', ' ')})"

    def get_stripe_dashboard_url(self) -> str:
        """Disputes are shown on their charge's page."""
        return self.charge.get_stripe_dashboard_url() if self.charge_id and self.charge else ""
