"""Event receivers of the helpers, connected when the app is ready (``apps.py``)."""

from __future__ import annotations

from typing import Any

from .. import settings as djstripe_settings
from ..event_handlers import djstripe_receiver
from .checkout import link_customer


@djstripe_receiver("checkout.session.completed", dispatch_uid="djstripe.helpers.checkout")
def link_checkout_customer(sender: Any, event: Any, **kwargs: Any) -> None:
    """Link the customer that Checkout created to the subscriber named by the session."""
    session = (event.data or {}).get("object") or {}
    link_customer(
        session,
        api_key=djstripe_settings.default_api_key(event.livemode),
        stripe_account=event.stripe_account,
    )
