"""Linking the customer of a Checkout Session when it completes.

``Session.create_for_subscriber`` (:mod:`djstripe.actions.checkout`) creates a
Checkout Session and mirrors it; redirect the browser to its ``url``. The session
carries the subscriber's primary key in its metadata (under
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
from typing import Any

from .. import settings as djstripe_settings
from ..actions import calls
from ..actions.calls import stripe_id
from ..models import Customer

logger = logging.getLogger(__name__)


def link_customer(session: dict[str, Any], *, api_key: str, stripe_account: str | None) -> Any:
    """Link the customer of a completed session to the subscriber in its metadata.

    Returns the linked Customer row, or None when the session names no customer or
    no existing subscriber. Costs no request when the link is already there.
    """
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
