"""Stripe Checkout for a subscriber, and linking the customer when it completes.

:meth:`SessionHelpers.create_for_subscriber` (``Session.create_for_subscriber``)
creates a Checkout Session and mirrors it; redirect the browser to its ``url``.
The session carries the subscriber's primary key in its metadata (under
``DJSTRIPE_SUBSCRIBER_CUSTOMER_KEY``) and as ``client_reference_id``.

When Checkout creates the Stripe customer itself (``create_customer=False``),
:func:`link_customer` (run for ``checkout.session.completed`` events, see
:mod:`djstripe.helpers.receivers`) writes the subscriber key into
that customer's metadata on Stripe and syncs it, so the customer is linked to
the subscriber from then on, whichever way it is synced. Only the metadata
links: ``client_reference_id`` is free for your own use and never trusted.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from .. import settings as djstripe_settings
from ..billing import tax
from . import calls
from .calls import stripe_id

if TYPE_CHECKING:
    from ..models import Customer, Session

logger = logging.getLogger(__name__)

MODES = ("subscription", "payment", "setup")


class SessionHelpers:
    """Methods of :class:`~djstripe.models.Session` (Checkout)."""

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
        to Stripe (``allow_promotion_codes``, ``subscription_data``, ...).
        """
        if mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}.")
        if price is not None and line_items is not None:
            raise TypeError("Give price= or line_items=, not both.")
        livemode = djstripe_settings.live_mode() if livemode is None else bool(livemode)
        key = api_key or djstripe_settings.default_api_key(livemode)
        params.update(
            mode=mode,
            success_url=success_url,
            cancel_url=cancel_url,
            line_items=_line_items(price, quantity, line_items),
        )
        params.setdefault("client_reference_id", str(subscriber.pk))
        params["metadata"] = {**(params.get("metadata") or {}), **_subscriber_metadata(subscriber)}
        customer = _customer_for(subscriber, create_customer, livemode, stripe_account, key)
        if customer is not None:
            params["customer"] = customer.id
        else:
            params.setdefault("customer_email", getattr(subscriber, "email", None) or None)
            if mode != "subscription":  # subscription mode always creates a customer
                params.setdefault("customer_creation", "always")
        if mode != "setup":  # DJSTRIPE_AUTOMATIC_TAX (setup mode charges nothing)
            tax.apply_to_checkout(params, has_customer=customer is not None)
        return calls.write(
            cls,
            "post",
            cls.api_path,  # type: ignore[attr-defined]
            params,
            api_key=key,
            stripe_account=stripe_account,
        )


def _line_items(
    price: Any, quantity: int | None, line_items: list[dict[str, Any]] | None
) -> list[dict[str, Any]] | None:
    if line_items is not None:
        return [
            {**item, "price": stripe_id(item["price"])} if "price" in item else item
            for item in line_items
        ]
    if price is None:
        return None
    return [calls.clean({"price": stripe_id(price), "quantity": quantity})]


def _subscriber_metadata(subscriber: Any) -> dict[str, str]:
    key = djstripe_settings.subscriber_customer_key()
    return {key: str(subscriber.pk)} if key else {}


def _customer_for(
    subscriber: Any, create: bool, livemode: bool, stripe_account: str | None, api_key: str
) -> Customer | None:
    from ..models import Customer

    if create:
        customer, _ = Customer.get_or_create(
            subscriber, livemode=livemode, stripe_account=stripe_account, api_key=api_key
        )
        return customer
    return Customer.for_subscriber(subscriber, livemode=livemode, stripe_account=stripe_account)


# ---- completion ----


def link_customer(session: dict[str, Any], *, api_key: str, stripe_account: str | None) -> Any:
    """Link the customer of a completed session to the subscriber in its metadata.

    Returns the linked Customer row, or None when the session names no customer or
    no existing subscriber. Costs no request when the link is already there.
    """
    from ..models import Customer

    customer_id = stripe_id(session.get("customer"))
    subscriber = _subscriber_of(session)
    if not isinstance(customer_id, str) or subscriber is None:
        return None
    row = Customer.objects.filter(id=customer_id).first()
    if row is not None and row.subscriber_id == subscriber.pk:
        return row
    key = djstripe_settings.subscriber_customer_key()
    return calls.write(
        Customer,
        "post",
        Customer.retrieve_path(customer_id),
        {"metadata": {key: str(subscriber.pk)}},
        api_key=api_key,
        stripe_account=stripe_account,
    )


def _subscriber_of(session: dict[str, Any]) -> Any:
    key = djstripe_settings.subscriber_customer_key()
    metadata = session.get("metadata")
    value = metadata.get(key) if key and isinstance(metadata, dict) else None
    if value in (None, ""):
        return None
    model = djstripe_settings.subscriber_model()
    try:
        pk = model._meta.pk.to_python(value)
    except Exception:  # noqa: BLE001 - metadata is free text
        logger.warning(
            "Checkout Session %s: subscriber key %r is not a key", session.get("id"), value
        )
        return None
    return model._default_manager.filter(pk=pk).first()
