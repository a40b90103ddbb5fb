"""Checkout Sessions and the line items customers bought through them."""

from __future__ import annotations

__all__ = ["Session", "SessionLineItem"]

from typing import Any, ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..actions import checkout
from ..dotted import first_present
from ..enums import SessionMode, SessionPaymentStatus, SessionStatus
from ..fields import (
    StripeCurrencyCodeField,
    StripeDateTimeField,
    StripeEnumField,
    StripeForeignKey,
    StripeQuantumCurrencyAmountField,
)
from ..properties import StripeProperty
from ..sync.declarations import DeletionMode
from .base import ChildList, StripeModel


class Session(StripeModel):
    """A Checkout Session: a customer paying or subscribing through Stripe Checkout.

    Its line items (``line_items``, includable) are mirrored as :class:`SessionLineItem`
    rows, ``session.items``, whenever the session data carries them; retrieving a
    session through djstripe asks for them.
    """

    stripe_object = "checkout.session"
    terminal_statuses = frozenset({"complete", "expired"})  # a session never leaves these
    api_path = "/v1/checkout/sessions"
    deletion = DeletionMode.STATE  # sessions expire; Stripe never deletes them
    expand_fields: ClassVar[list[str]] = ["line_items"]
    list_expand: ClassVar[tuple[str, ...]] = ("data.line_items",)
    child_lists: ClassVar[tuple[ChildList, ...]] = (
        ChildList(
            "line_items",
            "SessionLineItem",
            parent_field="session",
            nested_path="/v1/checkout/sessions/{id}/line_items",
        ),
    )

    mode = StripeEnumField(enum=SessionMode, default="", blank=True, db_index=True)
    status = StripeEnumField(enum=SessionStatus, default="", blank=True, db_index=True)
    payment_status = StripeEnumField(
        enum=SessionPaymentStatus, default="", blank=True, db_index=True
    )
    customer = StripeForeignKey(
        "djstripe.Customer",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        help_text=_("The customer of the session, once there is one."),
    )
    subscription = StripeForeignKey(
        "djstripe.Subscription",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        help_text=_("The subscription created by a session in subscription mode."),
    )
    payment_intent = StripeForeignKey(
        "djstripe.PaymentIntent",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        help_text=_("The PaymentIntent of a session in payment mode."),
    )
    setup_intent = StripeForeignKey(
        "djstripe.SetupIntent",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        help_text=_("The SetupIntent of a session in setup mode."),
    )
    invoice = StripeForeignKey(
        "djstripe.Invoice",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        help_text=_("The invoice created for the session, if any."),
    )
    amount_subtotal = StripeQuantumCurrencyAmountField(null=True, blank=True)
    amount_total = StripeQuantumCurrencyAmountField(null=True, blank=True, db_index=True)
    currency = StripeCurrencyCodeField(default="", blank=True, db_index=True)
    client_reference_id = models.CharField(max_length=255, default="", blank=True, db_index=True)
    customer_email = models.CharField(max_length=255, default="", blank=True, db_index=True)
    expires_at = StripeDateTimeField(null=True, blank=True, db_index=True)
    url = models.TextField(max_length=5000, default="", blank=True)
    billing_address_collection = StripeEnumField(default="", blank=True)
    customer_creation = StripeEnumField(default="", blank=True)
    locale = StripeEnumField(default="", blank=True)
    origin_context = StripeEnumField(default="", blank=True)
    payment_method_collection = StripeEnumField(default="", blank=True)
    redirect_on_completion = StripeEnumField(default="", blank=True)
    submit_type = StripeEnumField(default="", blank=True)
    ui_mode = StripeEnumField(default="", blank=True)

    cancel_url = StripeProperty(default="")
    customer_details = StripeProperty()
    display_items = StripeProperty()
    line_items = StripeProperty()
    payment_link = StripeProperty()
    payment_method_types = StripeProperty(default=())
    shipping_address_collection = StripeProperty()
    shipping_cost = StripeProperty()
    shipping_options = StripeProperty()
    success_url = StripeProperty(default="")
    total_details = StripeProperty()
    adaptive_pricing = StripeProperty()
    after_expiration = StripeProperty()
    allow_promotion_codes = StripeProperty()
    automatic_tax = StripeProperty()
    branding_settings = StripeProperty()
    client_secret = StripeProperty()
    collected_information = StripeProperty()
    consent = StripeProperty()
    consent_collection = StripeProperty()
    currency_conversion = StripeProperty()
    custom_fields = StripeProperty(default=())
    custom_text = StripeProperty()
    customer_account = StripeProperty()
    discounts = StripeProperty(default=())
    excluded_payment_method_types = StripeProperty(default=())
    integration_identifier = StripeProperty()
    invoice_creation = StripeProperty()
    managed_payments = StripeProperty()
    name_collection = StripeProperty()
    optional_items = StripeProperty(default=())
    payment_method_configuration_details = StripeProperty()
    payment_method_options = StripeProperty()
    permissions = StripeProperty()
    phone_number_collection = StripeProperty()
    presentment_details = StripeProperty()
    recovered_from = StripeProperty()
    return_url = StripeProperty()
    saved_payment_method_options = StripeProperty()
    tax_id_collection = StripeProperty()
    wallet_options = StripeProperty()

    class Meta(StripeModel.Meta):
        verbose_name = _("Checkout Session")

    @property
    def shipping_details(self) -> Any:
        """Collected shipping details: ``collected_information.shipping_details`` since
        2025-03-31.basil, ``shipping_details`` since 2022-08-01, ``shipping`` before."""
        paths = ("collected_information.shipping_details", "shipping_details", "shipping")
        return first_present(self.stripe_data or {}, paths)[1]

    @classmethod
    def create_for_subscriber(
        cls,
        subscriber: Any,
        *,
        success_url: str,
        mode: str = "subscription",
        price: Any = None,
        quantity: int | None = 1,
        line_items: list[dict[str, Any]] | None = None,
        cancel_url: str | None = None,
        create_customer: bool = True,
        livemode: bool | None = None,
        stripe_account: str | None = None,
        api_key: str | None = None,
        **params: Any,
    ) -> Session:
        """Create a Checkout Session for ``subscriber``; return the mirrored session.

        ``mode`` is ``subscription``, ``payment`` or ``setup``. Give ``price`` (a row
        or an id, with ``quantity``) or Stripe's ``line_items`` (not in setup mode).
        With ``create_customer`` (the default) the subscriber's customer is made
        first (``Customer.get_or_create``), so the session is tied to it from the
        start; otherwise the subscriber's existing customer is used, or Checkout
        creates one, linked when the session completes. Other keyword arguments go
        to Stripe (``allow_promotion_codes``, ``subscription_data``, ...). Redirect
        the browser to the session's ``url``.
        """
        return checkout.create_for_subscriber(
            cls,
            subscriber,
            success_url=success_url,
            mode=mode,
            price=price,
            quantity=quantity,
            line_items=line_items,
            cancel_url=cancel_url,
            create_customer=create_customer,
            livemode=livemode,
            stripe_account=stripe_account,
            api_key=api_key,
            **params,
        )


class SessionLineItem(StripeModel):
    """One line of a Checkout Session or of a quote (Stripe's ``item`` object).

    Stripe serves these only through their session or quote (``line_items``); the
    list is synced completely, paged past its first ten entries, and lines that left
    it are removed. The item's data does not name its parent: ``session`` or ``quote``
    is set from the list it came in.
    """

    stripe_object = "item"
    listable = False
    stripe_paths: ClassVar[dict[str, str]] = {"product": "price.product"}
    sticky_fields: ClassVar[tuple[str, ...]] = ("session", "quote")

    session = StripeForeignKey(
        "djstripe.Session",
        null=True,
        blank=True,
        related_name="items",
        on_delete=models.CASCADE,
        help_text=_("The Checkout Session this line belongs to."),
    )
    quote = StripeForeignKey(
        "djstripe.Quote",
        null=True,
        blank=True,
        related_name="items",
        on_delete=models.CASCADE,
        help_text=_("The quote this line belongs to."),
    )
    price = StripeForeignKey(
        "djstripe.Price",
        null=True,
        blank=True,
        related_name="session_line_items",
        on_delete=models.SET_NULL,
    )
    product = StripeForeignKey(
        "djstripe.Product",
        null=True,
        blank=True,
        related_name="session_line_items",
        on_delete=models.SET_NULL,
    )
    quantity = models.BigIntegerField(null=True, blank=True)
    amount_subtotal = StripeQuantumCurrencyAmountField(null=True, blank=True)
    amount_discount = StripeQuantumCurrencyAmountField(null=True, blank=True)
    amount_tax = StripeQuantumCurrencyAmountField(null=True, blank=True)
    amount_total = StripeQuantumCurrencyAmountField(null=True, blank=True, db_index=True)
    currency = StripeCurrencyCodeField(default="", blank=True)

    adjustable_quantity = StripeProperty()
    discounts = StripeProperty()
    taxes = StripeProperty()

    class Meta(StripeModel.Meta):
        verbose_name = _("Checkout Session line item")
        ordering = ["djstripe_id"]

    def __str__(self) -> str:
        return f"{self.quantity or 1} × {self.description or self.price_id or self.id}"
