"""Stripe Identity: verification sessions and the reports of their checks."""

from __future__ import annotations

__all__ = ["VerificationReport", "VerificationSession"]

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..enums import VerificationSessionStatus, VerificationType
from ..fields import StripeEnumField, StripeForeignKey, StripeJSONField
from ..properties import StripeProperty
from .base import StripeModel


class VerificationSession(StripeModel):
    """A request to verify a person's identity (``identity.verification_session``)."""

    stripe_object = "identity.verification_session"
    api_path = "/v1/identity/verification_sessions"
    stripe_dashboard_item_name = "identity/verification-sessions"
    client_secret = None
    """Not kept on the row (a secret for the browser, as in dj-stripe); Stripe returns
    it when the session is created or retrieved."""

    status = StripeEnumField(enum=VerificationSessionStatus, default="", blank=True, db_index=True)
    type = StripeEnumField(enum=VerificationType, default="", blank=True, db_index=True)
    client_reference_id = models.CharField(max_length=255, default="", blank=True, db_index=True)
    last_verification_report = StripeForeignKey(
        "djstripe.VerificationReport",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        help_text=_("The report of the latest verification attempt."),
    )
    related_customer = StripeForeignKey(
        "djstripe.Customer",
        null=True,
        blank=True,
        related_name="verification_sessions",
        on_delete=models.SET_NULL,
    )
    last_error = StripeJSONField(null=True, blank=True)
    redaction = StripeJSONField(null=True, blank=True)
    verified_outputs = StripeJSONField(null=True, blank=True)

    options = StripeProperty()
    provided_details = StripeProperty()
    url = StripeProperty()
    related_customer_account = StripeProperty()
    related_person = StripeProperty()
    verification_flow = StripeProperty()

    class Meta(StripeModel.Meta):
        verbose_name = _("verification session")


class VerificationReport(StripeModel):
    """The result of one verification attempt (``identity.verification_report``)."""

    stripe_object = "identity.verification_report"
    api_path = "/v1/identity/verification_reports"

    type = StripeEnumField(enum=VerificationType, default="", blank=True, db_index=True)
    verification_session = StripeForeignKey(
        "djstripe.VerificationSession",
        null=True,
        blank=True,
        related_name="verification_reports",
        on_delete=models.SET_NULL,
    )
    client_reference_id = models.CharField(max_length=255, default="", blank=True, db_index=True)
    document = StripeJSONField(null=True, blank=True)
    id_number = StripeJSONField(null=True, blank=True)
    options = StripeJSONField(null=True, blank=True)
    selfie = StripeJSONField(null=True, blank=True)

    email = StripeProperty()
    phone = StripeProperty()
    verification_flow = StripeProperty()

    class Meta(StripeModel.Meta):
        verbose_name = _("verification report")
