"""Whether a delivery comes from Stripe: its signature, or Stripe's own copy of the event.

Signatures are checked by stripe-python (``WebhookSignature.verify_header``),
against every secret the endpoint accepts (two while a secret is being rolled).
Nothing in the request can replace a secret: there is no debug header and no
setting that skips verification for one request.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import stripe

from ..enums import WebhookEndpointValidation
from ..exceptions import WebhookSignatureError

SIGNATURE_HEADER = "Stripe-Signature"


class MalformedEventError(WebhookSignatureError):
    """The body is authentic (or unchecked) but is not a Stripe event."""


@dataclass(frozen=True)
class Verified:
    """A verified delivery: the event to store and how it was established."""

    event: dict[str, Any]
    method: str


def verify(
    endpoint: Any,
    body: bytes,
    signature: str | None,
    *,
    api_key_for: Callable[[Any], str | None] | None = None,
) -> Verified:
    """The event in ``body`` if the delivery is Stripe's; :class:`WebhookSignatureError`
    (a ``SuspiciousOperation``) saying why not otherwise."""
    method = endpoint.djstripe_validation_method or WebhookEndpointValidation.verify_signature
    text = decode(body)
    if method == WebhookEndpointValidation.none:
        return Verified(parse_event(text), method)
    if not signature:
        raise WebhookSignatureError(f"The {SIGNATURE_HEADER} header is missing.")
    if method == WebhookEndpointValidation.retrieve_event:
        local = parse_event(text)
        api_key = api_key_for(local.get("livemode")) if api_key_for else None
        return Verified(retrieve_event(local, api_key=api_key), method)
    if method != WebhookEndpointValidation.verify_signature:
        raise WebhookSignatureError(f"Unknown validation method {method!r} on the endpoint.")
    check_signature(text, signature, endpoint.accepted_secrets(), endpoint.djstripe_tolerance)
    return Verified(parse_event(text), method)


def decode(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise MalformedEventError("The body is not UTF-8 text.") from error


def check_signature(text: str, header: str, secrets: list[str], tolerance: int) -> None:
    """Accept ``header`` if it signs ``text`` with any of ``secrets``, recently enough."""
    if not secrets:
        raise WebhookSignatureError(
            "The endpoint has no secret to verify signatures with (see check djstripe.W005)."
        )
    reason = "the signature does not match"
    for secret in secrets:
        try:
            stripe.WebhookSignature.verify_header(text, header, secret, tolerance or None)
        except stripe.SignatureVerificationError as error:
            reason = _reason(error)
        except (TypeError, ValueError):  # non-ASCII signature values, absurd timestamps
            reason = "the signature header is malformed"
        else:
            return
    raise WebhookSignatureError(f"Signature verification failed: {reason}.")


def _reason(error: stripe.SignatureVerificationError) -> str:
    """A short reason that never quotes the header or the secret."""
    message = str(error.user_message or error)
    if "tolerance" in message:
        return "the signature timestamp is too old"
    if "extract" in message:
        return "the signature header is malformed"
    if "expected scheme" in message:
        return "no v1 signature"
    return "the signature does not match"


def parse_event(text: str) -> dict[str, Any]:
    """The event object in ``text``, or :class:`MalformedEventError`."""
    try:
        data = json.loads(text, parse_float=_finite_float, parse_constant=_no_constant)
    except ValueError as error:
        raise MalformedEventError("The body is not JSON.") from error
    if not isinstance(data, dict) or data.get("object") != "event":
        raise MalformedEventError("The body is not a Stripe event.")
    if "\\ud" in text.lower() and not _encodable(data):
        # A lone surrogate escape decodes to a string no database can store as UTF-8.
        raise MalformedEventError("The event contains invalid Unicode.")
    if ("\\u0000" in text or "\x00" in text) and _has_nul(data):
        # Stripe never sends NUL characters, and PostgreSQL cannot store them (text, jsonb)
        raise MalformedEventError("The event contains NUL characters.")
    event_id, event_type, created = data.get("id"), data.get("type"), data.get("created")
    if not isinstance(event_id, str) or not event_id or len(event_id) > 255:
        raise MalformedEventError("The event has no usable id.")
    if not isinstance(event_type, str) or not event_type or len(event_type) > 250:
        raise MalformedEventError("The event has no usable type.")
    if isinstance(created, bool) or not isinstance(created, int) or not 0 <= created < 2**40:
        raise MalformedEventError("The event has no usable created time.")
    if not isinstance(data.get("data"), dict):
        raise MalformedEventError("The event has no data.")
    account = data.get("account")
    if account is not None and (not isinstance(account, str) or len(account) > 255):
        raise MalformedEventError("The event's account is not an account id.")
    return data


def _finite_float(text: str) -> float:
    """JSON numbers only: ``1e400`` would become infinity, which JSON cannot store back."""
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"number out of range: {text[:20]}")
    return value


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _encodable(data: Any) -> bool:
    try:
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(item) for item in value)
    return False


def retrieve_event(local: dict[str, Any], *, api_key: str | None) -> dict[str, Any]:
    """Stripe's own copy of the event the body names (``retrieve_event`` validation).

    The body is only trusted for the id (and the connected account to ask); what
    is stored and processed is what the API returns.
    """
    from .. import stripe_api

    try:
        data, _ = stripe_api.retrieve(
            f"/v1/events/{local['id']}", api_key=api_key, stripe_account=local.get("account")
        )
    except stripe.InvalidRequestError as error:
        if getattr(error, "http_status", None) == 404:
            raise WebhookSignatureError("Stripe does not know the event.") from error
        raise
    return parse_event(json.dumps(data))
