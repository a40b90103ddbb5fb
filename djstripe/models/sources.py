"""Legacy payment sources: cards, bank accounts and Sources, behind one polymorphic base.

Before PaymentMethods, a customer paid with a *source*: a ``card_...``, a
``ba_...`` or a ``src_...`` object, all listed together in ``customer.sources``
and referenced by ``customer.default_source`` and ``charge.source``. Stripe still
serves them (and Connect external accounts are cards and bank accounts), so they
are mirrored as children of :class:`DjstripePaymentMethod`, a django-polymorphic
multi-table base that holds the columns every source has. A reference to the base
(``charge.source``) therefore returns the concrete Card, BankAccount or Source.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.db.models.fields.json import KeyTextTransform
from django.utils.translation import gettext_lazy as _
from polymorphic.managers import PolymorphicManager
from polymorphic.models import PolymorphicModel
from polymorphic.query import PolymorphicQuerySet

from ..enums import (
    BankAccountStatus,
    CardFundingType,
    SourceFlow,
    SourceStatus,
    SourceTransactionStatus,
    SourceUsage,
)
from ..fields import (
    StripeCurrencyCodeField,
    StripeDecimalCurrencyAmountField,
    StripeEnumField,
    StripeForeignKey,
    StripeQuantumCurrencyAmountField,
)
from ..properties import StripeProperty
from .base import StripeModel
from .managers import StripeModelQuerySet


class PaymentSourceQuerySet(PolymorphicQuerySet, StripeModelQuerySet):
    """Polymorphic rows (each the concrete Card, BankAccount or Source) with the usual filters."""


class PaymentSourceManager(PolymorphicManager.from_queryset(PaymentSourceQuerySet)):  # type: ignore[misc]
    queryset_class = PaymentSourceQuerySet


class DjstripePaymentMethod(PolymorphicModel, StripeModel):
    """Any legacy payment source (dj-stripe's name for the table sources are reached through).

    Rows are always one of the subclasses; querying the base returns the concrete
    objects (``customer.sources.all()`` yields Cards, BankAccounts and Sources).
    """

    # Not a Stripe object of its own: references to it are dispatched to a subclass
    # by the referenced object's ``object`` value or by its id prefix.
    stripe_object = ""
    id_prefixes: ClassVar[tuple[str, ...]] = ()
    """Stripe id prefixes of the subclass's objects (``card_``)."""

    customer = StripeForeignKey(
        "djstripe.Customer",
        null=True,
        blank=True,
        related_name="sources",
        on_delete=models.SET_NULL,
        help_text=_("The customer the source is attached to."),
    )

    objects = PaymentSourceManager()
    stripe_objects = PaymentSourceManager()

    class Meta(StripeModel.Meta):
        verbose_name = _("payment source")
        base_manager_name = "objects"

    @classmethod
    def from_stripe_object(cls, data: Any) -> DjstripePaymentMethod:
        """Mirror a card, bank account or Source (by its ``object``) and return the row
        (dj-stripe's entry point; the row is the concrete Card, BankAccount or Source)."""
        from ..sync import model_for_object

        model = model_for_object(data.get("object"))
        if model is None or not issubclass(model, DjstripePaymentMethod):
            from ..exceptions import InvalidStripeDataError

            raise InvalidStripeDataError(
                f"A legacy source is a card, bank_account or source, not {data.get('object')!r}."
            )
        return model.sync_from_stripe_data(data)

    @property
    def object_model(self) -> type:
        """The concrete model of this source (dj-stripe compatibility)."""
        return type(self.resolve())

    def resolve(self) -> DjstripePaymentMethod:
        """The concrete Card, BankAccount or Source (dj-stripe compatibility)."""
        real = self.get_real_instance()
        return real if real is not None else self

    @classmethod
    def after_sync(cls, stripe_ids: list[str], *, using: str) -> None:
        """Link customers whose stored data names one of these sources as default.

        Stripe sends ``customer.default_source`` as a bare id that cannot be
        fetched without its customer, so a customer synced before its card keeps
        the id in ``stripe_data`` and gets the link when the card arrives.
        """
        from .core import Customer

        Customer._base_manager.using(using).filter(
            default_source__isnull=True, stripe_data__default_source__in=stripe_ids
        ).update(default_source_id=KeyTextTransform("default_source", "stripe_data"))

    def _customer_path(self) -> str:
        if not self.customer_id:
            from ..exceptions import ImpossibleAPIRequest

            raise ImpossibleAPIRequest(f"{self.id} is not attached to a customer.")
        from .. import stripe_api

        return stripe_api.path(
            "/v1/customers/{customer}/sources/{id}", customer=self.customer_id, id=self.id
        )


class ExternalAccountFields(models.Model):
    """What cards and bank accounts share: they also serve as Connect external accounts
    (``account`` is declared by each, for its own related name)."""

    fingerprint = models.CharField(max_length=64, default="", blank=True, db_index=True)
    last4 = models.CharField(max_length=4, default="", blank=True)
    country = models.CharField(max_length=2, default="", blank=True)

    default_for_currency = StripeProperty()

    class Meta:
        abstract = True

    def retrieve_path_of_instance(self) -> str:
        """Where Stripe serves this object: under its customer or its account."""
        if self.account_id:
            from .. import stripe_api

            return stripe_api.path(
                "/v1/accounts/{account}/external_accounts/{id}", account=self.account_id, id=self.id
            )
        return self._customer_path()  # type: ignore[attr-defined]

    def api_retrieve(self, api_key: str | None = None, stripe_account: str | None = None) -> Any:
        from .. import stripe_api

        data, _ = stripe_api.retrieve(
            self.retrieve_path_of_instance(),
            api_key=api_key or self.default_api_key,  # type: ignore[attr-defined]
            stripe_account=stripe_account,
        )
        return stripe_api.to_stripe_object(data)

    def _api_delete(self, api_key: str | None = None, **params: Any) -> Any:
        from .. import stripe_api

        return stripe_api.to_stripe_object(
            stripe_api.delete(
                self.retrieve_path_of_instance(),
                params,
                api_key=api_key or self.default_api_key,  # type: ignore[attr-defined]
                stripe_account=params.pop("stripe_account", None),
            )
        )


class Card(ExternalAccountFields, DjstripePaymentMethod):
    """A card saved on a customer (``card_...``) or a debit card external account."""

    stripe_object = "card"
    id_prefixes = ("card_",)
    listable = False  # listed per customer or per account

    account = StripeForeignKey(
        "djstripe.Account",
        null=True,
        blank=True,
        related_name="cards",
        on_delete=models.CASCADE,
        help_text=_("The connected account this card is an external account of."),
    )
    brand = StripeEnumField(default="", blank=True, db_index=True)
    exp_month = models.PositiveSmallIntegerField(null=True, blank=True)
    exp_year = models.PositiveSmallIntegerField(null=True, blank=True)
    funding = StripeEnumField(enum=CardFundingType, default="", blank=True)
    status = StripeEnumField(default="", blank=True, db_index=True)
    regulated_status = StripeEnumField(default="", blank=True)
    allow_redisplay = StripeEnumField(default="", blank=True)
    currency = StripeCurrencyCodeField(default="", blank=True)

    address_city = StripeProperty()
    address_country = StripeProperty()
    address_line1 = StripeProperty()
    address_line1_check = StripeProperty()
    address_line2 = StripeProperty()
    address_state = StripeProperty()
    address_zip = StripeProperty()
    address_zip_check = StripeProperty()
    cvc_check = StripeProperty()
    dynamic_last4 = StripeProperty()
    name = StripeProperty()
    tokenization_method = StripeProperty()
    available_payout_methods = StripeProperty(default=())
    iin = StripeProperty()
    networks = StripeProperty()

    class Meta(DjstripePaymentMethod.Meta):
        verbose_name = _("card")

    def __str__(self) -> str:
        if self.last4:
            return f"{self.brand or 'Card'} •••• {self.last4}"
        return super().__str__()

    @classmethod
    def create_token(
        cls,
        number: str,
        exp_month: int,
        exp_year: int,
        cvc: str,
        api_key: str | None = None,
        **kwargs: Any,
    ) -> Any:
        """A card token (``POST /v1/tokens``) for tests (dj-stripe's helper). Stripe
        accepts raw card numbers only from accounts allowed to send them."""
        from .. import settings as djstripe_settings
        from .. import stripe_api

        card = {"number": number, "exp_month": exp_month, "exp_year": exp_year, "cvc": cvc}
        card.update(kwargs)
        key = api_key or djstripe_settings.secret_key()
        return stripe_api.to_stripe_object(
            stripe_api.create("/v1/tokens", {"card": card}, api_key=key)
        )


class BankAccount(ExternalAccountFields, DjstripePaymentMethod):
    """A bank account saved on a customer (``ba_...``) or a Connect payout destination."""

    stripe_object = "bank_account"
    id_prefixes = ("ba_",)
    listable = False

    account = StripeForeignKey(
        "djstripe.Account",
        null=True,
        blank=True,
        related_name="bank_accounts",
        on_delete=models.CASCADE,
        help_text=_("The connected account this bank account is an external account of."),
    )
    bank_name = models.CharField(max_length=255, default="", blank=True)
    routing_number = models.CharField(max_length=255, default="", blank=True)
    status = StripeEnumField(enum=BankAccountStatus, default="", blank=True, db_index=True)
    currency = StripeCurrencyCodeField(default="", blank=True)

    account_holder_name = StripeProperty()
    account_holder_type = StripeProperty()
    account_type = StripeProperty()
    available_payout_methods = StripeProperty(default=())
    future_requirements = StripeProperty()
    requirements = StripeProperty()

    class Meta(DjstripePaymentMethod.Meta):
        verbose_name = _("bank account")

    def __str__(self) -> str:
        if self.last4:
            return f"{self.bank_name or 'Bank account'} •••• {self.last4}"
        return super().__str__()

    @property
    def human_readable_status(self) -> str:
        if self.status == "verification_failed":
            return "Verification failed"
        return (self.status or "").replace("_", " ").capitalize()


class Source(DjstripePaymentMethod):
    """A Sources API object (``src_...``): deprecated by Stripe, still served."""

    stripe_object = "source"
    id_prefixes = ("src_",)
    api_path = "/v1/sources"
    listable = False  # Stripe lists sources only per customer
    stripe_dashboard_item_name = "sources"

    type = StripeEnumField(default="", blank=True, db_index=True)
    status = StripeEnumField(enum=SourceStatus, default="", blank=True, db_index=True)
    flow = StripeEnumField(enum=SourceFlow, default="", blank=True)
    usage = StripeEnumField(enum=SourceUsage, default="", blank=True)
    amount = StripeQuantumCurrencyAmountField(null=True, blank=True)
    currency = StripeCurrencyCodeField(default="", blank=True)
    allow_redisplay = StripeEnumField(default="", blank=True)

    client_secret = StripeProperty()
    code_verification = StripeProperty()
    owner = StripeProperty()
    receiver = StripeProperty()
    redirect = StripeProperty()
    statement_descriptor = StripeProperty()
    ach_credit_transfer = StripeProperty()
    ach_debit = StripeProperty()
    acss_debit = StripeProperty()
    alipay = StripeProperty()
    au_becs_debit = StripeProperty()
    bancontact = StripeProperty()
    card_present = StripeProperty()
    eps = StripeProperty()
    giropay = StripeProperty()
    ideal = StripeProperty()
    klarna = StripeProperty()
    multibanco = StripeProperty()
    p24 = StripeProperty()
    sepa_debit = StripeProperty()
    sofort = StripeProperty()
    source_order = StripeProperty()
    three_d_secure = StripeProperty()
    wechat = StripeProperty()

    class Meta(DjstripePaymentMethod.Meta):
        verbose_name = _("source")

    def __str__(self) -> str:
        return f"{self.type or 'source'} {self.id}"

    @property
    def source_data(self) -> Any:
        """The type-specific part of the object (``card``, ``ach_credit_transfer``, ...)."""
        return (self.stripe_data or {}).get(self.type)

    def detach(self) -> bool:
        """Detach the source from its customer; return whether Stripe detached it."""
        import stripe

        from .. import stripe_api

        try:
            data = stripe_api.delete(
                self._customer_path(), api_key=self.default_api_key, stripe_account=None
            )
        except (stripe.InvalidRequestError, NotImplementedError):
            return False
        type(self).sync_from_stripe_data(data, api_key=self.default_api_key)
        return True


class SourceTransaction(StripeModel):
    """A payment received by a ``receiver``-flow Source (``srctxn_...``)."""

    stripe_object = "source_transaction"
    listable = False  # listed under /v1/sources/{id}/source_transactions
    stripe_dashboard_item_name = "source_transactions"

    # A foreign key can only target a column of the model's own table, so this points at
    # the base; the row it returns is the concrete Source.
    source = StripeForeignKey(
        "djstripe.DjstripePaymentMethod",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
    )
    amount = StripeDecimalCurrencyAmountField(null=True, blank=True)
    currency = StripeCurrencyCodeField(default="", blank=True)
    status = StripeEnumField(enum=SourceTransactionStatus, default="", blank=True)
    type = StripeEnumField(default="", blank=True)
    customer_data = StripeProperty()
    ach_credit_transfer = StripeProperty()
    chf_credit_transfer = StripeProperty()
    gbp_credit_transfer = StripeProperty()
    paper_check = StripeProperty()
    sepa_credit_transfer = StripeProperty()

    class Meta(StripeModel.Meta):
        verbose_name = _("source transaction")
