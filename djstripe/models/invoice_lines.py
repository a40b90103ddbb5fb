"""What an invoice is made of: invoice items (pending or invoiced charges) and the
invoice's line items.

Where Stripe moved a field (``parent``, ``pricing`` and ``taxes`` in
2025-03-31.basil, line ids in 2019-12-03) the mapping is registered in
:mod:`djstripe.sync.versions`, so data of any API version fills the same columns.
"""

from __future__ import annotations

__all__ = ["InvoiceItem", "LineItem"]

from collections.abc import Iterator
from typing import Any, ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from .. import stripe_api
from ..billing import tax
from ..enums import LineItem as LineItemType
from ..fields import (
    StripeCurrencyCodeField,
    StripeDateTimeField,
    StripeEnumField,
    StripeForeignKey,
    StripeQuantumCurrencyAmountField,
    stripe_id_of,
)
from ..properties import MovedProperty, StripeProperty
from .base import ChildList, StripeModel


class InvoiceItem(StripeModel):
    """A charge or credit for a customer, pending until it is put on an invoice."""

    stripe_object = "invoiceitem"
    api_path = "/v1/invoiceitems"
    child_lists: ClassVar[tuple[ChildList, ...]] = (
        ChildList("tax_rates", "TaxRate", many_to_many="tax_rates"),
        ChildList("discounts", "Discount", prune=False),
    )
    stripe_paths: ClassVar[dict[str, str]] = {
        "period_start": "period.start",
        "period_end": "period.end",
    }
    expand_fields: ClassVar[list[str]] = []

    customer = StripeForeignKey(
        "djstripe.Customer",
        null=True,
        blank=True,
        related_name="invoiceitems",
        on_delete=models.CASCADE,
        help_text=_("The customer associated with this invoiceitem."),
    )
    invoice = StripeForeignKey(
        "djstripe.Invoice",
        null=True,
        blank=True,
        related_name="invoiceitems",
        on_delete=models.CASCADE,
        help_text=_("The invoice to which this invoiceitem is attached (none while pending)."),
    )
    price = StripeForeignKey(
        "djstripe.Price",
        null=True,
        blank=True,
        related_name="invoiceitems",
        on_delete=models.SET_NULL,
    )
    subscription = StripeForeignKey(
        "djstripe.Subscription",
        null=True,
        blank=True,
        related_name="invoiceitems",
        on_delete=models.SET_NULL,
        help_text=_("The subscription that this invoice item has been created for, if any."),
    )
    tax_rates = models.ManyToManyField(
        "djstripe.TaxRate",
        db_table="djstripe_djstripeinvoiceitemtaxrate",
        related_name="+",
        blank=True,
        help_text=_("The tax rates of this item (the invoice's default tax rates do not apply)."),
    )
    amount = StripeQuantumCurrencyAmountField(null=True, blank=True, db_index=True)
    currency = StripeCurrencyCodeField(default="", blank=True, db_index=True)
    date = StripeDateTimeField(null=True, blank=True, db_index=True)
    period_start = StripeDateTimeField(null=True, blank=True, db_index=True)
    period_end = StripeDateTimeField(null=True, blank=True, db_index=True)
    proration = models.BooleanField(null=True, blank=True, db_index=True)
    quantity = models.BigIntegerField(null=True, blank=True)
    net_amount = StripeQuantumCurrencyAmountField(null=True, blank=True)
    test_clock = StripeForeignKey(
        "djstripe.TestClock",
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
        help_text=_("The test clock the object belongs to (test mode)."),
    )

    discountable = StripeProperty(default=False)
    discounts = StripeProperty(default=())
    period = StripeProperty(default={})
    unit_amount = MovedProperty()
    unit_amount_decimal = MovedProperty()
    subscription_item = MovedProperty()
    pricing = StripeProperty()
    parent = StripeProperty()
    customer_account = StripeProperty()
    proration_details = StripeProperty()
    quantity_decimal = StripeProperty()

    class Meta(StripeModel.Meta):
        verbose_name = _("invoice item")

    def __str__(self) -> str:
        return self.description or self.id

    def get_stripe_dashboard_url(self) -> str:
        """Invoice items have no dashboard page of their own: their invoice's."""
        invoice = self.invoice if self.invoice_id else None
        return invoice.get_stripe_dashboard_url() if invoice is not None else ""


def line_id_for(data: dict[str, Any], invoice_id: str | None) -> str:
    """The row id of an invoice line.

    Before API version 2019-12-03 a subscription's line on an invoice had the
    subscription's id (``sub_...``) as its id, so the same id appears on every
    invoice of that subscription. Such a line is stored as ``<invoice id>-<sub id>``
    (unique per invoice); every other line id (``il_``, ``sli_``, ``ii_``) is
    unique on its own and kept as Stripe sent it.
    """
    line_id = str(data["id"])
    if line_id.startswith("sub_") and invoice_id:
        return f"{invoice_id}-{line_id}"
    return line_id


class LineItem(StripeModel):
    """A line of an invoice (``invoice.lines``): a subscription period or an invoice item."""

    stripe_object = "line_item"
    api_path = None  # only reachable through /v1/invoices/{id}/lines
    listable = False
    child_lists: ClassVar[tuple[ChildList, ...]] = (
        ChildList("discounts", "Discount", prune=False, on_request=True),
    )
    stripe_paths: ClassVar[dict[str, str]] = {
        "period_start": "period.start",
        "period_end": "period.end",
    }
    expand_fields: ClassVar[list[str]] = []

    invoice = StripeForeignKey(
        "djstripe.Invoice",
        null=True,
        blank=True,
        related_name="lines",
        on_delete=models.CASCADE,
        help_text=_("The invoice this line belongs to."),
    )
    invoice_item = StripeForeignKey(
        "djstripe.InvoiceItem",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        help_text=_("The invoice item this line bills, if any."),
    )
    subscription = StripeForeignKey(
        "djstripe.Subscription",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        help_text=_("The subscription that the line pertains to, if any."),
    )
    subscription_item = StripeForeignKey(
        "djstripe.SubscriptionItem",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        help_text=_("The subscription item that generated this line, if any."),
    )
    price = StripeForeignKey(
        "djstripe.Price",
        null=True,
        blank=True,
        related_name="invoice_lines",
        on_delete=models.SET_NULL,
    )
    amount = StripeQuantumCurrencyAmountField(null=True, blank=True, db_index=True)
    currency = StripeCurrencyCodeField(default="", blank=True, db_index=True)
    period_start = StripeDateTimeField(null=True, blank=True, db_index=True)
    period_end = StripeDateTimeField(null=True, blank=True, db_index=True)
    type = StripeEnumField(enum=LineItemType, default="", blank=True, db_index=True)
    proration = models.BooleanField(null=True, blank=True, db_index=True)
    quantity = models.BigIntegerField(null=True, blank=True)
    subtotal = StripeQuantumCurrencyAmountField(null=True, blank=True)
    tax = StripeQuantumCurrencyAmountField(
        null=True,
        blank=True,
        help_text=_("Total tax of the line, in minor units (``taxes``, or ``tax_amounts``)."),
    )

    amount_excluding_tax = StripeProperty()
    discount_amounts = StripeProperty()
    discountable = StripeProperty(default=False)
    discounts = StripeProperty(default=())
    period = StripeProperty(default={})
    proration_details = MovedProperty()
    tax_amounts = MovedProperty()
    tax_rates = MovedProperty()
    unit_amount_excluding_tax = StripeProperty()
    unit_amount_decimal = MovedProperty()
    parent = StripeProperty()
    pricing = StripeProperty()
    taxes = StripeProperty()
    pretax_credit_amounts = StripeProperty()
    quantity_decimal = StripeProperty()

    class Meta(StripeModel.Meta):
        verbose_name = _("invoice line item")
        ordering = ["djstripe_id"]

    def __str__(self) -> str:
        return self.description or self.id

    @classmethod
    def api_list(cls, api_key: str | None = None, **params: Any) -> Iterator[Any]:
        """The lines of one invoice (``id=<invoice id>``, as in dj-stripe), all pages."""
        invoice_id = params.pop("id", None) or params.pop("invoice", None)
        if not invoice_id:
            raise ValueError("LineItem.api_list() needs the invoice: id='in_...'.")
        path = stripe_api.path("/v1/invoices/{id}/lines", id=invoice_id)
        for obj in stripe_api.iterate(path, api_key=api_key, params=params):
            yield stripe_api.to_stripe_object(obj)

    @classmethod
    def adjust_values(cls, item: Any, values: dict[str, Any]) -> None:
        """``tax``: the sum of the line's taxes, of any API version."""
        values["tax"] = tax.line_tax_total(item.data)

    @classmethod
    def stripe_id_for(cls, data: dict[str, Any], parent_data: dict[str, Any] | None) -> str:
        invoice_id = stripe_id_of(data.get("invoice"))
        if invoice_id is None and parent_data and parent_data.get("object") == "invoice":
            invoice_id = stripe_id_of(parent_data.get("id"))
        return line_id_for(data, invoice_id)
