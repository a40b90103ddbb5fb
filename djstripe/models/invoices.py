"""Invoices, and the preview of a customer's next invoice (``UpcomingInvoice``).

An invoice's lines are synced with it, completely (paged past Stripe's first 10
through ``/v1/invoices/{id}/lines``), and lines that disappear upstream are removed.
Since API version 2025-03-31.basil an invoice no longer names its PaymentIntent or
charge; they come from its payments (:mod:`.invoice_payments`), which a backfill
page includes when the pinned API version has them.
"""

from __future__ import annotations

__all__ = ["Invoice"]

from typing import TYPE_CHECKING, Any, ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from .. import settings as djstripe_settings
from ..actions import payments
from ..currency import format_amount, to_major_units
from ..enums import InvoiceBillingReason, InvoiceCollectionMethod, InvoiceStatus
from ..fields import (
    StripeCurrencyCodeField,
    StripeDateTimeField,
    StripeEnumField,
    StripeForeignKey,
    StripeOneToOneField,
    StripeQuantumCurrencyAmountField,
)
from ..properties import MovedProperty, StripeProperty, datetime_property
from .base import ChildList, SinceApiVersion, StripeModel
from .invoice_payments import INVOICE_LINKS

if TYPE_CHECKING:
    from .invoice_previews import UpcomingInvoice

#: The first API version with invoice payments, ``POST /v1/invoices/create_preview`` as
#: the only preview endpoint, and no invoice ``charge``/``payment_intent`` (basil).
BASIL = "2025-03-31"


def has_invoice_payments(api_version: str | None = None) -> bool:
    """Whether ``api_version`` (default: the pinned one) has ``invoice.payments``."""
    return (api_version or djstripe_settings.api_version()) >= BASIL


class Invoice(StripeModel):
    """A statement of what a customer owes, and how it was paid."""

    stripe_object = "invoice"
    api_path = "/v1/invoices"
    list_split = True
    stripe_dashboard_item_name = "invoices"
    stripe_paths: ClassVar[dict[str, str]] = {
        "automatic_tax_enabled": "automatic_tax.enabled",
        "automatic_tax_status": "automatic_tax.status",
    }
    # Invoice payments exist from 2025-03-31.basil on.
    list_expand = SinceApiVersion(BASIL, ("data.payments",), before=())  # type: ignore[assignment]
    expand_fields = SinceApiVersion(BASIL, ["payments"], before=[])  # type: ignore[assignment]
    child_lists: ClassVar[tuple[ChildList, ...]] = (
        ChildList(
            "lines", "LineItem", parent_field="invoice", nested_path="/v1/invoices/{id}/lines"
        ),
        ChildList(
            "payments",
            "InvoicePayment",
            parent_field="invoice",
            nested_path="/v1/invoice_payments?invoice={id}",
        ),
        ChildList("default_tax_rates", "TaxRate", many_to_many="default_tax_rates"),
        # Expanded discounts (ids unless expanded); older versions' single ``discount``.
        ChildList("discounts", "Discount", prune=False),
        ChildList("discount", "Discount", prune=False),
        # The account's tax ids shown on the invoice (ids unless expanded).
        ChildList("account_tax_ids", "TaxId", prune=False, on_request=True),
    )
    # The payment links current API versions show only on the payments (and charges).
    derived_links = INVOICE_LINKS

    customer = StripeForeignKey(
        "djstripe.Customer",
        null=True,
        blank=True,
        related_name="invoices",
        on_delete=models.CASCADE,
        help_text=_("The customer associated with this invoice."),
    )
    default_payment_method = StripeForeignKey(
        "djstripe.PaymentMethod",
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
        help_text=_("Default payment method for the invoice."),
    )
    subscription = StripeForeignKey(
        "djstripe.Subscription",
        null=True,
        blank=True,
        related_name="invoices",
        on_delete=models.SET_NULL,
        help_text=_("The subscription that this invoice was prepared for, if any."),
    )
    charge = StripeOneToOneField(
        "djstripe.Charge",
        null=True,
        blank=True,
        related_name="latest_invoice",
        on_delete=models.SET_NULL,
        help_text=_("The latest charge generated for this invoice, if any."),
    )
    payment_intent = StripeOneToOneField(
        "djstripe.PaymentIntent",
        null=True,
        blank=True,
        # PaymentIntent.invoice is a column of its own (kept in step by invoice_payments)
        related_name="+",
        on_delete=models.SET_NULL,
        help_text=_(
            "The PaymentIntent that collects this invoice (from its payments on API "
            "versions that no longer name it)."
        ),
    )
    default_tax_rates = models.ManyToManyField(
        "djstripe.TaxRate",
        db_table="djstripe_djstripeinvoicedefaulttaxrate",
        related_name="+",
        blank=True,
        help_text=_("The tax rates applied to this invoice, if any."),
    )
    status = StripeEnumField(enum=InvoiceStatus, default="", blank=True, db_index=True)
    paid = models.BooleanField(null=True, blank=True, db_index=True)
    amount_due = StripeQuantumCurrencyAmountField(null=True, blank=True, db_index=True)
    amount_paid = StripeQuantumCurrencyAmountField(null=True, blank=True, db_index=True)
    amount_remaining = StripeQuantumCurrencyAmountField(null=True, blank=True, db_index=True)
    subtotal = StripeQuantumCurrencyAmountField(null=True, blank=True)
    total = StripeQuantumCurrencyAmountField(null=True, blank=True, db_index=True)
    currency = StripeCurrencyCodeField(default="", blank=True, db_index=True)
    due_date = StripeDateTimeField(null=True, blank=True, db_index=True)
    period_start = StripeDateTimeField(null=True, blank=True, db_index=True)
    period_end = StripeDateTimeField(null=True, blank=True, db_index=True)
    number = models.CharField(max_length=255, default="", blank=True, db_index=True)
    billing_reason = StripeEnumField(
        enum=InvoiceBillingReason, default="", blank=True, db_index=True
    )
    collection_method = StripeEnumField(
        enum=InvoiceCollectionMethod, default="", blank=True, db_index=True
    )
    attempted = models.BooleanField(null=True, blank=True, db_index=True)
    attempt_count = models.PositiveIntegerField(null=True, blank=True, db_index=True)

    # dj-stripe's properties, and the rest of the object, read from stripe_data
    starting_balance = StripeQuantumCurrencyAmountField(null=True, blank=True)
    ending_balance = StripeQuantumCurrencyAmountField(null=True, blank=True)
    subtotal_excluding_tax = StripeQuantumCurrencyAmountField(null=True, blank=True)
    total_excluding_tax = StripeQuantumCurrencyAmountField(null=True, blank=True)
    amount_overpaid = StripeQuantumCurrencyAmountField(null=True, blank=True)
    amount_paid_off_stripe = StripeQuantumCurrencyAmountField(null=True, blank=True)
    amount_shipping = StripeQuantumCurrencyAmountField(null=True, blank=True)
    post_payment_credit_notes_amount = StripeQuantumCurrencyAmountField(null=True, blank=True)
    pre_payment_credit_notes_amount = StripeQuantumCurrencyAmountField(null=True, blank=True)
    next_payment_attempt = StripeDateTimeField(null=True, blank=True, db_index=True)
    effective_at = StripeDateTimeField(null=True, blank=True, db_index=True)
    automatically_finalizes_at = StripeDateTimeField(null=True, blank=True, db_index=True)
    webhooks_delivered_at = StripeDateTimeField(null=True, blank=True)
    customer_tax_exempt = StripeEnumField(default="", blank=True)
    # Tax: the total (``total_taxes`` summed; ``tax`` before 2025-03-31.basil) and
    # Stripe Tax's verdict (``automatic_tax``).
    tax = StripeQuantumCurrencyAmountField(
        null=True, blank=True, help_text=_("Total tax of the invoice, in minor units.")
    )
    automatic_tax_enabled = models.BooleanField(null=True, blank=True, db_index=True)
    automatic_tax_status = StripeEnumField(
        default="",
        blank=True,
        db_index=True,
        help_text=_("complete, failed or requires_location_inputs (Stripe Tax)."),
    )
    default_source = StripeForeignKey(
        "djstripe.DjstripePaymentMethod",
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
        help_text=_("The legacy source charged by default."),
    )
    latest_revision = StripeForeignKey(
        "djstripe.Invoice",
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
        help_text=_("The newest revision of this invoice."),
    )
    on_behalf_of = StripeForeignKey(
        "djstripe.Account",
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
        help_text=_("The account the invoice is issued on behalf of."),
    )
    test_clock = StripeForeignKey(
        "djstripe.TestClock",
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
        help_text=_("The test clock the object belongs to (test mode)."),
    )
    footer = StripeProperty()
    hosted_invoice_url = StripeProperty()
    invoice_pdf = StripeProperty()
    receipt_number = StripeProperty()
    tax_percent = StripeProperty()
    total_tax_amounts = MovedProperty()
    discount = MovedProperty()
    discounts = MovedProperty(default=())
    auto_advance = MovedProperty()
    quote = MovedProperty()
    subscription_details = MovedProperty()
    subscription_proration_date = MovedProperty()
    account_country = StripeProperty()
    account_name = StripeProperty()
    application = StripeProperty()
    application_fee_amount = StripeProperty()
    automatic_tax = StripeProperty()
    confirmation_secret = StripeProperty()
    custom_fields = StripeProperty()
    customer_address = StripeProperty()
    customer_email = StripeProperty()
    customer_name = StripeProperty()
    customer_phone = StripeProperty()
    customer_shipping = StripeProperty()
    customer_tax_ids = StripeProperty()
    finalized_at = datetime_property("status_transitions.finalized_at")
    from_invoice = StripeProperty()
    issuer = StripeProperty()
    last_finalization_error = StripeProperty()
    parent = StripeProperty()
    payment_settings = StripeProperty()
    rendering = StripeProperty()
    shipping_cost = StripeProperty()
    shipping_details = StripeProperty()
    statement_descriptor = StripeProperty()
    status_transitions = StripeProperty()
    threshold_reason = StripeProperty()
    total_discount_amounts = StripeProperty()
    total_pretax_credit_amounts = StripeProperty()
    total_taxes = StripeProperty()
    transfer_data = StripeProperty()
    account_tax_ids = StripeProperty(default=())
    customer_account = StripeProperty()

    class Meta(StripeModel.Meta):
        verbose_name = _("invoice")

    def __str__(self) -> str:
        number = self.number or self.receipt_number or self.id or "(upcoming)"
        amount = format_amount(to_major_units(self.amount_paid or 0, self.currency), self.currency)
        return f"Invoice #{number} for {amount} ({self.status})"

    @property
    def lineitems(self) -> Any:
        """The invoice's lines (``invoice.lines``), under dj-stripe's preview name."""
        return self.lines.all()

    # ---- actions ----
    def retry(self, **params: Any) -> bool:
        """Try to collect payment now unless the invoice is paid (``POST .../pay``).

        Returns whether a payment was attempted; a declined payment raises
        stripe-python's error, as Stripe reports it.
        """
        return payments.retry_invoice(self, **params)

    @classmethod
    def upcoming(
        cls,
        api_key: str | None = None,
        customer: Any = None,
        subscription: Any = None,
        **params: Any,
    ) -> UpcomingInvoice | None:
        """Preview the customer's next invoice; ``None`` when there is nothing to invoice.

        Nothing is stored: the result is an unsaved :class:`UpcomingInvoice` whose
        lines (all of them) are in ``lines``/``lineitems``. Uses ``POST
        /v1/invoices/create_preview`` (``GET /v1/invoices/upcoming`` when the pinned API
        version predates 2025-03-31.basil). Other parameters go to Stripe unchanged.
        """
        # lazy: cycle: models.invoice_previews -> models.invoices
        from .invoice_previews import preview

        return preview(api_key=api_key, customer=customer, subscription=subscription, **params)
