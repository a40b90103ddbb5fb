"""Customers and the product catalog (products and prices)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

from django.conf import settings as django_settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .. import settings as djstripe_settings
from ..enums import CustomerTaxExempt, PriceType, ProductType
from ..fields import (
    StripeCurrencyCodeField,
    StripeDateTimeField,
    StripeEnumField,
    StripeForeignKey,
    StripeQuantumCurrencyAmountField,
)
from ..helpers.customers import CustomerHelpers
from ..indexes import TextPrefixIndex
from ..properties import StripeProperty, amount_property
from ..sync.declarations import DeletionMode, SoftDelete
from .base import ChildList, SinceApiVersion, StripeModel
from .moved import lend


class Customer(CustomerHelpers, StripeModel):
    """A Stripe customer, linked to its subscriber (``DJSTRIPE_SUBSCRIBER_MODEL``).

    Deleted customers are kept and marked ``deleted`` (with ``date_purged``), so
    their invoices and charges keep their owner.
    """

    stripe_object = "customer"
    api_path = "/v1/customers"
    deletion = DeletionMode.SOFT
    soft_delete = SoftDelete(when="date_purged", clear=("subscriber",))
    stripe_dashboard_item_name = "customers"
    local_fields: ClassVar[tuple[str, ...]] = ("subscriber", "date_purged")
    sticky_fields: ClassVar[tuple[str, ...]] = ("subscriber",)
    stripe_paths: ClassVar[dict[str, str]] = {
        "default_payment_method": "invoice_settings.default_payment_method",
    }
    expand_fields: ClassVar[list[str]] = []
    # A backfill gets with each customer's page what Stripe otherwise lists only per
    # customer (one request each): the default payment method, the legacy sources
    # (cards, bank accounts, sources; embedded by default before 2020-08-27) and the
    # tax ids. Both lists arrive with their first ten entries and are paged past them.
    # Before 2020-08-27 both lists are always included, and cannot be expanded.
    list_expand = SinceApiVersion(  # type: ignore[assignment]
        "2020-08-27",
        ("data.invoice_settings.default_payment_method", "data.sources", "data.tax_ids"),
        before=("data.invoice_settings.default_payment_method",),
    )
    child_lists: ClassVar[tuple[ChildList, ...]] = (
        ChildList(
            "sources",
            "DjstripePaymentMethod",
            parent_field="customer",
            nested_path="/v1/customers/{id}/sources",
        ),
        ChildList(
            "tax_ids",
            "TaxId",
            parent_field="customer",
            nested_path="/v1/customers/{id}/tax_ids",
        ),
        # Included before 2020-08-27, expandable since. Stripe lists only the current
        # subscriptions here ("if any"): a canceled one leaves the list but still
        # exists, so the list never prunes.
        ChildList(
            "subscriptions",
            "Subscription",
            parent_field="customer",
            nested_path="/v1/customers/{id}/subscriptions",
            prune=False,
            on_request=True,
        ),
    )

    email = models.TextField(max_length=5000, default="", blank=True, db_index=True)
    name = models.TextField(max_length=5000, default="", blank=True, db_index=True)
    phone = models.CharField(max_length=255, default="", blank=True)
    balance = StripeQuantumCurrencyAmountField(null=True, blank=True)
    currency = StripeCurrencyCodeField(default="", blank=True)
    delinquent = models.BooleanField(null=True, db_index=True)
    deleted = models.BooleanField(default=False, db_index=True)
    tax_exempt = StripeEnumField(enum=CustomerTaxExempt, default="", blank=True)
    invoice_prefix = models.CharField(max_length=255, default="", blank=True)
    default_payment_method = StripeForeignKey(
        "djstripe.PaymentMethod",
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
    )
    default_source = StripeForeignKey(
        "djstripe.DjstripePaymentMethod",
        null=True,
        blank=True,
        related_name="customers",
        on_delete=models.SET_NULL,
        help_text=_("The legacy source (card, bank account, Source) charged by default."),
    )
    subscriber = models.ForeignKey(
        getattr(django_settings, "DJSTRIPE_SUBSCRIBER_MODEL", django_settings.AUTH_USER_MODEL),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="djstripe_customers",
    )
    date_purged = models.DateTimeField(null=True, blank=True, editable=False)
    test_clock = StripeForeignKey(
        "djstripe.TestClock",
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
        help_text=_("The test clock the object belongs to (test mode)."),
    )

    address = StripeProperty()
    shipping = StripeProperty()
    preferred_locales = StripeProperty(default=())
    invoice_settings = StripeProperty()
    discount = StripeProperty()
    tax = StripeProperty()
    next_invoice_sequence = StripeProperty()
    cash_balance = StripeProperty()
    invoice_credit_balance = StripeProperty()
    account_balance = StripeProperty("balance")
    coupon = StripeProperty(doc="The customer's coupon (removed from Stripe's API in 2025).")
    business_name = StripeProperty()
    customer_account = StripeProperty()
    individual_name = StripeProperty()

    class Meta(StripeModel.Meta):
        verbose_name = _("customer")
        indexes = [TextPrefixIndex(fields=["livemode", "email"], name="djstripe_cus_mode_email")]

    def __str__(self) -> str:
        if self.deleted:
            return f"{self.id} (deleted)"
        return self.name or self.email or self.id

    @property
    def credits(self) -> int:
        """What the customer has in credit, in minor units (a negative balance)."""
        return abs(min(self.balance or 0, 0))

    @property
    def pending_charges(self) -> int:
        """What the customer owes, in minor units (a positive balance)."""
        return max(self.balance or 0, 0)

    @property
    def customer_payment_methods(self) -> Iterator[Any]:
        """The customer's legacy sources (cards, bank accounts, Sources), one by one."""
        yield from self.sources.iterator()

    @property
    def entitlements(self) -> list[Any]:
        """``entitlements`` of the Stripe data (dj-stripe's property); the features the
        customer has are the rows of ``customer.active_entitlements``."""
        return list(self.stripe_data.get("entitlements") or [])

    @classmethod
    def adjust_rows(cls, items: list[Any], rows: list[dict[str, Any]], *, using: str) -> None:
        """Link subscribers named in the customers' metadata (one query per batch)."""
        key = djstripe_settings.subscriber_customer_key()
        named: list[Any] = []
        for item, values in zip(items, rows, strict=True):
            metadata = item.data.get("metadata") or {}
            value = metadata.get(key) if key and isinstance(metadata, dict) else None
            values["subscriber_id"] = None if value in (None, "") else value
            if values["subscriber_id"] is not None:
                named.append(values)
        if not named:
            return
        existing = _subscriber_pks([values["subscriber_id"] for values in named])
        for values in named:
            values["subscriber_id"] = existing.get(str(values["subscriber_id"]))


def _subscriber_pks(values: list[Any]) -> dict[str, Any]:
    """Metadata value (as text) -> primary key, for the values naming an existing subscriber."""
    try:
        model = djstripe_settings.subscriber_model()
    except Exception:  # noqa: BLE001 - a misconfigured subscriber model is reported by checks
        return {}
    candidates: dict[Any, str] = {}
    for value in values:
        try:
            candidates[model._meta.pk.to_python(value)] = str(value)
        except Exception:  # noqa: BLE001, S112 - metadata is free text: not a key, no link
            continue
    if not candidates:
        return {}
    found = model._default_manager.filter(pk__in=list(candidates)).values_list("pk", flat=True)
    return {candidates[pk]: pk for pk in found}


class Product(StripeModel):
    """A product of the catalog (goods or services that prices are attached to)."""

    stripe_object = "product"
    api_path = "/v1/products"
    stripe_dashboard_item_name = "products"
    child_lists: ClassVar[tuple[ChildList, ...]] = (
        # Attached entitlement features: Stripe never embeds them in the product.
        ChildList(
            "features",
            "ProductFeature",
            parent_field="product",
            nested_path="/v1/products/{id}/features",
            embedded=False,
        ),
    )

    name = models.TextField(max_length=5000, default="", blank=True, db_index=True)
    active = models.BooleanField(null=True, db_index=True)
    type = StripeEnumField(enum=ProductType, default="", blank=True)
    default_price = StripeForeignKey(
        "djstripe.Price", null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    tax_code = StripeForeignKey(
        "djstripe.TaxCode",
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
        help_text=_("The product's tax code."),
    )
    updated = StripeDateTimeField(null=True, blank=True)
    images = StripeProperty(default=())
    marketing_features = StripeProperty(default=())
    package_dimensions = StripeProperty()
    shippable = StripeProperty()
    statement_descriptor = StripeProperty()
    unit_label = StripeProperty()
    url = StripeProperty()

    class Meta(StripeModel.Meta):
        verbose_name = _("product")

    def __str__(self) -> str:
        return self.name or self.id


class Price(StripeModel):
    """A price of a product: how much, in which currency, once or recurring."""

    stripe_object = "price"
    api_path = "/v1/prices"
    stripe_dashboard_item_name = "prices"
    stripe_paths: ClassVar[dict[str, str]] = {
        "recurring_interval": "recurring.interval",
        "recurring_interval_count": "recurring.interval_count",
        "recurring_usage_type": "recurring.usage_type",
        "unit_amount_decimal": "unit_amount_decimal",
    }
    expand_fields: ClassVar[list[str]] = ["product", "tiers"]

    active = models.BooleanField(default=True, db_index=True)
    currency = StripeCurrencyCodeField(default="", blank=True, db_index=True)
    nickname = models.CharField(max_length=250, default="", blank=True)
    product = StripeForeignKey(
        "djstripe.Product", null=True, blank=True, related_name="prices", on_delete=models.CASCADE
    )
    lookup_key = models.CharField(max_length=250, null=True, blank=True, db_index=True)
    type = StripeEnumField(enum=PriceType, default="", blank=True, db_index=True)
    unit_amount = StripeQuantumCurrencyAmountField(null=True, blank=True, db_index=True)
    unit_amount_decimal = models.DecimalField(
        max_digits=19, decimal_places=12, null=True, blank=True
    )
    billing_scheme = StripeEnumField(default="", blank=True)
    tax_behavior = StripeEnumField(default="", blank=True)
    recurring_interval = StripeEnumField(null=True, blank=True, db_index=True)
    recurring_interval_count = models.PositiveIntegerField(null=True, blank=True)
    recurring_usage_type = StripeEnumField(null=True, blank=True)
    tiers_mode = StripeEnumField(default="", blank=True)

    recurring = StripeProperty()
    tiers = StripeProperty()
    transform_quantity = StripeProperty()
    currency_options = StripeProperty()
    custom_unit_amount = StripeProperty()
    amount = amount_property("unit_amount")

    class Meta(StripeModel.Meta):
        verbose_name = _("price")

    def __str__(self) -> str:
        return self.nickname or self.human_readable_price

    @classmethod
    def create(cls, **kwargs: Any) -> Price:
        """Create a price on Stripe and mirror it (dj-stripe's helper).

        ``unit_amount`` is in major units (``Decimal("9.99")``), converted with the
        currency's decimals; ``product`` may be a row or an id; ``api_key`` and
        ``stripe_account`` route the request. Other arguments go to Stripe as given.
        """
        from ..currency import to_minor_units
        from ..helpers.calls import stripe_id, write

        params = dict(kwargs)
        api_key = params.pop("api_key", None) or djstripe_settings.secret_key()
        stripe_account = params.pop("stripe_account", None)
        if params.get("unit_amount") is not None:
            params["unit_amount"] = to_minor_units(params["unit_amount"], params.get("currency"))
        if params.get("product") is not None:
            params["product"] = stripe_id(params["product"])
        return write(
            cls, "post", cls.api_list_path(), params, api_key=api_key, stripe_account=stripe_account
        )

    @classmethod
    def get_or_create(cls, **kwargs: Any) -> tuple[Price, bool]:
        """``(price, created)``: the mirrored price ``id=kwargs["id"]``, else a new one
        made by :meth:`create` with ``kwargs``."""
        row = cls.objects.filter(id=kwargs["id"]).first() if kwargs.get("id") else None
        if row is not None:
            return row, False
        return cls.create(**kwargs), True

    @property
    def human_readable_price(self) -> str:
        """``$20.00 USD/month``, ``¥2,000 JPY every 3 months``; tiered prices show their
        first tier (``Starts at $1.00 USD per unit + $5.00 USD``), as dj-stripe does."""
        if self.billing_scheme != "tiered":
            amount = self._friendly(self.unit_amount or 0)
        elif self.tiers:
            first = self.tiers[0]
            amount = f"Starts at {self._friendly(first.get('unit_amount') or 0)} per unit"
            if first.get("flat_amount") is not None:
                amount += f" + {self._friendly(first['flat_amount'])}"
        else:
            amount = "0"
        if self.type != "recurring" or not self.recurring_interval:
            return amount
        count = self.recurring_interval_count or 1
        if count == 1:
            return f"{amount}/{self.recurring_interval}"
        return f"{amount} every {count} {self.recurring_interval}s"

    def _friendly(self, minor_units: int) -> str:
        from ..currency import friendly_amount, to_major_units

        if not self.currency:
            return str(minor_units)
        return friendly_amount(to_major_units(minor_units, self.currency), self.currency)


# dj-stripe 2.11 kept these in ``djstripe.models.core`` (see :mod:`.moved`).
__getattr__, __dir__ = lend(
    __name__,
    globals(),
    {
        "BalanceTransaction",
        "Charge",
        "Dispute",
        "Event",
        "File",
        "FileLink",
        "FileUpload",
        "Mandate",
        "PaymentIntent",
        "Payout",
        "Refund",
        "SetupIntent",
    },
)
