"""What users do with a customer: create it for a subscriber, pay with it, delete it.

:class:`CustomerHelpers` is mixed into :class:`~djstripe.models.Customer`; the
names and signatures are dj-stripe's. Writes go to Stripe first, and the object
Stripe answers with is synced before the method returns. Billing (subscribe,
charge, invoices) is in :mod:`djstripe.helpers.customer_billing`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import stripe

from .. import settings as djstripe_settings
from . import calls
from .billing_portal import BillingPortalHelpers
from .calls import stripe_id
from .customer_billing import CustomerBillingHelpers

if TYPE_CHECKING:
    from ..models import Customer, PaymentMethod


def _mode(livemode: bool | None) -> bool:
    return djstripe_settings.live_mode() if livemode is None else bool(livemode)


def _full_name(subscriber: Any) -> str | None:
    get_full_name = getattr(subscriber, "get_full_name", None)
    name = get_full_name() if callable(get_full_name) else None
    return name or None


def idempotency_action(subscriber: Any) -> str:
    """The action name of the idempotency key used to create a subscriber's customer."""
    return f"create:{subscriber.pk}"


class CustomerHelpers(CustomerBillingHelpers, BillingPortalHelpers):
    """Methods of :class:`~djstripe.models.Customer` (see the module docstring).

    The attributes the model provides are declared once, on ``CustomerBillingHelpers``.
    """

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
        """The subscriber's (not deleted) customer in this mode, newest first, if any.

        ``None`` for a subscriber that is not saved (``AnonymousUser``), without a query.
        """
        if getattr(subscriber, "pk", None) is None:
            return None
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
            f"{PaymentMethod.retrieve_path(stripe_id(payment_method))}/attach",
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
        from ..sync import sync_deleted

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
        sync_deleted(type(self), self.id, stamp, api_key=api_key, stripe_account=account)
        if subscriber_pk is not None:
            IdempotencyKey.objects.filter(action=f"customer:create:{subscriber_pk}").delete()
        self.refresh_from_db()

    def can_charge(self) -> bool:
        """Whether the customer exists and has a default payment method or source."""
        if self.deleted:
            return False
        return bool(self.default_payment_method_id or self.default_source_id)
