"""Radar: early fraud warnings from card networks and reviews of risky payments."""

from __future__ import annotations

__all__ = ["EarlyFraudWarning", "Review"]

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..fields import StripeEnumField, StripeForeignKey
from ..properties import StripeProperty
from .base import StripeModel


class EarlyFraudWarning(StripeModel):
    """A card network's warning that a charge may be fraudulent (``issfr_...``)."""

    stripe_object = "radar.early_fraud_warning"
    api_path = "/v1/radar/early_fraud_warnings"

    actionable = models.BooleanField(null=True, blank=True, db_index=True)
    fraud_type = StripeEnumField(default="", blank=True, db_index=True)
    charge = StripeForeignKey(
        "djstripe.Charge",
        null=True,
        blank=True,
        related_name="early_fraud_warnings",
        on_delete=models.CASCADE,
    )
    payment_intent = StripeForeignKey(
        "djstripe.PaymentIntent",
        null=True,
        blank=True,
        related_name="early_fraud_warnings",
        on_delete=models.SET_NULL,
    )

    class Meta(StripeModel.Meta):
        verbose_name = _("early fraud warning")

    def __str__(self) -> str:
        return f"{self.fraud_type or 'early fraud warning'} {self.id}"


class Review(StripeModel):
    """A Radar review of a payment (``prv_...``)."""

    stripe_object = "review"
    api_path = "/v1/reviews"
    list_holds_all = False  # GET /v1/reviews: only reviews that are still open

    open = models.BooleanField(null=True, blank=True, db_index=True)
    reason = StripeEnumField(default="", blank=True, db_index=True)
    closed_reason = StripeEnumField(default="", blank=True)
    opened_reason = StripeEnumField(default="", blank=True)
    charge = StripeForeignKey(
        "djstripe.Charge",
        null=True,
        blank=True,
        related_name="reviews",
        on_delete=models.CASCADE,
    )
    payment_intent = StripeForeignKey(
        "djstripe.PaymentIntent",
        null=True,
        blank=True,
        related_name="reviews",
        on_delete=models.SET_NULL,
    )

    billing_zip = StripeProperty()
    ip_address = StripeProperty()
    ip_address_location = StripeProperty()
    session = StripeProperty()

    class Meta(StripeModel.Meta):
        verbose_name = _("review")

    def __str__(self) -> str:
        return f"{self.reason or 'review'} {self.id} ({'open' if self.open else 'closed'})"
