"""Stripe's customer portal: a short-lived URL where a customer manages billing.

Portal sessions are not mirrored (they expire within minutes); what the customer
changes there reaches the mirror through webhooks.
"""

from __future__ import annotations

from typing import Any

from . import calls


def create_session(customer: Any, return_url: str | None = None, **params: Any) -> dict[str, Any]:
    """Create a billing portal session for ``customer`` (a row); return Stripe's object.

    Other keyword arguments go to Stripe (``configuration``, ``flow_data``, ``locale``).
    """
    api_key, account = calls.routing(customer, params)
    params.update(customer=customer.id, return_url=return_url)
    return calls.send(
        "post", "/v1/billing_portal/sessions", params, api_key=api_key, stripe_account=account
    ).data


def billing_portal_url(customer: Any, return_url: str | None = None, **params: Any) -> str:
    """The URL of a new billing portal session of ``customer``."""
    return create_session(customer, return_url, **params)["url"]
