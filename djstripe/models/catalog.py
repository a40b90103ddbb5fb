"""Catalog and discount objects of Billing: plans, coupons, promotion codes,
discounts, tax rates, tax codes, tax ids and shipping rates."""

from __future__ import annotations

__all__ = [
    "Coupon",
    "Discount",
    "Plan",
    "PromotionCode",
    "ShippingRate",
    "TaxCode",
    "TaxId",
    "TaxRate",
]

from decimal import Decimal
from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..currency import format_amount, to_major_units
from ..enums import (
    BillingScheme,
    CouponDuration,
    PlanInterval,
    PriceTiersMode,
    PriceUsageType,
    ShippingRateTaxBehavior,
    ShippingRateType,
    TaxIdType,
)
from ..fields import (
    StripeCurrencyCodeField,
    StripeDateTimeField,
    StripeDecimalCurrencyAmountField,
    StripeEnumField,
    StripeForeignKey,
    StripePercentField,
    StripeQuantumCurrencyAmountField,
)
from ..properties import StripeProperty, id_property
from .base import StripeModel


class Plan(StripeModel):
    """A recurring price in the legacy shape (``/v1/plans``), still served and used.

    A plan and a price may share an id (plans are prices seen through the older
    API); they live in separate tables.
    """

    stripe_object = "plan"
    api_path = "/v1/plans"
    list_holds_all = False  # plans made from prices (inline ones too) may not be listed
    stripe_dashboard_item_name = "plans"
    expand_fields: ClassVar[list[str]] = ["product"]

    active = models.BooleanField(null=True, db_index=True)
    amount = StripeDecimalCurrencyAmountField(null=True, blank=True, db_index=True)
    amount_decimal = models.DecimalField(
        max_digits=19,
        decimal_places=12,
        null=True,
        blank=True,
        help_text=_("The unit amount in the currency's minor unit, with up to 12 decimals."),
    )
    billing_scheme = StripeEnumField(enum=BillingScheme, default="", blank=True)
    currency = StripeCurrencyCodeField(default="", blank=True, db_index=True)
    interval = StripeEnumField(enum=PlanInterval, default="", blank=True, db_index=True)
    interval_count = models.PositiveIntegerField(null=True, blank=True)
    nickname = models.TextField(max_length=5000, default="", blank=True)
    product = StripeForeignKey(
        "djstripe.Product", null=True, blank=True, related_name="plans", on_delete=models.SET_NULL
    )
    tiers_mode = StripeEnumField(enum=PriceTiersMode, null=True, blank=True)
    trial_period_days = models.PositiveIntegerField(null=True, blank=True)
    usage_type = StripeEnumField(enum=PriceUsageType, default="", blank=True, db_index=True)

    aggregate_usage = StripeProperty(doc="Removed in 2025-03-31.basil (legacy metered billing).")
    meter = StripeProperty()
    tiers = StripeProperty()
    transform_usage = StripeProperty()

    class Meta(StripeModel.Meta):
        verbose_name = _("plan")

    def __str__(self) -> str:
        return self.nickname or self.human_readable_price

    @property
    def human_readable_price(self) -> str:
        """``$20.00 USD/month`` (or ``every 3 months``; ``Tiered pricing`` for tiers)."""
        if self.billing_scheme == "tiered":
            amount = "Tiered pricing"
        else:
            amount = f"{format_amount(self.amount, self.currency)} {self.currency.upper()}"
        if not self.interval:
            return amount
        if (self.interval_count or 1) == 1:
            return f"{amount}/{self.interval}"
        return f"{amount} every {self.interval_count} {self.interval}s"


def percent_text(value: float | Decimal) -> str:
    """``25.5``, ``19``: a percentage without trailing zeros or exponent."""
    return format(Decimal(str(value)).normalize(), "f")


class Coupon(StripeModel):
    """A percent-off or amount-off discount that discounts and promotion codes redeem."""

    stripe_object = "coupon"
    api_path = "/v1/coupons"
    stripe_dashboard_item_name = "coupons"

    amount_off = StripeQuantumCurrencyAmountField(null=True, blank=True)
    currency = StripeCurrencyCodeField(default="", blank=True)
    duration = StripeEnumField(enum=CouponDuration, default="", blank=True, db_index=True)
    duration_in_months = models.PositiveIntegerField(null=True, blank=True)
    max_redemptions = models.PositiveIntegerField(null=True, blank=True)
    name = models.TextField(max_length=5000, default="", blank=True)
    percent_off = StripePercentField(null=True, blank=True)
    redeem_by = StripeDateTimeField(null=True, blank=True, db_index=True)
    times_redeemed = models.PositiveIntegerField(default=0, blank=True)
    valid = models.BooleanField(null=True, db_index=True)

    applies_to = StripeProperty()
    currency_options = StripeProperty()

    class Meta(StripeModel.Meta):
        verbose_name = _("coupon")

    def __str__(self) -> str:
        return self.name or self.human_readable

    @property
    def human_readable_amount(self) -> str:
        """``25.5% off`` or ``$5.00 off``."""
        if self.percent_off:
            return f"{percent_text(self.percent_off)}% off"
        if self.currency and self.amount_off is not None:
            major = to_major_units(self.amount_off, self.currency)
            return f"{format_amount(major, self.currency)} off"
        return "(invalid amount) off"

    @property
    def human_readable(self) -> str:
        """``25.5% off forever``, ``$5.00 off for 3 months``."""
        duration = self.duration
        if duration == "repeating":
            months = self.duration_in_months
            duration = "for 1 month" if months == 1 else f"for {months} months"
        return f"{self.human_readable_amount} {duration}"


class PromotionCode(StripeModel):
    """A customer-facing code that redeems a coupon."""

    stripe_object = "promotion_code"
    api_path = "/v1/promotion_codes"
    stripe_dashboard_item_name = "promotion_codes"

    code = models.CharField(max_length=500, default="", blank=True, db_index=True)
    coupon = StripeForeignKey(
        "djstripe.Coupon",
        null=True,
        blank=True,
        related_name="promotion_codes",
        on_delete=models.SET_NULL,
    )
    customer = StripeForeignKey(
        "djstripe.Customer",
        null=True,
        blank=True,
        related_name="promotion_codes",
        on_delete=models.SET_NULL,
    )
    active = models.BooleanField(null=True, db_index=True)
    expires_at = StripeDateTimeField(null=True, blank=True, db_index=True)
    max_redemptions = models.PositiveIntegerField(null=True, blank=True)
    times_redeemed = models.PositiveIntegerField(default=0, blank=True)

    promotion = StripeProperty()
    restrictions = StripeProperty()
    customer_account = StripeProperty()

    class Meta(StripeModel.Meta):
        verbose_name = _("promotion code")

    def __str__(self) -> str:
        return self.code or self.id


class Discount(StripeModel):
    """A coupon (or promotion code) applied to a customer, subscription or invoice.

    Stripe has no endpoint for discounts: they arrive embedded in their parent
    (expanded ``discounts``, the older single ``discount``) and in
    ``customer.discount.*`` events.
    """

    stripe_object = "discount"
    api_path = None
    listable = False
    expand_fields: ClassVar[list[str]] = ["customer"]

    coupon = StripeForeignKey(
        "djstripe.Coupon",
        null=True,
        blank=True,
        related_name="discounts",
        on_delete=models.SET_NULL,
    )
    customer = StripeForeignKey(
        "djstripe.Customer",
        null=True,
        blank=True,
        related_name="customer_discounts",
        on_delete=models.CASCADE,
    )
    subscription = StripeForeignKey(
        "djstripe.Subscription",
        null=True,
        blank=True,
        related_name="subscription_discounts",
        on_delete=models.CASCADE,
    )
    invoice = StripeForeignKey(
        "djstripe.Invoice",
        null=True,
        blank=True,
        related_name="invoice_discounts",
        on_delete=models.CASCADE,
        help_text=_("The invoice the discount applies to, if it was applied to one directly."),
    )
    promotion_code = models.CharField(
        max_length=255,
        default="",
        blank=True,
        db_index=True,
        help_text=_("Id of the promotion code applied to create this discount."),
    )
    start = StripeDateTimeField(null=True, blank=True, db_index=True)
    end = StripeDateTimeField(null=True, blank=True, db_index=True)

    checkout_session = id_property()
    invoice_item = id_property()
    subscription_item = id_property()
    source = StripeProperty()
    customer_account = StripeProperty()

    class Meta(StripeModel.Meta):
        verbose_name = _("discount")


class TaxRate(StripeModel):
    """A tax rate applied to invoices, subscriptions and their items."""

    stripe_object = "tax_rate"
    api_path = "/v1/tax_rates"
    stripe_dashboard_item_name = "tax-rates"

    active = models.BooleanField(null=True, db_index=True)
    country = models.CharField(max_length=255, default="", blank=True, db_index=True)
    display_name = models.CharField(max_length=255, default="", blank=True)
    inclusive = models.BooleanField(null=True)
    jurisdiction = models.CharField(max_length=255, default="", blank=True)
    percentage = StripePercentField(null=True, blank=True, db_index=True)
    state = models.CharField(max_length=255, default="", blank=True)
    tax_type = StripeEnumField(default="", blank=True, db_index=True)
    jurisdiction_level = StripeEnumField(default="", blank=True)
    rate_type = StripeEnumField(default="", blank=True)

    effective_percentage = StripeProperty()
    flat_amount = StripeProperty()

    class Meta(StripeModel.Meta):
        verbose_name = _("tax rate")

    def __str__(self) -> str:
        kind = "incl." if self.inclusive else "excl."
        percentage = f"{percent_text(self.percentage)}%" if self.percentage is not None else "?"
        return f"{self.display_name or self.id} – {percentage} ({kind})"


class TaxCode(StripeModel):
    """A product tax code of Stripe Tax (``txcd_...``); Stripe's list, read-only."""

    stripe_object = "tax_code"
    mode_scoped = False  # one object for both modes
    api_path = "/v1/tax_codes"

    name = models.CharField(max_length=255, default="", blank=True, db_index=True)

    class Meta(StripeModel.Meta):
        verbose_name = _("tax code")

    def __str__(self) -> str:
        return f"{self.name}: {self.id}" if self.name else self.id


class TaxId(StripeModel):
    """A customer's (or the account's) tax identifier, such as an EU VAT number."""

    stripe_object = "tax_id"
    api_path = "/v1/tax_ids"
    # GET /v1/tax_ids lists the account's own tax ids; a customer's arrive with the
    # customer's page (``Customer.child_lists``).
    listable = False

    customer = StripeForeignKey(
        "djstripe.Customer",
        null=True,
        blank=True,
        related_name="tax_ids",
        on_delete=models.CASCADE,
    )
    country = models.CharField(max_length=255, default="", blank=True)
    type = StripeEnumField(enum=TaxIdType, default="", blank=True, db_index=True)
    value = models.CharField(max_length=255, default="", blank=True, db_index=True)

    owner = StripeProperty()
    verification = StripeProperty()
    customer_account = StripeProperty()

    class Meta(StripeModel.Meta):
        verbose_name = _("tax id")

    def __str__(self) -> str:
        return f"{TaxIdType.humanize(self.type)} {self.value}".strip()


class ShippingRate(StripeModel):
    """A shipping cost offered in Checkout (``shr_...``)."""

    stripe_object = "shipping_rate"
    api_path = "/v1/shipping_rates"
    stripe_dashboard_item_name = "shipping-rates"

    active = models.BooleanField(null=True, db_index=True)
    display_name = models.CharField(max_length=255, default="", blank=True)
    type = StripeEnumField(enum=ShippingRateType, default="", blank=True)
    tax_behavior = StripeEnumField(enum=ShippingRateTaxBehavior, default="", blank=True)
    tax_code = StripeForeignKey(
        "djstripe.TaxCode", null=True, blank=True, on_delete=models.SET_NULL
    )

    delivery_estimate = StripeProperty()
    fixed_amount = StripeProperty()

    class Meta(StripeModel.Meta):
        verbose_name = _("shipping rate")

    def __str__(self) -> str:
        return self.display_name or self.id
