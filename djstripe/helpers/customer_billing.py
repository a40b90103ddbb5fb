"""What a customer is billed: subscriptions, one-off charges, invoice items, invoices.

:class:`CustomerBillingHelpers` is part of the methods of
:class:`~djstripe.models.Customer` (see :mod:`djstripe.helpers.customers`).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

import stripe
from django.db.models import Q, QuerySet
from django.utils import timezone

from .. import stripe_api
from ..billing import tax
from ..currency import to_minor_units
from ..exceptions import MultipleSubscriptionException
from . import calls
from .calls import stripe_id

if TYPE_CHECKING:
    from ..models import Charge, InvoiceItem, Subscription

#: Statuses of subscriptions the customer is not (yet, or any more) paying for.
NOT_VALID_STATUSES = ("canceled", "incomplete", "incomplete_expired")


class CustomerBillingHelpers:
    """Billing methods of :class:`~djstripe.models.Customer`."""

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
        params = tax.apply_to_subscription({"customer": self.id, "items": lines, **kwargs})
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
