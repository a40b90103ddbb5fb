"""The double's stand-ins for Stripe-hosted pages (Checkout, customer portal).

``GET /__double/checkout/<id>`` completes the session as a customer paying
with a test card and redirects (303) to its ``success_url``
(``{CHECKOUT_SESSION_ID}`` filled in); add ``?cancel=1`` to be sent to
``cancel_url`` instead, or ``?card=chargeDeclined`` to pay with a declining card.
``GET /__double/billing_portal/<id>`` redirects to the session's ``return_url``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import parse_qs

from . import errors
from .context import Response

if TYPE_CHECKING:
    from .double import StripeDouble


def _redirect(location: str | None) -> Response:
    if not location:
        return Response(200, b'{"ok": true}', {"Content-Type": "application/json"})
    return Response(303, b"", {"Location": location, "Content-Type": "text/plain"})


def _not_found(what: str) -> Response:
    return Response(
        404,
        f'{{"error": {{"message": "No such {what}."}}}}'.encode(),
        {"Content-Type": "application/json"},
    )


def checkout_page(double: StripeDouble, session_id: str, query: str) -> Response:
    # lazy: cycle: testing.actions.checkout -> ... -> testing.pages
    from .actions.checkout import complete_session, find_session_space

    space = find_session_space(double, session_id)
    if space is None:
        return _not_found("checkout session")
    with double.store.lock:
        session = space.get(session_id).obj  # type: ignore[union-attr]
    options = parse_qs(query)
    if options.get("cancel"):
        return _redirect(session.get("cancel_url"))
    card = options.get("card", ["visa"])[0]
    try:
        complete_session(double, session_id, space, payment_method=card)
    except errors.StripeError as error:
        return Response(error.status, error.message.encode(), {"Content-Type": "text/plain"})
    success = session.get("success_url") or ""
    return _redirect(success.replace("{CHECKOUT_SESSION_ID}", session_id))


def portal_page(double: StripeDouble, session_id: str) -> Response:
    # lazy: cycle: testing.actions.checkout -> ... -> testing.pages
    from .actions.checkout import find_session_space

    space = find_session_space(double, session_id)
    if space is None:
        return _not_found("billing portal session")
    with double.store.lock:
        return _redirect(space.get(session_id).obj.get("return_url"))  # type: ignore[union-attr]
