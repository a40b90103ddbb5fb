"""Errors shaped like Stripe's, raised anywhere in the double and rendered by the app.

Stripe answers every failure with ``{"error": {...}}`` where ``type`` tells the
client which exception to raise (stripe-python maps status and type to
``InvalidRequestError``, ``AuthenticationError``, ``RateLimitError``,
``APIError``...), and ``code``/``param`` say what was wrong.
"""

from __future__ import annotations

from typing import Any

DOCS = "https://stripe.com/docs"
SUPPORT = "https://support.stripe.com/"


class StripeError(Exception):
    """An API error response; raise it from a handler to answer with it."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        error_type: str = "invalid_request_error",
        code: str | None = None,
        param: str | None = None,
        headers: dict[str, str] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.error_type = error_type
        self.code = code
        self.param = param
        self.headers = dict(headers or {})
        self.extra = dict(extra or {})

    def body(self, request_id: str, livemode: bool = False) -> dict[str, Any]:
        """Return the JSON body Stripe would send for this error."""
        error: dict[str, Any] = {"message": self.message, "type": self.error_type}
        if self.code:
            error["code"] = self.code
            error["doc_url"] = f"{DOCS}/error-codes/{self.code.replace('_', '-')}"
        if self.param:
            error["param"] = self.param
        mode = "" if livemode else "test/"
        error["request_log_url"] = f"https://dashboard.stripe.com/{mode}logs/{request_id}?t=0"
        error.update(self.extra)
        return {"error": error}


def resource_missing(object_name: str, object_id: str, param: str = "id") -> StripeError:
    """404 for an id that does not exist (``No such customer: 'cus_x'``).

    Stripe names the object type as in its ``object`` field (``payment_intent``).
    """
    label = object_name or "object"
    return StripeError(404, f"No such {label}: '{object_id}'", code="resource_missing", param=param)


def param_resource_missing(object_name: str, object_id: str, param: str) -> StripeError:
    """400 for an id given as a parameter that does not exist."""
    error = resource_missing(object_name, object_id, param)
    error.status = 400
    return error


def unrecognized_url(method: str, path: str) -> StripeError:
    return StripeError(
        404,
        f"Unrecognized request URL ({method}: {path}). Please see {DOCS} "
        f"or we can help at {SUPPORT}.",
    )


def parameter_invalid(param: str, message: str, code: str = "parameter_invalid") -> StripeError:
    return StripeError(400, message, code=code, param=param)


def parameter_missing(param: str) -> StripeError:
    return StripeError(
        400, f"Missing required param: {param}.", code="parameter_missing", param=param
    )


def parameter_unknown(param: str) -> StripeError:
    return StripeError(
        400, f"Received unknown parameter: {param}", code="parameter_unknown", param=param
    )


def invalid_state(message: str, param: str | None = None) -> StripeError:
    """400 for an action that the object's current state does not allow."""
    return StripeError(400, message, code="resource_invalid_state", param=param)


def no_api_key() -> StripeError:
    return StripeError(
        401,
        "You did not provide an API key. You need to provide your API key in the "
        "Authorization header, using Bearer auth (e.g. 'Authorization: Bearer "
        f"YOUR_SECRET_KEY'). See {DOCS}/api#authentication for details, or we can "
        f"help at {SUPPORT}.",
    )


def invalid_api_key(key: str) -> StripeError:
    masked = key[:8] + "*" * 4 + key[-4:] if len(key) > 12 else "****"
    return StripeError(401, f"Invalid API Key provided: {masked}", code="api_key_invalid")


def account_invalid(account_id: str) -> StripeError:
    return StripeError(
        404,
        f"The provided key does not have access to account '{account_id}' (or that "
        "account does not exist). Application access may have been revoked.",
        code="account_invalid",
    )


def rate_limited() -> StripeError:
    return StripeError(
        429,
        f"Request rate limit exceeded. Learn more about rate limits here {DOCS}/rate-limits.",
        error_type="rate_limit_error",
        code="rate_limit",
    )


def api_error(message: str = "An unknown error occurred") -> StripeError:
    return StripeError(500, message, error_type="api_error")


#: Error type Stripe uses for each injected status when the caller names none.
ERROR_TYPE_BY_STATUS = {
    400: "invalid_request_error",
    401: "invalid_request_error",
    402: "card_error",
    403: "invalid_request_error",
    404: "invalid_request_error",
    409: "invalid_request_error",
    429: "rate_limit_error",
}


def injected(status: int, error_type: str | None = None) -> StripeError:
    """Return the error answered by an injected fault of ``status``."""
    if status == 429 and error_type in (None, "rate_limit_error"):
        return rate_limited()
    kind = error_type or ERROR_TYPE_BY_STATUS.get(status, "api_error")
    code = {409: "lock_timeout", 402: "card_declined"}.get(status)
    message = {
        402: "Your card was declined.",
        409: "This object cannot be accessed right now because another API request "
        "or Stripe process is currently accessing it.",
    }.get(status, "An injected error occurred (djstripe.testing fault).")
    return StripeError(status, message, error_type=kind, code=code)
