"""Payment methods (the current API's way to store a card, a bank account, a wallet)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from .. import sync
from ..fields import StripeEnumField, StripeForeignKey
from ..properties import StripeProperty
from .base import StripeModel
from .moved import lend


class PaymentMethod(StripeModel):
    """A customer's payment instrument (``pm_...``; legacy ``card_...`` ids retrieve too)."""

    stripe_object = "payment_method"
    api_path = "/v1/payment_methods"
    stripe_dashboard_item_name = "payment_methods"
    listable = False  # Stripe lists payment methods per customer
    # GET /v1/payment_methods without ``customer`` returns Treasury ones only; the
    # backfill reads this list per customer when asked (one request per customer).
    parent_field: ClassVar[str] = "customer"
    nested_path: ClassVar[str] = "/v1/customers/{id}/payment_methods"
    stripe_paths: ClassVar[dict[str, str]] = {
        "card_brand": "card.brand",
        "card_last4": "card.last4",
        "card_exp_month": "card.exp_month",
        "card_exp_year": "card.exp_year",
        "card_fingerprint": "card.fingerprint",
        "billing_email": "billing_details.email",
    }

    customer = StripeForeignKey(
        "djstripe.Customer",
        null=True,
        blank=True,
        related_name="payment_methods",
        on_delete=models.SET_NULL,
    )
    type = StripeEnumField(default="", blank=True, db_index=True)
    card_brand = models.CharField(max_length=64, default="", blank=True)
    card_last4 = models.CharField(max_length=4, default="", blank=True)
    card_exp_month = models.PositiveSmallIntegerField(null=True, blank=True)
    card_exp_year = models.PositiveSmallIntegerField(null=True, blank=True)
    card_fingerprint = models.CharField(max_length=64, default="", blank=True, db_index=True)
    billing_email = models.CharField(max_length=255, default="", blank=True)
    allow_redisplay = StripeEnumField(default="", blank=True)

    billing_details = StripeProperty()
    card = StripeProperty()
    customer_account = StripeProperty()
    card_country = StripeProperty("card.country")
    card_funding = StripeProperty("card.funding")
    card_wallet = StripeProperty("card.wallet")
    acss_debit = StripeProperty()
    affirm = StripeProperty()
    afterpay_clearpay = StripeProperty()
    alipay = StripeProperty()
    alma = StripeProperty()
    amazon_pay = StripeProperty()
    au_becs_debit = StripeProperty()
    bacs_debit = StripeProperty()
    bancontact = StripeProperty()
    billie = StripeProperty()
    bizum = StripeProperty()
    blik = StripeProperty()
    boleto = StripeProperty()
    card_present = StripeProperty()
    cashapp = StripeProperty()
    crypto = StripeProperty()
    custom = StripeProperty()
    customer_balance = StripeProperty()
    eps = StripeProperty()
    fpx = StripeProperty()
    giropay = StripeProperty()
    grabpay = StripeProperty()
    ideal = StripeProperty()
    interac_present = StripeProperty()
    kakao_pay = StripeProperty()
    klarna = StripeProperty()
    konbini = StripeProperty()
    kr_card = StripeProperty()
    link = StripeProperty()
    mb_way = StripeProperty()
    mobilepay = StripeProperty()
    multibanco = StripeProperty()
    naver_pay = StripeProperty()
    nz_bank_account = StripeProperty()
    oxxo = StripeProperty()
    p24 = StripeProperty()
    pay_by_bank = StripeProperty()
    payco = StripeProperty()
    paynow = StripeProperty()
    paypal = StripeProperty()
    payto = StripeProperty()
    pix = StripeProperty()
    promptpay = StripeProperty()
    radar_options = StripeProperty()
    revolut_pay = StripeProperty()
    samsung_pay = StripeProperty()
    satispay = StripeProperty()
    scalapay = StripeProperty()
    sepa_debit = StripeProperty()
    sofort = StripeProperty()
    sunbit = StripeProperty()
    swish = StripeProperty()
    twint = StripeProperty()
    upi = StripeProperty()
    us_bank_account = StripeProperty()
    wechat_pay = StripeProperty()
    zip = StripeProperty()

    class Meta(StripeModel.Meta):
        verbose_name = _("payment method")

    def __str__(self) -> str:
        if self.type == "card" and self.card_last4:
            return f"{self.card_brand or 'card'} •••• {self.card_last4}"
        return f"{self.type or 'payment method'} {self.id}"

    def details(self) -> Any:
        """The type-specific part of the object (``card``, ``sepa_debit``, ...)."""
        return (self.stripe_data or {}).get(self.type)

    def get_stripe_dashboard_url(self) -> str:
        """Payment methods are shown on their customer's page."""
        if self.customer_id and self.customer is not None:
            return self.customer.get_stripe_dashboard_url()
        return ""

    @classmethod
    def attach(
        cls,
        payment_method: str | PaymentMethod,
        customer: str | StripeModel,
        api_key: str | None = None,
        stripe_account: str | None = None,
    ) -> PaymentMethod:
        """Attach a payment method to a customer on Stripe; return the synced row.

        A customer row gives its own key and account (a connected account's customer).
        """
        from .. import settings as djstripe_settings
        from ..helpers import calls

        if isinstance(customer, StripeModel):
            api_key = api_key or customer.default_api_key
            stripe_account = stripe_account or customer._stripe_account_id()
        key = api_key or djstripe_settings.secret_key()
        path = f"{cls.retrieve_path(calls.stripe_id(payment_method))}/attach"
        params = {"customer": calls.stripe_id(customer)}
        return calls.write(cls, "post", path, params, api_key=key, stripe_account=stripe_account)

    def detach(self) -> bool:
        """Detach from the customer on Stripe; return False when it was not attached.

        Detaching a legacy ``card_...`` payment method deletes the card on Stripe, so
        its :class:`~djstripe.models.Card` row is removed too.
        """
        import stripe

        from ..helpers import calls

        key = self.default_api_key
        account = self._stripe_account_id()
        try:
            response = calls.send(
                "post",
                f"{self.retrieve_path(self.id)}/detach",
                api_key=key,
                stripe_account=account,
            )
        except stripe.InvalidRequestError:
            return False
        calls.sync(type(self), response, api_key=key, stripe_account=account)
        if self.id.startswith("card_"):
            from .sources import Card

            sync.sync_deleted(Card, self.id, response.stamp, api_key=key, stripe_account=account)
        return True


# dj-stripe 2.11 kept the legacy sources in ``djstripe.models.payment_methods`` (:mod:`.moved`).
__getattr__, __dir__ = lend(
    __name__,
    globals(),
    {"BankAccount", "Card", "DjstripePaymentMethod", "Source", "SourceTransaction"},
)
