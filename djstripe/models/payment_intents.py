"""PaymentIntents and SetupIntents (the current payment flows) and the mandates they create."""

from __future__ import annotations

__all__ = ["Mandate", "PaymentIntent", "SetupIntent"]

from typing import Any, ClassVar

from django.apps import apps
from django.db import models
from django.utils.translation import gettext_lazy as _

from .. import stripe_api
from ..currency import format_amount, to_major_units
from ..enums import (
    CaptureMethod,
    IntentUsage,
    MandateStatus,
    MandateType,
    PaymentIntentCancellationReason,
    PaymentIntentStatus,
    SetupIntentStatus,
)
from ..fields import (
    StripeCurrencyCodeField,
    StripeDateTimeField,
    StripeEnumField,
    StripeForeignKey,
    StripeQuantumCurrencyAmountField,
    stripe_id_of,
)
from ..properties import StripeProperty
from .base import ChildList, StripeModel


class PaymentIntent(StripeModel):
    """A payment from creation to success (``pi_...``)."""

    stripe_object = "payment_intent"
    terminal_statuses = frozenset({"canceled", "succeeded"})  # final in Stripe
    api_path = "/v1/payment_intents"
    list_split = True
    stripe_dashboard_item_name = "payments"
    child_lists: ClassVar[tuple[ChildList, ...]] = (
        # Embedded until 2022-11-15 (then ``latest_charge``). Charges are never deleted
        # and never leave their PaymentIntent, so there is nothing to prune.
        ChildList(
            "charges",
            "Charge",
            parent_field="payment_intent",
            nested_path="/v1/charges?payment_intent={id}",
            prune=False,
        ),
    )

    amount = StripeQuantumCurrencyAmountField(null=True, blank=True, db_index=True)
    amount_capturable = StripeQuantumCurrencyAmountField(null=True, blank=True)
    amount_received = StripeQuantumCurrencyAmountField(null=True, blank=True)
    currency = StripeCurrencyCodeField(default="", blank=True, db_index=True)
    status = StripeEnumField(enum=PaymentIntentStatus, default="", blank=True, db_index=True)
    capture_method = StripeEnumField(enum=CaptureMethod, default="", blank=True)
    canceled_at = StripeDateTimeField(null=True, blank=True)
    cancellation_reason = StripeEnumField(
        enum=PaymentIntentCancellationReason, default="", blank=True
    )
    customer = StripeForeignKey(
        "djstripe.Customer", null=True, blank=True, on_delete=models.SET_NULL
    )
    payment_method = StripeForeignKey(
        "djstripe.PaymentMethod", null=True, blank=True, on_delete=models.SET_NULL
    )
    latest_charge = StripeForeignKey(
        "djstripe.Charge", null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    on_behalf_of = StripeForeignKey(
        "djstripe.Account",
        null=True,
        blank=True,
        related_name="payment_intents",
        on_delete=models.SET_NULL,
    )
    application_fee_amount = StripeQuantumCurrencyAmountField(null=True, blank=True)
    confirmation_method = StripeEnumField(default="", blank=True)
    setup_future_usage = StripeEnumField(default="", blank=True)
    review = StripeForeignKey(
        "djstripe.Review",
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
        help_text=_("The Radar review of the PaymentIntent."),
    )

    amount_details = StripeProperty()
    application = StripeProperty()
    automatic_payment_methods = StripeProperty()
    client_secret = StripeProperty()
    last_payment_error = StripeProperty()
    next_action = StripeProperty()
    payment_method_options = StripeProperty()
    payment_method_types = StripeProperty(default=())
    processing = StripeProperty()
    receipt_email = StripeProperty()
    shipping = StripeProperty()
    statement_descriptor = StripeProperty()
    statement_descriptor_suffix = StripeProperty()
    transfer_data = StripeProperty()
    transfer_group = StripeProperty()
    customer_account = StripeProperty()
    excluded_payment_method_types = StripeProperty(default=())
    hooks = StripeProperty()
    managed_payments = StripeProperty()
    payment_details = StripeProperty()
    payment_method_configuration_details = StripeProperty()
    presentment_details = StripeProperty()

    class Meta(StripeModel.Meta):
        verbose_name = _("payment intent")

    def __str__(self) -> str:
        amount = format_amount(to_major_units(self.amount, self.currency), self.currency)
        return f"{amount} ({(self.status or '').replace('_', ' ')})"

    @property
    def invoice(self) -> Any:
        """The invoice this PaymentIntent pays, if mirrored.

        ``invoice`` left PaymentIntents in 2025-03-31.basil; the invoice names its
        PaymentIntent on every version (``Invoice.payment_intent``), so that is asked
        first, then the id older payloads carry.
        """
        try:
            model = apps.get_model("djstripe", "Invoice")
        except LookupError:
            return None
        names = {field.name for field in model._meta.concrete_fields}
        found = None
        if "payment_intent" in names:
            # The key points at PaymentIntent.id (a string); django-stubs assumes the pk.
            found = model._base_manager.filter(payment_intent_id=self.id).first()  # type: ignore[misc]
        ref = stripe_id_of((self.stripe_data or {}).get("invoice"))
        if found is None and ref:
            found = model._base_manager.filter(id=ref).first()
        return found

    def update(
        self, api_key: str | None = None, stripe_account: str | None = None, **params: Any
    ) -> PaymentIntent:
        """Update the PaymentIntent on Stripe and return the synced row."""
        return self._act("", params, api_key, stripe_account)

    def _api_cancel(self, api_key: str | None = None, **params: Any) -> Any:
        """Cancel on Stripe; return Stripe's object (dj-stripe's contract)."""
        return self._post("/cancel", params, api_key)

    def _api_confirm(self, api_key: str | None = None, **params: Any) -> Any:
        """Confirm on Stripe; return Stripe's object (dj-stripe's contract)."""
        return self._post("/confirm", params, api_key)

    def cancel(self, api_key: str | None = None, **params: Any) -> PaymentIntent:
        """Cancel the PaymentIntent and return the synced row."""
        return self._act("/cancel", params, api_key, None)

    def confirm(self, api_key: str | None = None, **params: Any) -> PaymentIntent:
        """Confirm the PaymentIntent and return the synced row."""
        return self._act("/confirm", params, api_key, None)

    def capture(self, api_key: str | None = None, **params: Any) -> PaymentIntent:
        """Capture an authorized PaymentIntent and return the synced row."""
        return self._act("/capture", params, api_key, None)

    def _post(self, action: str, params: dict[str, Any], api_key: str | None) -> Any:
        account = params.pop("stripe_account", None) or self._stripe_account_id()
        return stripe_api.to_stripe_object(
            stripe_api.create(
                f"{self.retrieve_path(self.id)}{action}",
                params,
                api_key=api_key or self.default_api_key,
                stripe_account=account,
            )
        )

    def _act(
        self, action: str, params: dict[str, Any], api_key: str | None, account: str | None
    ) -> PaymentIntent:
        if account:
            params["stripe_account"] = account
        account = params.get("stripe_account") or self._stripe_account_id()
        key = api_key or self.default_api_key
        data = self._post(action, params, key)
        return type(self).sync_from_stripe_data(data, key, stripe_account=account)


class SetupIntent(StripeModel):
    """Saving a payment method for later payments (``seti_...``)."""

    stripe_object = "setup_intent"
    terminal_statuses = frozenset({"canceled", "succeeded"})  # final in Stripe
    api_path = "/v1/setup_intents"
    stripe_dashboard_item_name = "setup_intents"

    status = StripeEnumField(enum=SetupIntentStatus, default="", blank=True, db_index=True)
    usage = StripeEnumField(enum=IntentUsage, default="", blank=True)
    customer = StripeForeignKey(
        "djstripe.Customer", null=True, blank=True, on_delete=models.SET_NULL
    )
    payment_method = StripeForeignKey(
        "djstripe.PaymentMethod", null=True, blank=True, on_delete=models.SET_NULL
    )
    mandate = StripeForeignKey(
        "djstripe.Mandate", null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    on_behalf_of = StripeForeignKey(
        "djstripe.Account",
        null=True,
        blank=True,
        related_name="setup_intents",
        on_delete=models.SET_NULL,
    )
    cancellation_reason = StripeEnumField(default="", blank=True)
    single_use_mandate = StripeForeignKey(
        "djstripe.Mandate",
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
        help_text=_("The mandate of a single-use setup."),
    )

    application = StripeProperty()
    client_secret = StripeProperty()
    flow_directions = StripeProperty()
    last_setup_error = StripeProperty()
    latest_attempt = StripeProperty()
    next_action = StripeProperty()
    payment_method_options = StripeProperty()
    payment_method_types = StripeProperty(default=())
    attach_to_self = StripeProperty()
    automatic_payment_methods = StripeProperty()
    customer_account = StripeProperty()
    excluded_payment_method_types = StripeProperty(default=())
    managed_payments = StripeProperty()
    payment_method_configuration_details = StripeProperty()

    class Meta(StripeModel.Meta):
        verbose_name = _("setup intent")

    def __str__(self) -> str:
        return f"{self.id} ({(self.status or '').replace('_', ' ')})"


class Mandate(StripeModel):
    """A customer's permission to debit a payment method (``mandate_...``)."""

    stripe_object = "mandate"
    api_path = "/v1/mandates"
    listable = False  # Stripe only retrieves mandates by id

    status = StripeEnumField(enum=MandateStatus, default="", blank=True, db_index=True)
    type = StripeEnumField(enum=MandateType, default="", blank=True)
    payment_method = StripeForeignKey(
        "djstripe.PaymentMethod", null=True, blank=True, on_delete=models.SET_NULL
    )

    customer_acceptance = StripeProperty()
    multi_use = StripeProperty()
    single_use = StripeProperty()
    payment_method_details = StripeProperty()
    on_behalf_of = StripeProperty()

    class Meta(StripeModel.Meta):
        verbose_name = _("mandate")

    def __str__(self) -> str:
        return f"{self.type or 'mandate'} {self.id} ({self.status})"
