"""Stripe Checkout for a subscriber: the function behind ``Session.create_for_subscriber``.

The session carries the subscriber's primary key in its metadata (under
``DJSTRIPE_SUBSCRIBER_CUSTOMER_KEY``) and as ``client_reference_id``; the customer
that Checkout creates itself is linked when the session completes
(:func:`djstripe.helpers.checkout.link_customer`).
"""

from __future__ import annotations

from typing import Any

from .. import settings as djstripe_settings
from ..billing import tax
from . import calls
from .calls import stripe_id

MODES = ("subscription", "payment", "setup")


def create_for_subscriber(
    cls: Any,
    subscriber: Any,
    *,
    success_url: str,
    mode: str,
    price: Any,
    quantity: int | None,
    line_items: list[dict[str, Any]] | None,
    cancel_url: str | None,
    create_customer: bool,
    livemode: bool | None,
    stripe_account: str | None,
    api_key: str | None,
    **params: Any,
) -> Any:
    """Create a Checkout Session of ``subscriber``; see ``Session.create_for_subscriber``."""
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
        cls, "post", cls.api_path, params, api_key=key, stripe_account=stripe_account
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
) -> Any:
    customers = calls.model("Customer")
    if create:
        customer, _ = customers.get_or_create(
            subscriber, livemode=livemode, stripe_account=stripe_account, api_key=api_key
        )
        return customer
    return customers.for_subscriber(subscriber, livemode=livemode, stripe_account=stripe_account)
