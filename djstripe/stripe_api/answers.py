"""What a lean ``GET`` (:mod:`.lean`) answers: the response, or stripe-python's error.

Callers catch stripe-python's exceptions (``InvalidRequestError`` for a 404, the
``http_status``, ``code``, ``json_body``, ``request_id`` and headers they carry), and
:mod:`.retry` reads them; so an error status of the lean path raises the exception
stripe-python 15/16 raises for the same status and body, built with the same
arguments (``stripe._api_requestor``: ``_interpret_response`` and the v1 and OAuth
error tables), and a transport failure the ``APIConnectionError`` its ``requests``
client raises, with the same ``should_retry``.
"""

from __future__ import annotations

import ssl
import textwrap
from email.message import Message
from typing import Any

import stripe
from requests.structures import CaseInsensitiveDict
from stripe import oauth_error

from ..json_text import parse
from .client import Response, stamp_from_headers

_OAUTH_ERRORS = {
    "invalid_client": oauth_error.InvalidClientError,
    "invalid_grant": oauth_error.InvalidGrantError,
    "invalid_request": oauth_error.InvalidRequestError,
    "invalid_scope": oauth_error.InvalidScopeError,
    "unsupported_grant_type": oauth_error.UnsupportedGrantTypeError,
    "unsupported_response_type": oauth_error.UnsupportedResponseTypeError,
}


def response(status: int, received: Message, body: bytes) -> Response:
    """The decoded answer for a 2xx; stripe-python's error for anything else."""
    shown: str | bytes = body
    try:
        shown = body.decode("utf-8")
        data = parse(body)
    except ValueError as error:  # UnicodeDecodeError too
        # stripe-python passes the headers where the JSON body goes (so the error has
        # no request id); kept, so the error is the one callers got before.
        raise stripe.APIError(
            f"Invalid response body from API: {shown!s} (HTTP response code was {status})",  # noqa: E501
            shown,
            status,
            _header_dict(received),
        ) from error
    if not 200 <= status < 300:
        raise _status_error(shown, status, data, _header_dict(received))
    return Response(
        data=data,
        stamp=stamp_from_headers(received),  # type: ignore[arg-type] # items() is enough
        request_id=received.get("Request-Id"),
        status=status,
    )


def _header_dict(received: Message) -> CaseInsensitiveDict[str]:
    """The headers as ``requests`` hands them to stripe-python (repeats joined)."""
    headers: CaseInsensitiveDict[str] = CaseInsensitiveDict()
    for name, value in received.items():
        headers[name] = f"{headers[name]}, {value}" if name in headers else value
    return headers


def _status_error(text: str | bytes, status: int, data: Any, headers: Any) -> stripe.StripeError:
    try:
        details = data["error"]
    except (KeyError, TypeError):
        return stripe.APIError(
            f"Invalid response object from API: {text!r} (HTTP response code was {status})",
            text,
            status,
            data,
        )
    if isinstance(details, str):
        oauth = _OAUTH_ERRORS.get(details)
        if oauth is not None:
            description = data.get("error_description", details)
            return oauth(details, description, text, status, data, headers)
    return _v1_error(text, status, data, headers, details)


def _v1_error(
    text: str | bytes, status: int, data: Any, headers: Any, details: Any
) -> stripe.StripeError:
    message = details.get("message")
    if status == 429 or (status == 400 and details.get("code") == "rate_limit"):
        return stripe.RateLimitError(message, text, status, data, headers)
    if status in (400, 404):
        if details.get("type") == "idempotency_error":
            return stripe.IdempotencyError(message, text, status, data, headers)
        return stripe.InvalidRequestError(
            message, details.get("param"), details.get("code"), text, status, data, headers
        )
    if status == 401:
        return stripe.AuthenticationError(message, text, status, data, headers)
    if status == 402:
        return stripe.CardError(
            message, details.get("param"), details.get("code"), text, status, data, headers
        )
    if status == 403:
        return stripe.PermissionError(message, text, status, data, headers)
    return stripe.APIError(message, text, status, data, headers)


def connection_error(error: BaseException) -> stripe.APIConnectionError:
    """The ``APIConnectionError`` stripe-python's ``requests`` client raises for ``error``:
    TLS failures are not retried; timeouts, resets and refusals are."""
    if isinstance(error, ssl.SSLError | ssl.CertificateError):
        message = (
            "Could not verify Stripe's SSL certificate.  Please make sure that your "
            "network is not intercepting certificates.  If this problem persists, let us "
            "know at support@stripe.com."
        )
        should_retry = False
    else:
        message = (
            "Unexpected error communicating with Stripe.  If this problem persists, let "
            "us know at support@stripe.com."
        )
        should_retry = isinstance(error, OSError)
    detail = f"{type(error).__name__}: {error}"
    return stripe.APIConnectionError(
        f"{textwrap.fill(message)}\n\n(Network error: {detail})", should_retry=should_retry
    )
