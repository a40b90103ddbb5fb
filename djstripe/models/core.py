"""Customers and the product catalog (products and prices)."""

from __future__ import annotations

__all__ = ["Customer", "Price", "Product"]

from collections.abc import Iterator
from decimal import Decimal
from typing import Any, ClassVar

from django.conf import settings as django_settings
from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from .. import settings as djstripe_settings
from ..actions import billing, billing_portal, catalog, customers
from ..billing import price_amounts
from ..currency import friendly_amount, to_major_units
from ..enums import CustomerTaxExempt, PriceType, ProductType
from ..fields import (
    StripeCurrencyCodeField,
    StripeDateTimeField,
    StripeEnumField,
    StripeForeignKey,
    StripeQuantumCurrencyAmountField,
)
from ..indexes import TextPrefixIndex
from ..properties import StripeProperty, amount_property
from ..sync.declarations import DeletionMode, SoftDelete
from .base import ChildList, SinceApiVersion, StripeModel
from .moved import lend


class Customer(StripeModel):
    """A Stripe customer, linked to its subscriber (``DJSTRIPE_SUBSCRIBER_MODEL``).

    Deleted customers are kept and marked ``deleted`` (with ``date_purged``), so
    their invoices and charges keep their owner.
    """

    stripe_object = "customer"
    api_path = "/v1/customers"  # type: ignore[misc]  # the helpers mixin's stub; goes with the mixin (issue 12)
    list_split = True
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

    # ---- convenience methods (dj-stripe's); the work is in djstripe.actions ----
    @classmethod
    def get_or_create(
        cls,
        subscriber: Any,
        livemode: bool | None = None,
        stripe_account: str | None = None,
        api_key: str | None = None,
        **kwargs: Any,
    ) -> tuple[Customer, bool]:
        """The subscriber's customer in this mode, created on Stripe when there is none.

        Returns ``(customer, created)``. ``livemode`` defaults to ``STRIPE_LIVE_MODE``.
        The creation carries an idempotency key per subscriber (from
        ``DJSTRIPE_IDEMPOTENCY_KEY_CALLBACK``), so two concurrent calls create one
        Stripe customer. Other keyword arguments go to Stripe's create call.
        """
        return customers.get_or_create(
            cls,
            subscriber,
            livemode=livemode,
            stripe_account=stripe_account,
            api_key=api_key,
            **kwargs,
        )

    @classmethod
    def for_subscriber(
        cls, subscriber: Any, *, livemode: bool | None = None, stripe_account: str | None = None
    ) -> Customer | None:
        """The subscriber's (not deleted) customer in this mode, newest first, if any.

        ``None`` for a subscriber that is not saved (``AnonymousUser``), without a query.
        """
        return customers.for_subscriber(
            cls, subscriber, livemode=livemode, stripe_account=stripe_account
        )

    @classmethod
    def create(
        cls,
        subscriber: Any,
        idempotency_key: str | None = None,
        stripe_account: str | None = None,
        livemode: bool | None = None,
        api_key: str | None = None,
        metadata: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> Customer:
        """Create a Stripe customer for ``subscriber`` and return its row, linked to it.

        The subscriber's primary key goes into the customer's metadata under
        ``DJSTRIPE_SUBSCRIBER_CUSTOMER_KEY`` (overriding a value given in
        ``metadata``): that is how any later sync, webhook or backfill links the
        customer back. Email and full name come from the subscriber unless given.
        """
        return customers.create(
            cls,
            subscriber,
            idempotency_key=idempotency_key,
            stripe_account=stripe_account,
            livemode=livemode,
            api_key=api_key,
            metadata=metadata,
            **kwargs,
        )

    def add_payment_method(self, payment_method: Any, set_default: bool = True) -> Any:
        """Attach an existing payment method (row or ``pm_...`` id) to the customer.

        With ``set_default`` it becomes the default for invoices and subscriptions
        (``invoice_settings.default_payment_method``), and this row is refreshed.
        """
        return customers.add_payment_method(self, payment_method, set_default=set_default)

    def add_card(self, source: Any, set_default: bool = True) -> Any:
        """Add a legacy card to the customer: ``source`` is a token (``tok_...``), a
        dictionary of card details or a Source id; return the mirrored card (or Source).

        With ``set_default`` it becomes the customer's ``default_source``, and this row
        is refreshed. New integrations attach PaymentMethods (:meth:`add_payment_method`);
        this is for code written against older dj-stripe 2.x releases (2.11 dropped it).
        """
        return customers.add_card(self, source, set_default=set_default)

    def add_coupon(self, coupon: Any, idempotency_key: str | None = None) -> Customer:
        """Apply a coupon (row or id) to the customer; return the refreshed customer.

        Stripe removed customer-level coupons in API version 2025-03-31.basil; with a
        later pinned version Stripe refuses the request (its error is raised as is):
        pass ``discounts=[{"coupon": ...}]`` to :meth:`subscribe` instead.
        """
        return customers.add_coupon(self, coupon, idempotency_key=idempotency_key)

    def purge(self) -> None:
        """Delete the customer on Stripe; keep the row, marked deleted and unlinked.

        The row stays (its invoices and charges keep their owner) with ``deleted``
        and ``date_purged`` set and no subscriber. The idempotency key of the
        subscriber's customer creation is forgotten, so ``get_or_create`` makes a
        new customer instead of Stripe replaying the deleted one.
        """
        customers.purge(self)

    def can_charge(self) -> bool:
        """Whether the customer exists and has a default payment method or source."""
        return customers.can_charge(self)

    def billing_portal_url(self, return_url: str | None = None, **params: Any) -> str:
        """The URL of a new billing portal session; redirect the customer to it.

        Other keyword arguments go to Stripe (``configuration``, ``flow_data``, ``locale``).
        """
        return billing_portal.billing_portal_url(self, return_url, **params)

    # ---- billing ----
    def subscribe(self, *, items: list[Any] | None = None, price: Any = None, **kwargs: Any) -> Any:
        """Subscribe the customer to ``price``, or to every entry of ``items``.

        ``items`` are Stripe's subscription items (``{"price": ..., "quantity": 2}``;
        a :class:`~djstripe.models.Price` is accepted wherever an id is). Other keyword
        arguments (``trial_period_days``, ``payment_behavior``, ...) go to Stripe.
        """
        return billing.subscribe(self, items=items, price=price, **kwargs)

    def charge(
        self,
        amount: Decimal,
        *,
        application_fee: Decimal | None = None,
        source: Any = None,
        **kwargs: Any,
    ) -> Any:
        """Charge the customer ``amount`` (a Decimal in major units, ``Decimal("9.99")``).

        ``currency`` defaults to the customer's. Amounts are converted with the
        currency's exponent (zero-decimal currencies such as JPY are sent as is).
        ``source`` is a card, source or payment-method id or row; without it Stripe
        charges the default source.
        """
        return billing.charge(
            self, amount, application_fee=application_fee, source=source, **kwargs
        )

    def add_invoice_item(
        self,
        amount: Decimal,
        currency: str,
        description: str | None = None,
        discountable: bool | None = None,
        invoice: Any = None,
        metadata: dict[str, Any] | None = None,
        subscription: Any = None,
    ) -> Any:
        """Add a charge (or, negative, a credit) to the customer's next invoice.

        ``amount`` is a Decimal in major units; ``invoice`` and ``subscription`` take
        a row or an id.
        """
        return billing.add_invoice_item(
            self,
            amount,
            currency,
            description=description,
            discountable=discountable,
            invoice=invoice,
            metadata=metadata,
            subscription=subscription,
        )

    def is_subscribed_to(self, product: Any) -> bool:
        """Whether a valid subscription has an item for ``product`` (row or id)."""
        return billing.is_subscribed_to(self, product)

    def has_active_subscription(self, plan: Any = None) -> bool:
        """Whether the customer has a valid subscription to ``plan`` (a Plan or Price
        row, or its id).

        Without ``plan``: whether the customer has exactly one valid subscription;
        with several, ``TypeError`` is raised (pass ``plan``, or use
        :meth:`has_any_active_subscription`). Older dj-stripe 2.x releases had this
        method (2.11 no longer does); it is kept for code written against them.
        """
        return billing.has_active_subscription(self, plan)

    def has_any_active_subscription(self, include_paused: bool = False) -> bool:
        """Whether any subscription's status and period are current and, unless
        ``include_paused``, its payment collection is not paused."""
        return billing.has_any_active_subscription(self, include_paused=include_paused)

    @property
    def active_subscriptions(self) -> QuerySet:
        """Status ``active``, current period not ended, payment collection not paused."""
        return billing.active_subscriptions(self)

    @property
    def valid_subscriptions(self) -> QuerySet:
        """Subscriptions that are not canceled, incomplete or incomplete_expired."""
        return billing.valid_subscriptions(self)

    @property
    def subscription(self) -> Any:
        """The customer's one valid subscription, or ``None``.

        Raises :class:`~djstripe.exceptions.MultipleSubscriptionException` when there
        are several: use ``customer.subscriptions`` or ``valid_subscriptions`` then.
        """
        return billing.single_subscription(self)

    def upcoming_invoice(self, **kwargs: Any) -> Any:
        """A preview of the customer's next invoice (see ``Invoice.upcoming``)."""
        return billing.upcoming_invoice(self, **kwargs)

    def send_invoice(self, **kwargs: Any) -> bool:
        """Invoice the customer's pending items now and pay the invoice.

        Returns False when there was nothing to invoice (or Stripe refused the
        invoice); payment failures such as a declined card raise as Stripe reports
        them. Keyword arguments go to Stripe's pay call.
        """
        return billing.send_invoice(self, **kwargs)

    def retry_unpaid_invoices(self) -> None:
        """Attempt payment of every open invoice of the customer, as Stripe lists them.

        Each invoice is synced as paid; a declined payment raises Stripe's error.
        """
        billing.retry_unpaid_invoices(self)

    def has_feature(self, lookup_key: str) -> bool:
        """Whether the customer is entitled to the feature ``lookup_key`` (one query)."""
        from ..entitlements import has_feature  # imports the models: loaded on use

        return has_feature(self, lookup_key)

    def report_usage(self, event_name: str, value: Any, **kwargs: Any) -> dict[str, Any]:
        """Report usage to the meter of ``event_name`` (see :func:`djstripe.usage.report_usage`:
        ``timestamp=``, ``identifier=``); return Stripe's meter event."""
        from ..usage import report_usage  # imports the models: loaded on use

        return report_usage(self, event_name, value, **kwargs)

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
    list_holds_all = False  # GET /v1/prices: active prices only, never inline ones
    stripe_dashboard_item_name = "prices"
    stripe_paths: ClassVar[dict[str, str]] = {
        "recurring_interval": "recurring.interval",
        "recurring_interval_count": "recurring.interval_count",
        "recurring_usage_type": "recurring.usage_type",
        "meter": "recurring.meter",
        "unit_amount_decimal": "unit_amount_decimal",
    }
    # ``currency_options`` is includable only: asked for on every read and listing page.
    # Webhook payloads lack it, so the stored value is kept when new data has none.
    expand_fields: ClassVar[list[str]] = ["product", "tiers", "currency_options"]
    list_expand: ClassVar[tuple[str, ...]] = ("data.currency_options",)
    sticky_fields: ClassVar[tuple[str, ...]] = ("currency_options",)

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
    meter = StripeForeignKey(
        "djstripe.Meter",
        null=True,
        blank=True,
        related_name="prices",
        on_delete=models.SET_NULL,
        help_text=_("The meter a usage-based price bills by (``recurring.meter``)."),
    )
    currency_options = models.JSONField(
        null=True,
        blank=True,
        help_text=_(
            "The price in each currency it is offered in, by lowercase currency code "
            "(``currency_options__has_key='eur'``); see Price.amount_in."
        ),
    )

    recurring = StripeProperty()
    tiers = StripeProperty()
    transform_quantity = StripeProperty()
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
        return catalog.create_price(cls, **kwargs)

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

    @property
    def currencies(self) -> list[str]:
        """Every currency the price is offered in (its own first)."""
        return price_amounts.currencies(self)

    def amount_in(self, currency: str, quantity: int = 1) -> int | None:
        """What ``quantity`` units cost in ``currency``, in its minor units (tiers
        applied); ``None`` for a pay-what-you-want price without a preset.
        Raises ``KeyError`` naming the currency when the price is not offered in it."""
        return price_amounts.amount_in(self, currency, quantity)

    def _friendly(self, minor_units: int) -> str:
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
