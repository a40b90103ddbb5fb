"""Stripe Issuing: cardholders, the cards issued to them, authorizations, transactions
and disputes. Table names are dj-stripe's (``djstripe_issuing_<object>``)."""

from __future__ import annotations

__all__ = [
    "IssuingAuthorization",
    "IssuingCard",
    "IssuingCardholder",
    "IssuingDispute",
    "IssuingTransaction",
]

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..fields import (
    StripeCurrencyCodeField,
    StripeEnumField,
    StripeForeignKey,
    StripeQuantumCurrencyAmountField,
)
from ..properties import StripeProperty
from .base import ChildList, StripeModel


class IssuingCardholder(StripeModel):
    """A person or company that issued cards belong to."""

    stripe_object = "issuing.cardholder"
    api_path = "/v1/issuing/cardholders"
    stripe_dashboard_item_name = "issuing/cardholders"

    name = models.CharField(max_length=255, default="", blank=True, db_index=True)
    email = models.CharField(max_length=255, default="", blank=True, db_index=True)
    phone_number = models.CharField(max_length=64, default="", blank=True)
    status = StripeEnumField(default="", blank=True, db_index=True)
    type = StripeEnumField(default="", blank=True, db_index=True)

    billing = StripeProperty()
    company = StripeProperty()
    individual = StripeProperty()
    preferred_locales = StripeProperty(default=())
    requirements = StripeProperty()
    spending_controls = StripeProperty()

    class Meta(StripeModel.Meta):
        db_table = "djstripe_issuing_cardholder"
        verbose_name = _("Issuing cardholder")

    def __str__(self) -> str:
        return self.name or self.email or self.id


class IssuingCard(StripeModel):
    """A physical or virtual card issued to a cardholder."""

    stripe_object = "issuing.card"
    api_path = "/v1/issuing/cards"
    stripe_dashboard_item_name = "issuing/cards"

    cardholder = StripeForeignKey(
        "djstripe.IssuingCardholder",
        null=True,
        blank=True,
        related_name="cards",
        on_delete=models.SET_NULL,
    )
    status = StripeEnumField(default="", blank=True, db_index=True)
    type = StripeEnumField(default="", blank=True, db_index=True)
    brand = models.CharField(max_length=64, default="", blank=True)
    currency = StripeCurrencyCodeField(default="", blank=True)
    last4 = models.CharField(max_length=4, default="", blank=True, db_index=True)
    exp_month = models.PositiveSmallIntegerField(null=True, blank=True)
    exp_year = models.PositiveSmallIntegerField(null=True, blank=True)
    cancellation_reason = StripeEnumField(default="", blank=True)
    replaced_by = StripeForeignKey(
        "djstripe.IssuingCard",
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
        help_text=_("The card that replaced this one."),
    )
    replacement_for = StripeForeignKey(
        "djstripe.IssuingCard",
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
        help_text=_("The card this one replaces."),
    )
    replacement_reason = StripeEnumField(default="", blank=True)

    shipping = StripeProperty()
    spending_controls = StripeProperty()
    wallets = StripeProperty()
    cvc = StripeProperty()
    financial_account = StripeProperty()
    latest_fraud_warning = StripeProperty()
    lifecycle_controls = StripeProperty()
    number = StripeProperty()
    personalization_design = StripeProperty()
    second_line = StripeProperty()

    class Meta(StripeModel.Meta):
        db_table = "djstripe_issuing_card"
        verbose_name = _("Issuing card")

    def __str__(self) -> str:
        return f"{self.brand or 'card'} •••• {self.last4}" if self.last4 else self.id


class IssuingAuthorization(StripeModel):
    """An attempt to spend with an issued card, approved or declined.

    Its ``transactions`` (a plain list of complete objects) are synced with it.
    """

    stripe_object = "issuing.authorization"
    api_path = "/v1/issuing/authorizations"
    stripe_dashboard_item_name = "issuing/authorizations"
    child_lists: ClassVar[tuple[ChildList, ...]] = (
        # Transactions are never removed from an authorization: nothing to prune.
        ChildList("transactions", "IssuingTransaction", parent_field="authorization", prune=False),
        ChildList("balance_transactions", "BalanceTransaction", prune=False),
    )

    amount = StripeQuantumCurrencyAmountField(null=True, blank=True, db_index=True)
    currency = StripeCurrencyCodeField(default="", blank=True, db_index=True)
    merchant_amount = StripeQuantumCurrencyAmountField(null=True, blank=True)
    merchant_currency = StripeCurrencyCodeField(default="", blank=True)
    approved = models.BooleanField(null=True, db_index=True)
    status = StripeEnumField(default="", blank=True, db_index=True)
    authorization_method = StripeEnumField(default="", blank=True)
    card = StripeForeignKey(
        "djstripe.IssuingCard",
        null=True,
        blank=True,
        related_name="authorizations",
        on_delete=models.SET_NULL,
    )
    cardholder = StripeForeignKey(
        "djstripe.IssuingCardholder",
        null=True,
        blank=True,
        related_name="authorizations",
        on_delete=models.SET_NULL,
    )
    card_presence = StripeEnumField(default="", blank=True)

    amount_details = StripeProperty()
    balance_transactions = StripeProperty(default=())
    merchant_data = StripeProperty()
    pending_request = StripeProperty()
    request_history = StripeProperty(default=())
    verification_data = StripeProperty()
    wallet = StripeProperty()
    fleet = StripeProperty()
    fraud_challenges = StripeProperty(default=())
    fuel = StripeProperty()
    network_data = StripeProperty()
    token = StripeProperty()
    treasury = StripeProperty()
    verified_by_fraud_challenge = StripeProperty()

    class Meta(StripeModel.Meta):
        db_table = "djstripe_issuing_authorization"
        verbose_name = _("Issuing authorization")


class IssuingTransaction(StripeModel):
    """Money moved by an issued card: a capture or a refund."""

    stripe_object = "issuing.transaction"
    api_path = "/v1/issuing/transactions"
    stripe_dashboard_item_name = "issuing/transactions"

    amount = StripeQuantumCurrencyAmountField(null=True, blank=True, db_index=True)
    currency = StripeCurrencyCodeField(default="", blank=True, db_index=True)
    merchant_amount = StripeQuantumCurrencyAmountField(null=True, blank=True)
    merchant_currency = StripeCurrencyCodeField(default="", blank=True)
    type = StripeEnumField(default="", blank=True, db_index=True)
    authorization = StripeForeignKey(
        "djstripe.IssuingAuthorization",
        null=True,
        blank=True,
        related_name="transactions",
        on_delete=models.SET_NULL,
    )
    card = StripeForeignKey(
        "djstripe.IssuingCard",
        null=True,
        blank=True,
        related_name="transactions",
        on_delete=models.SET_NULL,
    )
    cardholder = StripeForeignKey(
        "djstripe.IssuingCardholder",
        null=True,
        blank=True,
        related_name="transactions",
        on_delete=models.SET_NULL,
    )
    balance_transaction = StripeForeignKey(
        "djstripe.BalanceTransaction",
        null=True,
        blank=True,
        related_name="issuing_transactions",
        on_delete=models.SET_NULL,
    )
    dispute = StripeForeignKey(
        "djstripe.IssuingDispute",
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
        help_text=_("The dispute of this transaction."),
    )
    wallet = StripeEnumField(default="", blank=True)

    amount_details = StripeProperty()
    merchant_data = StripeProperty()
    network_data = StripeProperty()
    purchase_details = StripeProperty()
    token = StripeProperty()
    treasury = StripeProperty()

    class Meta(StripeModel.Meta):
        db_table = "djstripe_issuing_transaction"
        verbose_name = _("Issuing transaction")


class IssuingDispute(StripeModel):
    """A dispute of an Issuing transaction, filed by the platform."""

    stripe_object = "issuing.dispute"
    api_path = "/v1/issuing/disputes"
    stripe_dashboard_item_name = "issuing/disputes"
    child_lists: ClassVar[tuple[ChildList, ...]] = (
        ChildList("balance_transactions", "BalanceTransaction", prune=False),
    )

    amount = StripeQuantumCurrencyAmountField(null=True, blank=True, db_index=True)
    currency = StripeCurrencyCodeField(default="", blank=True)
    status = StripeEnumField(default="", blank=True, db_index=True)
    transaction = StripeForeignKey(
        "djstripe.IssuingTransaction",
        null=True,
        blank=True,
        related_name="disputes",
        on_delete=models.SET_NULL,
    )
    loss_reason = StripeEnumField(default="", blank=True)

    balance_transactions = StripeProperty(default=())
    evidence = StripeProperty()
    treasury = StripeProperty()

    class Meta(StripeModel.Meta):
        db_table = "djstripe_issuing_dispute"
        verbose_name = _("Issuing dispute")
