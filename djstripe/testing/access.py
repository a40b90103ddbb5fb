"""What a key or an account may not do: restricted keys and products not enabled.

* A **restricted key** (``rk_test_...``) may be refused some routes: Stripe answers
  403 with an ``invalid_request_error`` that names the account and the permission
  that would allow the request (stripe-python raises ``PermissionError``).
* A **product the account has not enabled** (Issuing, Identity, Terminal, ...)
  answers every request under its path with 400: "Your account is not set up to
  use Issuing. ..." (stripe-python raises ``InvalidRequestError``).

Both are state of the double (kept by snapshots), not faults: they answer the same
way every time, as Stripe does.
"""

from __future__ import annotations

import fnmatch
import threading
from typing import Any

from .errors import StripeError

#: The first path segment after ``/v1/`` of each product an account must enable first,
#: and the product's name in Stripe's message.
PRODUCTS = {
    "issuing": "Issuing",
    "identity": "Identity",
    "terminal": "Terminal",
    "treasury": "Treasury",
    "climate": "Climate",
    "financial_connections": "Financial Connections",
}


def permission_denied(api_key: str, account: str, method: str, path: str) -> StripeError:
    """Stripe's answer to a restricted key without the permission for a request."""
    shown = api_key[:8] + "*" * max(4, len(api_key) - 12) + api_key[-4:]
    return StripeError(
        403,
        f"The provided key '{shown}' does not have the required permissions for this "
        f"endpoint on account '{account}'. Having the '{_permission(method, path)}' "
        "permission would allow this request to continue.",
    )


def not_set_up(product: str) -> StripeError:
    """Stripe's answer to a request for a product the account has not enabled."""
    name = PRODUCTS.get(product, product.title())
    return StripeError(
        400,
        f"Your account is not set up to use {name}. Please visit "
        f"https://dashboard.stripe.com/{product}/overview to get started.",
    )


def _permission(method: str, path: str) -> str:
    words = [part for part in path.strip("/").split("/")[1:] if part and "{" not in part]
    return f"rak_{'_'.join(words) or 'api'}_{'read' if method == 'GET' else 'write'}"


class AccessRules:
    """Restricted keys (refused route patterns) and products disabled per account."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.refused: dict[str, tuple[str, ...]] = {}
        self.disabled: dict[str, frozenset[str]] = {}

    def restrict(self, api_key: str, refused: tuple[str, ...]) -> None:
        """Refuse ``api_key`` the routes matching ``refused`` (``GET /v1/account``,
        ``GET /v1/issuing/*``, ``*``)."""
        with self._lock:
            self.refused[api_key] = tuple(refused)

    def disable(self, account: str, product: str) -> None:
        if product not in PRODUCTS:
            raise ValueError(f"Unknown product {product!r}; known: {', '.join(PRODUCTS)}.")
        with self._lock:
            self.disabled[account] = self.disabled.get(account, frozenset()) | {product}

    def check(self, api_key: str, template: str, path: str, account: str) -> None:
        """Raise the error Stripe would answer with, if the request is not allowed."""
        with self._lock:
            refused = self.refused.get(api_key, ())
            disabled = self.disabled.get(account, frozenset())
        if any(fnmatch.fnmatchcase(template, pattern) for pattern in refused):
            method = template.partition(" ")[0]
            raise permission_denied(api_key, account, method, path)
        parts = path.strip("/").split("/")
        if len(parts) > 1 and parts[1] in disabled:
            raise not_set_up(parts[1])

    def snapshot(self) -> dict[str, Any]:
        with self._lock:
            return {"refused": dict(self.refused), "disabled": dict(self.disabled)}

    def restore(self, state: dict[str, Any]) -> None:
        with self._lock:
            self.refused = dict(state["refused"])
            self.disabled = dict(state["disabled"])
