"""Replay POST responses for a repeated ``Idempotency-Key``, as Stripe does.

stripe-python sends a key with every POST and reuses it when it retries, so a
retry after a slow or dropped answer must not create a second object.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

from . import errors
from .context import Response

MAX_KEYS = 10_000


class IdempotencyCache:
    """Responses by (account, mode, key), with the request they answered."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: OrderedDict[tuple[str, bool, str], tuple[str, Any, Response]] = OrderedDict()

    def replay(
        self, account: str, livemode: bool, key: str, request: str, params: Any
    ) -> Response | None:
        """Return the saved response for this key, or None; reject a reused key."""
        with self._lock:
            entry = self._entries.get((account, livemode, key))
        if entry is None:
            return None
        saved_request, saved_params, response = entry
        if saved_request != request or saved_params != params:
            raise errors.StripeError(
                400,
                "Keys for idempotent requests can only be used with the same parameters "
                "they were first used with. Try using a key other than "
                f"'{key}' if you meant to execute a different request.",
                error_type="idempotency_error",
            )
        headers = dict(response.headers, **{"Idempotent-Replayed": "true"})
        return Response(response.status, response.body, headers)

    def save(
        self, account: str, livemode: bool, key: str, request: str, params: Any, response: Response
    ) -> None:
        if response.status >= 500 or response.status == 429:
            return  # Stripe does not save these: the request may be retried
        with self._lock:
            self._entries[(account, livemode, key)] = (request, params, response)
            while len(self._entries) > MAX_KEYS:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
