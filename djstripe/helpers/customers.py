"""What users do with a customer: create it for a subscriber, subscribe, charge, ...

:class:`CustomerHelpers` is mixed into :class:`~djstripe.models.Customer`; the
names and signatures are dj-stripe's. Writes go to Stripe first, and the object
Stripe answers with is synced before the method returns.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

import stripe
from django.db.models import Q, QuerySet
from django.utils import timezone

from .. import settings as djstripe_settings
from .. import stripe_api
from ..currency import to_minor_units
from ..exceptions import MultipleSubscriptionException
from . import calls
from .calls import stripe_id

if TYPE_CHECKING:
    from ..models import Charge, Customer, InvoiceItem, PaymentMethod, Subscription

#: Statuses of subscriptions the customer is not (yet, or any more) paying for.
NOT_VALID_STATUSES = ("canceled", "incomplete", "incomplete_expired")


def _mode(livemode: bool | None) -> bool:
    return djstripe_settings.live_mode() if livemode is None else bool(livemode)


def _full_name(subscriber: Any) -> str | None:
    get_full_name = getattr(subscriber, "get_full_name", None)
    name = get_full_name() if callable(get_full_name) else None
    return name or None


def idempotency_action(subscriber: Any) -> str:
    """The action name of the idempotency key used to create a subscriber's customer."""
    return f"create:{subscriber.pk}"


class CustomerHelpers:
    """Methods of :class:`~djstripe.models.Customer` (see the module docstring)."""

    if TYPE_CHECKING:  # provided by the model
        id: str
        currency: str
        deleted: bool
        subscriber_id: Any
        default_payment_method_id: str | None
        default_source_id: str | None
        subscriptions: Any
        invoices: Any
        objects: Any
        api_path: str
        default_api_key: str

        @classmethod
        def retrieve_path(cls, stripe_id: str) -> str: ...
        def refresh_from_db(self) -> None: ...
        def _stripe_account_id(self) -> str | None: ...

    # ---- Creating ----
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
        livemode = _mode(livemode)
        existing = cls.for_subscriber(subscriber, livemode=livemode, stripe_account=stripe_account)
        if existing is not None:
            return existing, False
        key = djstripe_settings.idempotency_key_callback()(
            "customer", idempotency_action(subscriber), livemode
        )
        customer = cls.create(
            subscriber,
            idempotency_key=key,
            stripe_account=stripe_account,
            livemode=livemode,
            api_key=api_key,
            **kwargs,
        )
        return customer, True

    @classmethod
    def for_subscriber(
        cls, subscriber: Any, *, livemode: bool | None = None, stripe_account: str | None = None
    ) -> Customer | None:
        """The subscriber's (not deleted) customer in this mode, newest first, if any."""
        rows = cls.objects.filter(subscriber=subscriber, livemode=_mode(livemode), deleted=False)
        if stripe_account:
            rows = rows.filter(djstripe_owner_account_id=stripe_account)
        return rows.order_by("-created", "-djstripe_id").first()

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
        livemode = _mode(livemode)
        key = api_key or djstripe_settings.default_api_key(livemode)
        metadata = dict(metadata or {})
        subscriber_key = djstripe_settings.subscriber_customer_key()
        if subscriber_key:
            metadata[subscriber_key] = str(subscriber.pk)
        params: dict[str, Any] = {
            "email": getattr(subscriber, "email", None) or None,
            "name": _full_name(subscriber),
        }
        params.update(kwargs)
        params["metadata"] = metadata
        customer = calls.write(
            cls,
            "post",
            cls.api_path,
            params,
            api_key=key,
            stripe_account=stripe_account,
            idempotency_key=idempotency_key,
        )
        if customer.subscriber_id != subscriber.pk:  # the metadata link is disabled
            type(customer)._base_manager.filter(pk=customer.pk).update(subscriber=subscriber)
            customer.subscriber = subscriber
        return customer

    # ---- Billing ----
    def subscribe(
        self, *, items: list[Any] | None = None, price: Any = None, **kwargs: Any
    ) -> Subscription:
        """Subscribe the customer to ``price``, or to every entry of ``items``.

        ``items`` are Stripe's subscription items (``{"price": ..., "quantity": 2}``;
        a :class:`~djstripe.models.Price` is accepted wherever an id is). Other keyword
        arguments (``trial_period_days``, ``payment_behavior``, ...) go to Stripe.
        """
        from ..models import Subscription

        if items and price:
            raise TypeError("subscribe() takes items= or price=, not both.")
        if not items and not price:
            raise TypeError("subscribe() needs items= or price=.")
        lines = [{"price": stripe_id(price)}] if price else [_subscription_item(i) for i in items]
        api_key, account = calls.routing(self, kwargs)
        params = {"customer": self.id, "items": lines, **kwargs}
        return calls.write(
            Subscription,
            "post",
            Subscription.api_path,
            params,
            api_key=api_key,
            stripe_account=account,
        )

    def charge(
        self,
        amount: Decimal,
        *,
        application_fee: Decimal | None = None,
        source: Any = None,
        **kwargs: Any,
    ) -> Charge:
        """Charge the customer ``amount`` (a Decimal in major units, ``Decimal("9.99")``).

        ``currency`` defaults to the customer's. Amounts are converted with the
        currency's exponent (zero-decimal currencies such as JPY are sent as is).
        ``source`` is a card, source or payment-method id or row; without it Stripe
        charges the default source.
        """
        from ..models import Charge

        if not isinstance(amount, Decimal):
            raise ValueError("amount must be a Decimal in the currency's major unit.")
        api_key, account = calls.routing(self, kwargs)
        currency = kwargs.pop("currency", None) or self.currency or None
        params = {
            "customer": self.id,
            "amount": to_minor_units(amount, currency),
            "currency": currency,
            "source": stripe_id(source),
            **kwargs,
        }
        if application_fee is not None:
            params["application_fee_amount"] = to_minor_units(application_fee, currency)
        return calls.write(
            Charge, "post", Charge.api_path, params, api_key=api_key, stripe_account=account
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
    ) -> InvoiceItem:
        """Add a charge (or, negative, a credit) to the customer's next invoice.

        ``amount`` is a Decimal in major units; ``invoice`` and ``subscription`` take
        a row or an id.
        """
        from ..models import InvoiceItem

        if not isinstance(amount, Decimal):
            raise ValueError("amount must be a Decimal in the currency's major unit.")
        params = {
            "customer": self.id,
            "amount": to_minor_units(amount, currency),
            "currency": currency,
            "description": description,
            "discountable": discountable,
            "invoice": stripe_id(invoice),
            "metadata": metadata,
            "subscription": stripe_id(subscription),
        }
        api_key, account = calls.routing(self, {})
        return calls.write(
            InvoiceItem,
            "post",
            InvoiceItem.api_path,
            params,
            api_key=api_key,
            stripe_account=account,
        )

    def add_payment_method(self, payment_method: Any, set_default: bool = True) -> PaymentMethod:
        """Attach an existing payment method (row or ``pm_...`` id) to the customer.

        With ``set_default`` it becomes the default for invoices and subscriptions
        (``invoice_settings.default_payment_method``), and this row is refreshed.
        """
        from ..models import PaymentMethod

        api_key, account = calls.routing(self, {})
        method = calls.write(
            PaymentMethod,
            "post",
            f"{PaymentMethod.api_path}/{stripe_id(payment_method)}/attach",
            {"customer": self.id},
            api_key=api_key,
            stripe_account=account,
        )
        if set_default:
            self._update_on_stripe(
                {"invoice_settings": {"default_payment_method": method.id}}, api_key, account
            )
        return method

    def add_coupon(self, coupon: Any, idempotency_key: str | None = None) -> Customer:
        """Apply a coupon (row or id) to the customer; return the refreshed customer.

        Stripe removed customer-level coupons in API version 2025-03-31.basil; with a
        later pinned version Stripe refuses the request (its error is raised as is):
        pass ``discounts=[{"coupon": ...}]`` to :meth:`subscribe` instead.
        """
        api_key, account = calls.routing(self, {})
        return self._update_on_stripe(
            {"coupon": stripe_id(coupon)}, api_key, account, idempotency_key=idempotency_key
        )

    def _update_on_stripe(
        self,
        params: dict[str, Any],
        api_key: str,
        account: str | None,
        *,
        idempotency_key: str | None = None,
    ) -> Customer:
        row = calls.write(
            type(self),
            "post",
            self.retrieve_path(self.id),
            params,
            api_key=api_key,
            stripe_account=account,
            idempotency_key=idempotency_key,
        )
        self.refresh_from_db()
        return row

    def purge(self) -> None:
        """Delete the customer on Stripe; keep the row, marked deleted and unlinked.

        The row stays (its invoices and charges keep their owner) with ``deleted``
        and ``date_purged`` set and no subscriber. The idempotency key of the
        subscriber's customer creation is forgotten, so ``get_or_create`` makes a
        new customer instead of Stripe replaying the deleted one.
        """
        from ..models import IdempotencyKey
        from ..sync.engine import sync_one
        from ..sync.source import Source

        api_key, account = calls.routing(self, {})
        stamp = None
        try:
            stamp = calls.send(
                "delete",
                self.retrieve_path(self.id),
                api_key=api_key,
                stripe_account=account,
            ).stamp
        except stripe.InvalidRequestError as error:
            if getattr(error, "code", None) != "resource_missing":
                raise  # deleted already on Stripe: mark it here all the same
        subscriber_pk = self.subscriber_id
        sync_one(
            type(self),
            {"id": self.id, "object": "customer", "deleted": True},
            source=Source.api(stamp, api_key=api_key, stripe_account=account),
            deleted=True,
        )
        if subscriber_pk is not None:
            IdempotencyKey.objects.filter(action=f"customer:create:{subscriber_pk}").delete()
        self.refresh_from_db()

    # ---- Subscriptions ----
    def _valid_subscription_rows(self) -> QuerySet:
        """Subscriptions whose status and period are current (``Subscription.is_valid``)."""
        now = timezone.now()
        return self.subscriptions.filter(
            Q(current_period_end__gt=now) | Q(trial_end__gt=now),
            status__in=("active", "trialing"),
        )

    def is_subscribed_to(self, product: Any) -> bool:
        """Whether a valid subscription has an item for ``product`` (row or id)."""
        from ..models import SubscriptionItem

        product_id = stripe_id(product)
        return SubscriptionItem.objects.filter(
            Q(price__product_id=product_id) | Q(plan__product_id=product_id),
            subscription__in=self._valid_subscription_rows(),
        ).exists()

    def has_any_active_subscription(self) -> bool:
        """Whether any subscription's status and period are current."""
        return self._valid_subscription_rows().exists()

    @property
    def active_subscriptions(self) -> QuerySet:
        """Subscriptions with status ``active`` whose current period has not ended."""
        return self.subscriptions.filter(status="active", current_period_end__gt=timezone.now())

    @property
    def valid_subscriptions(self) -> QuerySet:
        """Subscriptions that are not canceled, incomplete or incomplete_expired."""
        return self.subscriptions.exclude(status__in=NOT_VALID_STATUSES)

    @property
    def subscription(self) -> Subscription | None:
        """The customer's one valid subscription, or ``None``.

        Raises :class:`~djstripe.exceptions.MultipleSubscriptionException` when there
        are several: use ``customer.subscriptions`` or ``valid_subscriptions`` then.
        """
        rows = list(self.valid_subscriptions[:2])
        if len(rows) > 1:
            raise MultipleSubscriptionException(
                f"Customer {self.id} has several valid subscriptions; use "
                "customer.valid_subscriptions to choose one."
            )
        return rows[0] if rows else None

    # ---- Invoices ----
    def upcoming_invoice(self, **kwargs: Any) -> Any:
        """A preview of the customer's next invoice (see ``Invoice.upcoming``)."""
        from ..models import Invoice

        kwargs["customer"] = self
        return Invoice.upcoming(**kwargs)

    def send_invoice(self, **kwargs: Any) -> bool:
        """Invoice the customer's pending items now and pay the invoice.

        Returns False when there was nothing to invoice (or Stripe refused the
        invoice); payment failures such as a declined card raise as Stripe reports
        them. Keyword arguments go to Stripe's pay call.
        """
        from ..models import Invoice

        api_key, account = calls.routing(self, kwargs)
        try:
            created = calls.send(
                "post",
                Invoice.api_path,
                {"customer": self.id, "pending_invoice_items_behavior": "include"},
                api_key=api_key,
                stripe_account=account,
            )
        except stripe.InvalidRequestError:
            return False
        invoice_path = Invoice.retrieve_path(created.data["id"])
        if not _has_lines(created.data):
            calls.send("delete", invoice_path, api_key=api_key, stripe_account=account)
            return False
        try:
            paid = calls.send(
                "post", f"{invoice_path}/pay", kwargs, api_key=api_key, stripe_account=account
            )
        except stripe.InvalidRequestError:
            calls.sync(Invoice, created, api_key=api_key, stripe_account=account)
            return False
        calls.sync(Invoice, paid, api_key=api_key, stripe_account=account)
        return True

    def retry_unpaid_invoices(self) -> None:
        """Attempt payment of every open invoice of the customer, as Stripe lists them.

        Each invoice is synced as paid; a declined payment raises Stripe's error.
        """
        from ..models import Invoice

        api_key, account = calls.routing(self, {})
        query = {"customer": self.id, "status": "open"}
        open_ids = [
            invoice["id"]
            for page in stripe_api.pages(
                Invoice.api_path, query, api_key=api_key, stripe_account=account
            )
            for invoice in page.objects
        ]
        for invoice_id in reversed(open_ids):  # oldest first
            path = f"{Invoice.retrieve_path(invoice_id)}/pay"
            calls.write(Invoice, "post", path, api_key=api_key, stripe_account=account)

    def can_charge(self) -> bool:
        """Whether the customer exists and has a default payment method or source."""
        if self.deleted:
            return False
        return bool(self.default_payment_method_id or self.default_source_id)


def _subscription_item(item: Any) -> dict[str, Any]:
    if not isinstance(item, dict):
        return {"price": stripe_id(item)}
    entry = dict(item)
    for name in ("price", "plan"):
        if name in entry:
            entry[name] = stripe_id(entry[name])
    return entry


def _has_lines(invoice: dict[str, Any]) -> bool:
    lines = invoice.get("lines")
    if isinstance(lines, dict):
        return bool(lines.get("data")) or bool(lines.get("total_count"))
    return bool(lines)
