"""What users do with a customer: create it for a subscriber, pay with it, delete it.

The functions behind :class:`~djstripe.models.Customer`'s methods of the same names
(``cls`` is the Customer model, ``customer`` a row). Billing (subscribe, charge,
invoices) is in :mod:`djstripe.actions.billing`.
"""

from __future__ import annotations

from typing import Any

import stripe

from .. import settings as djstripe_settings
from ..sync import sync_deleted
from . import calls
from .calls import stripe_id


def _mode(livemode: bool | None) -> bool:
    return djstripe_settings.live_mode() if livemode is None else bool(livemode)


def _full_name(subscriber: Any) -> str | None:
    get_full_name = getattr(subscriber, "get_full_name", None)
    name = get_full_name() if callable(get_full_name) else None
    return name or None


def idempotency_action(subscriber: Any) -> str:
    """The action name of the idempotency key used to create a subscriber's customer."""
    return f"create:{subscriber.pk}"


def get_or_create(
    cls: Any,
    subscriber: Any,
    *,
    livemode: bool | None,
    stripe_account: str | None,
    api_key: str | None,
    **kwargs: Any,
) -> tuple[Any, bool]:
    """``(customer, created)``: see ``Customer.get_or_create``."""
    livemode = _mode(livemode)
    existing = for_subscriber(cls, subscriber, livemode=livemode, stripe_account=stripe_account)
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


def for_subscriber(
    cls: Any, subscriber: Any, *, livemode: bool | None, stripe_account: str | None
) -> Any:
    """The subscriber's newest not deleted customer in this mode, or None (no query for an
    unsaved subscriber such as ``AnonymousUser``)."""
    if getattr(subscriber, "pk", None) is None:
        return None
    rows = cls.objects.filter(subscriber=subscriber, livemode=_mode(livemode), deleted=False)
    if stripe_account:
        rows = rows.filter(djstripe_owner_account_id=stripe_account)
    return rows.order_by("-created", "-djstripe_id").first()


def create(
    cls: Any,
    subscriber: Any,
    *,
    idempotency_key: str | None,
    stripe_account: str | None,
    livemode: bool | None,
    api_key: str | None,
    metadata: dict[str, Any] | None,
    **kwargs: Any,
) -> Any:
    """Create the Stripe customer of ``subscriber``; see ``Customer.create``."""
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


def add_payment_method(customer: Any, payment_method: Any, *, set_default: bool) -> Any:
    """Attach ``payment_method`` (row or id) to ``customer``; maybe make it the default."""
    payment_methods = calls.model("PaymentMethod")
    api_key, account = calls.routing(customer, {})
    method = calls.write(
        payment_methods,
        "post",
        f"{payment_methods.retrieve_path(stripe_id(payment_method))}/attach",
        {"customer": customer.id},
        api_key=api_key,
        stripe_account=account,
    )
    if set_default:
        update_on_stripe(
            customer, {"invoice_settings": {"default_payment_method": method.id}}, api_key, account
        )
    return method


def add_card(customer: Any, source: Any, *, set_default: bool) -> Any:
    """Add a legacy card (or Source) to ``customer`` from a token, a card's details or a
    ``src_...`` id (``POST /v1/customers/{id}/sources``); maybe make it the default."""
    api_key, account = calls.routing(customer, {})
    card = calls.write(
        calls.model("DjstripePaymentMethod"),
        "post",
        f"{customer.retrieve_path(customer.id)}/sources",
        {"source": stripe_id(source)},
        api_key=api_key,
        stripe_account=account,
    )
    if set_default:
        update_on_stripe(customer, {"default_source": card.id}, api_key, account)
    return card


def add_coupon(customer: Any, coupon: Any, *, idempotency_key: str | None) -> Any:
    """Apply ``coupon`` (row or id) to ``customer``; return the refreshed customer."""
    api_key, account = calls.routing(customer, {})
    return update_on_stripe(
        customer, {"coupon": stripe_id(coupon)}, api_key, account, idempotency_key=idempotency_key
    )


def update_on_stripe(
    customer: Any,
    params: dict[str, Any],
    api_key: str,
    account: str | None,
    *,
    idempotency_key: str | None = None,
) -> Any:
    """Update ``customer`` on Stripe with ``params``; sync the answer and refresh the row."""
    row = calls.write(
        type(customer),
        "post",
        customer.retrieve_path(customer.id),
        params,
        api_key=api_key,
        stripe_account=account,
        idempotency_key=idempotency_key,
    )
    customer.refresh_from_db()
    return row


def purge(customer: Any) -> None:
    """Delete ``customer`` on Stripe; keep its row marked deleted; see ``Customer.purge``."""
    api_key, account = calls.routing(customer, {})
    stamp = None
    try:
        stamp = calls.send(
            "delete",
            customer.retrieve_path(customer.id),
            api_key=api_key,
            stripe_account=account,
        ).stamp
    except stripe.InvalidRequestError as error:
        if getattr(error, "code", None) != "resource_missing":
            raise  # deleted already on Stripe: mark it here all the same
    subscriber_pk = customer.subscriber_id
    sync_deleted(type(customer), customer.id, stamp, api_key=api_key, stripe_account=account)
    if subscriber_pk is not None:
        idempotency_keys = calls.model("IdempotencyKey").objects
        idempotency_keys.filter(action=f"customer:create:{subscriber_pk}").delete()
    customer.refresh_from_db()


def can_charge(customer: Any) -> bool:
    """Whether ``customer`` exists and has a default payment method or source."""
    if customer.deleted:
        return False
    return bool(customer.default_payment_method_id or customer.default_source_id)
