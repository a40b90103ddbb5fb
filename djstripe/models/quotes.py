"""Quotes: priced offers that become an invoice or a subscription when accepted."""

from __future__ import annotations

__all__ = ["Quote"]

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..enums import InvoiceCollectionMethod, QuoteStatus
from ..fields import (
    StripeCurrencyCodeField,
    StripeDateTimeField,
    StripeEnumField,
    StripeForeignKey,
    StripeQuantumCurrencyAmountField,
)
from ..properties import StripeProperty
from .base import ChildList, StripeModel


class Quote(StripeModel):
    """A quote for a customer.

    Its line items (``line_items``, includable) are mirrored as :class:`SessionLineItem`
    rows (Stripe's ``item`` objects, as in Checkout), ``quote.items``, whenever the
    quote data carries them; retrieving or listing quotes through djstripe asks for them.
    """

    stripe_object = "quote"
    api_path = "/v1/quotes"
    stripe_dashboard_item_name = "quotes"
    expand_fields: ClassVar[list[str]] = ["line_items"]
    list_expand: ClassVar[tuple[str, ...]] = ("data.line_items",)
    child_lists: ClassVar[tuple[ChildList, ...]] = (
        ChildList(
            "line_items",
            "SessionLineItem",
            parent_field="quote",
            nested_path="/v1/quotes/{id}/line_items",
            on_request=True,
        ),
        # Ids unless expanded: the expanded objects are mirrored, nothing is pruned.
        ChildList("discounts", "Discount", prune=False, on_request=True),
        ChildList("default_tax_rates", "TaxRate", prune=False, on_request=True),
    )

    customer = StripeForeignKey(
        "djstripe.Customer",
        null=True,
        blank=True,
        related_name="quotes",
        on_delete=models.CASCADE,
    )
    invoice = StripeForeignKey(
        "djstripe.Invoice",
        null=True,
        blank=True,
        related_name="quotes",
        on_delete=models.SET_NULL,
        help_text=_("The invoice created when the quote was accepted."),
    )
    subscription = StripeForeignKey(
        "djstripe.Subscription",
        null=True,
        blank=True,
        related_name="quotes",
        on_delete=models.SET_NULL,
        help_text=_("The subscription created when the quote was accepted."),
    )
    status = StripeEnumField(enum=QuoteStatus, default="", blank=True, db_index=True)
    number = models.CharField(max_length=255, default="", blank=True, db_index=True)
    amount_subtotal = StripeQuantumCurrencyAmountField(null=True, blank=True)
    amount_total = StripeQuantumCurrencyAmountField(null=True, blank=True, db_index=True)
    currency = StripeCurrencyCodeField(default="", blank=True, db_index=True)
    collection_method = StripeEnumField(enum=InvoiceCollectionMethod, default="", blank=True)
    expires_at = StripeDateTimeField(null=True, blank=True, db_index=True)
    application_fee_amount = StripeQuantumCurrencyAmountField(null=True, blank=True)
    on_behalf_of = StripeForeignKey(
        "djstripe.Account",
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
        help_text=_("The account the quote is issued on behalf of."),
    )
    subscription_schedule = StripeForeignKey(
        "djstripe.SubscriptionSchedule",
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
        help_text=_("The subscription schedule created when the quote was accepted."),
    )
    test_clock = StripeForeignKey(
        "djstripe.TestClock",
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
        help_text=_("The test clock the object belongs to (test mode)."),
    )

    application = StripeProperty()
    application_fee_percent = StripeProperty()
    automatic_tax = StripeProperty()
    computed = StripeProperty()
    default_tax_rates = StripeProperty(default=())
    discounts = StripeProperty(default=())
    footer = StripeProperty()
    from_quote = StripeProperty()
    header = StripeProperty()
    invoice_settings = StripeProperty()
    status_transitions = StripeProperty()
    subscription_data = StripeProperty()
    total_details = StripeProperty()
    transfer_data = StripeProperty()
    customer_account = StripeProperty()
    line_items = StripeProperty()

    class Meta(StripeModel.Meta):
        verbose_name = _("quote")

    def __str__(self) -> str:
        return self.number or self.id
