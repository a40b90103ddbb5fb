"""Customer portal configurations (``billing_portal.configuration``)."""

from __future__ import annotations

__all__ = ["BillingPortalConfiguration"]

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..fields import StripeDateTimeField
from ..properties import StripeProperty, id_property
from .base import StripeModel


class BillingPortalConfiguration(StripeModel):
    """What customers may do in the Stripe-hosted customer portal (``bpc_...``)."""

    stripe_object = "billing_portal.configuration"
    api_path = "/v1/billing_portal/configurations"

    active = models.BooleanField(null=True, db_index=True)
    is_default = models.BooleanField(null=True, db_index=True)
    name = models.CharField(max_length=255, default="", blank=True)
    default_return_url = models.TextField(max_length=5000, default="", blank=True)
    updated = StripeDateTimeField(null=True, blank=True)

    application = id_property()
    business_profile = StripeProperty()
    features = StripeProperty()
    login_page = StripeProperty()

    class Meta(StripeModel.Meta):
        verbose_name = _("customer portal configuration")

    def __str__(self) -> str:
        return self.name or self.id
