"""dj-stripe 2.11's ``djstripe.models.billing``: its billing models, importable from here.

New code imports them from :mod:`djstripe.models`.
"""

from .moved import lend

__getattr__, __dir__ = lend(
    __name__,
    globals(),
    {
        "Coupon",
        "Discount",
        "Invoice",
        "InvoiceItem",
        "LineItem",
        "PromotionCode",
        "ShippingRate",
        "Subscription",
        "SubscriptionItem",
        "SubscriptionSchedule",
        "TaxCode",
        "TaxId",
        "TaxRate",
        "UpcomingInvoice",
    },
    # dj-stripe's common base of invoices and upcoming invoices: here UpcomingInvoice
    # is an Invoice, so ``isinstance(x, BaseInvoice)`` holds for both.
    aliases={"BaseInvoice": "Invoice"},
)
