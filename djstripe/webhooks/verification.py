"""Whether a delivery comes from Stripe: its signature, or Stripe's own copy of the event.

Signatures are checked by stripe-python (``WebhookSignature.verify_header``),
against every secret the endpoint accepts (two while a secret is being rolled);
the signature's timestamp must lie within the endpoint's tolerance of now, in either
direction (a tolerance of 0 means the default, never "no limit"). Nothing in the
request can replace a secret: there is no debug header and no setting that skips
verification for one request.

The body is untrusted until verified, and with ``retrieve_event`` validation it is
parsed before anything else: whatever the JSON parser makes of it (too deep, huge
numbers, invalid Unicode) becomes :class:`MalformedEventError`, never a crash.
"""

from __future__ import annotations

import json
import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import stripe

from .. import settings as djstripe_settings
from .. import stripe_api
from ..enums import WebhookEndpointValidation
from ..error_reports import hide_secrets
from ..exceptions import WebhookSignatureError
from ..stripe_api import is_account_id, is_event_id
from . import admission, thin

SIGNATURE_HEADER = "Stripe-Signature"
#: Deepest nesting of arrays and objects accepted in an event. Stripe's events nest a
#: dozen levels (event > data > object > lines > data > item > price > ...); much deeper
#: bodies are not Stripe's and could exhaust the stack of whatever handles them later.
MAX_DEPTH = 48
_TIMESTAMP = re.compile(r"\A[0-9]{1,12}\Z")


class MalformedEventError(WebhookSignatureError):
    """The body is authentic (or unchecked) but is not a Stripe event."""


@dataclass(frozen=True)
class Verified:
    """A verified delivery: the event to store and how it was established."""

    event: dict[str, Any]
    method: str


@hide_secrets
def verify(
    endpoint: Any,
    body: bytes,
    signature: str | None,
    *,
    api_key_for: Callable[[Any], str | None] | None = None,
) -> Verified:
    """The event in ``body`` if the delivery is Stripe's and for ``endpoint``;
    :class:`WebhookSignatureError` (a ``SuspiciousOperation``) saying why not otherwise."""
    method = endpoint.djstripe_validation_method or WebhookEndpointValidation.verify_signature
    text = decode(body)
    if method == WebhookEndpointValidation.none:
        verified = Verified(parse_event(text), method)
    elif not signature:
        raise WebhookSignatureError(f"The {SIGNATURE_HEADER} header is missing.")
    elif method == WebhookEndpointValidation.retrieve_event:
        local = parse_event(text)
        admission.check(endpoint, local)  # refused unasked: the body chooses the key
        api_key = api_key_for(local["livemode"]) if api_key_for else None
        verified = Verified(retrieve_event(local, api_key=api_key), method)
    elif method == WebhookEndpointValidation.verify_signature:
        check_signature(text, signature, endpoint.accepted_secrets(), endpoint.djstripe_tolerance)
        verified = Verified(parse_event(text), method)
    else:
        raise WebhookSignatureError(f"Unknown validation method {method!r} on the endpoint.")
    admission.check(endpoint, verified.event)
    return verified


def decode(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise MalformedEventError("The body is not UTF-8 text.") from error


@hide_secrets
def check_signature(
    text: str, header: str, secrets: list[str], tolerance: int, *, now: float | None = None
) -> None:
    """Accept ``header`` if it signs ``text`` with any of ``secrets`` at a time within
    ``tolerance`` seconds of ``now``, before or after (0 or less: the default)."""
    if not secrets:
        raise WebhookSignatureError(
            "The endpoint has no secret to verify signatures with (see check djstripe.W005)."
        )
    signed_at = _signed_at(header)
    reason = "the signature does not match"
    for secret in secrets:
        try:
            # The time is checked below, both ways; stripe-python checks only the past.
            stripe.WebhookSignature.verify_header(text, header, secret, None)
        except stripe.SignatureVerificationError as error:
            reason = _reason(error)
        except (TypeError, ValueError):  # non-ASCII signature values, absurd timestamps
            reason = "the signature header is malformed"
        else:
            _check_time(signed_at, tolerance, time.time() if now is None else now)
            return
    raise WebhookSignatureError(f"Signature verification failed: {reason}.")


def _reason(error: stripe.SignatureVerificationError) -> str:
    """A short reason that never quotes the header or the secret."""
    message = str(error.user_message or error)
    if "extract" in message:
        return "the signature header is malformed"
    if "expected scheme" in message:
        return "no v1 signature"
    return "the signature does not match"


def effective_tolerance(tolerance: Any) -> int:
    """The endpoint's tolerance in seconds; 0 or less (or none) means the setting's."""
    return djstripe_settings.positive_tolerance(tolerance, djstripe_settings.webhook_tolerance())


def _signed_at(header: str) -> int:
    """The one ``t=`` timestamp of the header (Stripe sends one; two would be ambiguous)."""
    stamps = [part[2:] for part in header.split(",") if part.startswith("t=")]
    if len(stamps) != 1 or not _TIMESTAMP.match(stamps[0]):
        raise WebhookSignatureError(
            "Signature verification failed: the signature header is malformed."
        )
    return int(stamps[0])


def _check_time(signed_at: int, tolerance: Any, now: float) -> None:
    window = effective_tolerance(tolerance)
    if signed_at < now - window:
        raise WebhookSignatureError(
            "Signature verification failed: the signature timestamp is too old."
        )
    if signed_at > now + window:
        raise WebhookSignatureError(
            "Signature verification failed: the signature timestamp is in the future."
        )


def parse_event(text: str) -> dict[str, Any]:
    """The event object in ``text``, or :class:`MalformedEventError`."""
    try:
        data = json.loads(text, parse_float=_finite_float, parse_constant=_no_constant)
    except RecursionError as error:
        raise MalformedEventError("The body is nested too deeply.") from error
    except Exception as error:  # noqa: BLE001 - whatever the parser raises, it is not JSON
        raise MalformedEventError("The body is not JSON.") from error
    if not isinstance(data, dict) or data.get("object") not in ("event", thin.THIN_OBJECT):
        raise MalformedEventError("The body is not a Stripe event.")
    if _deeper_than(data, MAX_DEPTH):
        raise MalformedEventError("The body is nested too deeply.")
    if "\\ud" in text.lower() and not _encodable(data):
        # A lone surrogate escape decodes to a string no database can store as UTF-8.
        raise MalformedEventError("The event contains invalid Unicode.")
    if ("\\u0000" in text or "\x00" in text) and _has_nul(data):
        # Stripe never sends NUL characters, and PostgreSQL cannot store them (text, jsonb)
        raise MalformedEventError("The event contains NUL characters.")
    if thin.is_thin(data):  # a thin event (v2.core.event): its own shape
        reason = thin.problem(data)
        if reason is not None:
            raise MalformedEventError(reason)
        return data
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


def _deeper_than(value: Any, limit: int) -> bool:
    """Whether arrays and objects nest more than ``limit`` levels in ``value`` (level by
    level, without recursion: a recursive walk is what this guards against)."""
    level = [value]
    for _ in range(limit):
        level = [
            child
            for node in level
            for child in (node.values() if isinstance(node, dict) else node)
            if isinstance(child, (dict, list))
        ]
        if not level:
            return False
    return True


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


@hide_secrets
def retrieve_event(local: dict[str, Any], *, api_key: str | None) -> dict[str, Any]:
    """Stripe's own copy of the event the body names (``retrieve_event`` validation).

    The body is only trusted for the id (and the connected account to ask), and only
    when they have the shape of Stripe's ids: nothing else is ever requested. What is
    stored and processed is what the API returns.
    """
    if thin.is_thin(local):  # a thin event: its v2 copy, asked in its context
        return _stripe_copy(
            local["id"], thin.account_of(local), "/v2/core/events/{id}", "context", api_key
        )
    account = local.get("account") or None
    return _stripe_copy(local["id"], account, "/v1/events/{id}", "account", api_key)


def _stripe_copy(
    event_id: Any, account: Any, template: str, named: str, api_key: str | None
) -> dict[str, Any]:
    """The event Stripe has under ``event_id`` (read at ``template``), asked for the
    connected ``account`` (the body's ``named`` field); both checked for Stripe's id
    shapes before any request."""
    if not is_event_id(event_id):
        raise MalformedEventError("The event's id is not an event id.")
    if account is not None and not is_account_id(account):
        raise MalformedEventError(f"The event's {named} is not an account id.")
    try:
        data, _ = stripe_api.retrieve(
            stripe_api.path(template, id=event_id), api_key=api_key, stripe_account=account
        )
    except stripe.InvalidRequestError as error:
        if getattr(error, "http_status", None) == 404:
            raise WebhookSignatureError("Stripe does not know the event.") from error
        raise
    event = parse_event(json.dumps(data))
    if event["id"] != event_id:
        raise WebhookSignatureError("Stripe answered with another event.")
    return event
