"""Payment methods (the current API's way to store a card, a bank account, a wallet)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..fields import StripeEnumField, StripeForeignKey
from ..properties import StripeProperty
from .base import StripeModel


class PaymentMethod(StripeModel):
    """A customer's payment instrument (``pm_...``; legacy ``card_...`` ids retrieve too)."""

    stripe_object = "payment_method"
    api_path = "/v1/payment_methods"
    stripe_dashboard_item_name = "payment_methods"
    listable = False  # Stripe lists payment methods per customer
    stripe_paths: ClassVar[dict[str, str]] = {
        "card_brand": "card.brand",
        "card_last4": "card.last4",
        "card_exp_month": "card.exp_month",
        "card_exp_year": "card.exp_year",
        "card_fingerprint": "card.fingerprint",
        "billing_email": "billing_details.email",
    }

    customer = StripeForeignKey(
        "djstripe.Customer",
        null=True,
        blank=True,
        related_name="payment_methods",
        on_delete=models.SET_NULL,
    )
    type = StripeEnumField(default="", blank=True, db_index=True)
    card_brand = models.CharField(max_length=64, default="", blank=True)
    card_last4 = models.CharField(max_length=4, default="", blank=True)
    card_exp_month = models.PositiveSmallIntegerField(null=True, blank=True)
    card_exp_year = models.PositiveSmallIntegerField(null=True, blank=True)
    card_fingerprint = models.CharField(max_length=64, default="", blank=True, db_index=True)
    billing_email = models.CharField(max_length=255, default="", blank=True)

    billing_details = StripeProperty()
    card = StripeProperty()
    allow_redisplay = StripeProperty()

    class Meta(StripeModel.Meta):
        verbose_name = _("payment method")

    def __str__(self) -> str:
        if self.type == "card" and self.card_last4:
            return f"{self.card_brand or 'card'} •••• {self.card_last4}"
        return f"{self.type or 'payment method'} {self.id}"

    def details(self) -> Any:
        """The type-specific part of the object (``card``, ``sepa_debit``, ...)."""
        return (self.stripe_data or {}).get(self.type)
