"""Whether an authentic event may be received by this endpoint: its mode and its account.

A signature proves the event is Stripe's and meant for the holder of the secret; it
does not make every event right for every endpoint. An endpoint receives what Stripe
sends it, and nothing else:

* an account endpoint: its own account's events (no ``account``), of its own mode;
* a Connect endpoint (``WebhookEndpoint.connect``): events of connected accounts
  (``account`` set). A test-mode Connect endpoint receives test events; a live one
  receives live events and also the test events of accounts connected in live mode,
  which Stripe sends to live Connect endpoints as well
  (https://support.stripe.com/questions/connect-account-webhook-configurations).
  Those are processed in test mode, with the test key, like any test event.

Anything else is refused before anything is stored: a live event signed with a
test endpoint's secret would otherwise write live data with a test-mode secret.
"""

from __future__ import annotations

from typing import Any

from ..exceptions import WebhookSignatureError
from ..stripe_api import is_account_id
from . import thin


class EndpointMismatchError(WebhookSignatureError):
    """An authentic event that this endpoint does not receive (mode or account)."""


def check(endpoint: Any, event: dict[str, Any]) -> None:
    """Raise :class:`EndpointMismatchError` unless ``endpoint`` receives ``event``."""
    livemode = event.get("livemode")
    if not isinstance(livemode, bool):
        raise EndpointMismatchError("The event does not say whether it is live or test.")
    if not isinstance(endpoint.livemode, bool):
        raise EndpointMismatchError(
            "The endpoint's mode is unknown: sync it from Stripe "
            "(WebhookEndpoint.sync_from_stripe_data or djstripe_sync_models WebhookEndpoint)."
        )
    account = thin.account_of(event)  # a thin event names it in ``context``
    connect = bool(getattr(endpoint, "connect", False))
    if account is not None and not connect:
        raise EndpointMismatchError(
            "A Connect event (of a connected account) reached an endpoint that is not a "
            "Connect endpoint."
        )
    if account is None and connect:
        raise EndpointMismatchError(
            "An event of the platform account reached a Connect endpoint (it receives "
            "connected accounts' events only)."
        )
    if account is not None and not is_account_id(account):
        raise EndpointMismatchError("The event's account is not an account id.")
    if livemode == endpoint.livemode or (connect and endpoint.livemode):
        return
    raise EndpointMismatchError(
        f"A {_mode(livemode)} event reached a {_mode(endpoint.livemode)} endpoint."
    )


def _mode(livemode: bool) -> str:
    return "live-mode" if livemode else "test-mode"
