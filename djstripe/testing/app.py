"""One API call from raw HTTP pieces to a response: the transport-free core.

Order of work: route match (the template names the call for counting and
faults), injected faults, authentication, ``Stripe-Account`` scoping, what the
key and the account may do (:mod:`.access`), idempotent replay, the handler
(under the store lock), then webhook delivery (outside the lock, so a receiver
may call the API back), then headers.
"""

from __future__ import annotations

import base64
import email.utils
import json
import logging
import threading
import time
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlsplit

from . import errors, pages
from .actions import meters
from .context import DEFAULT_API_VERSION, Context, Request, Response
from .params import decode_pairs
from .router import Match
from .store import Record

if TYPE_CHECKING:
    from .double import StripeDouble

logger = logging.getLogger("djstripe.testing")
TEST_PREFIXES = ("sk_test_", "rk_test_")
LIVE_PREFIXES = ("sk_live_", "rk_live_")


class App:
    """Answer API requests against the state of a :class:`StripeDouble`."""

    def __init__(self, double: StripeDouble) -> None:
        self.double = double
        self.stopping = threading.Event()

    def handle(self, method: str, target: str, headers: dict[str, str], body: bytes) -> Response:
        """Answer one request; ``headers`` have lower-case names."""
        started = time.perf_counter()
        url = urlsplit(target)
        if url.path.startswith("/__double/"):
            return self._control(method, url.path, url.query)
        match = self.double.router.match(method, url.path)
        route = match.template if match else f"{method} (unrecognized)"
        request_id = self.double.ids.request_id()
        livemode = False
        try:
            livemode, response = self._process(method, url, headers, body, match, request_id)
        except errors.StripeError as error:
            response = self._error(error, request_id, livemode)
        except Exception:  # a bug in the double must still answer like Stripe's 500
            logger.exception("djstripe.testing: error while handling %s %s", method, target)
            response = self._error(errors.api_error(), request_id, livemode)
        self.double.counter.add(route, response.status, time.perf_counter() - started)
        response.headers.update(
            {
                "Request-Id": request_id,
                "Date": email.utils.formatdate(self.double.clock.now(), usegmt=True),
                "Stripe-Version": headers.get("stripe-version") or DEFAULT_API_VERSION,
                "Content-Type": "application/json",
            }
        )
        if headers.get("idempotency-key"):
            response.headers["Idempotency-Key"] = headers["idempotency-key"]
        return response

    def _process(
        self,
        method: str,
        url: Any,
        headers: dict[str, str],
        body: bytes,
        match: Match | None,
        request_id: str,
    ) -> tuple[bool, Response]:
        self._inject_faults(match.template if match else f"{method} (unrecognized)")
        if match is not None and match.template == meters.STREAM_ROUTE:
            # The v2 meter event stream takes a meter event session's token, not a key.
            session = meters.session_for(self.double, _api_key(headers.get("authorization", "")))
            api_key, livemode, platform = session.api_key, session.livemode, session.platform
            account = session.account
        else:
            api_key, livemode, platform = self.authenticate(headers)
            if match is None:
                raise errors.unrecognized_url(method, url.path)
            account = self.scope(headers, platform)
        self.double.access.check(api_key, match.template, url.path, account)
        pairs = parse_qsl(url.query, keep_blank_values=True)
        if body and "json" not in headers.get("content-type", ""):
            pairs += parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
        params = decode_pairs(pairs)
        if body and "json" in headers.get("content-type", ""):
            params.update(_json_params(body))  # the v2 API posts JSON
        request = Request(
            method,
            url.path,
            params,
            headers,
            request_id,
            api_key,
            livemode,
            platform,
            account,
            headers.get("idempotency-key"),
        )
        cache = self.double.idempotency
        replay_key = (
            account,
            livemode,
            request.idempotency_key or "",
            f"{method} {url.path}",
            request.params,
        )
        if method == "POST" and request.idempotency_key:
            replayed = cache.replay(*replay_key)
            if replayed is not None:
                return livemode, replayed
        ctx = Context(self.double, request)
        try:
            with self.double.store.lock:
                result = match.handler(ctx, *match.args)
                response = Response(200, self._encode(ctx, result))
        finally:  # events of a failed call (a declined charge) are delivered too
            if ctx.emitted:
                self.double.dispatcher.dispatch(ctx.emitted)
        if method == "POST" and request.idempotency_key:
            cache.save(*replay_key, response)
        return livemode, response

    def _inject_faults(self, route: str) -> None:
        fired = self.double.faults.fire(route)
        for fault in fired:
            if fault.delay:
                self.stopping.wait(fault.delay)
        for fault in fired:
            error = fault.error()
            if error is not None:
                raise error

    def authenticate(self, headers: dict[str, str]) -> tuple[str, bool, str]:
        """Return (key, livemode, platform account) for the request's API key."""
        key = _api_key(headers.get("authorization", ""))
        if not key:
            raise errors.no_api_key()
        store = self.double.store
        with store.lock:
            platform = store.api_keys.get(key)
        if key.startswith(TEST_PREFIXES):
            livemode = False
        elif key.startswith(LIVE_PREFIXES):
            livemode = True
        else:
            raise errors.invalid_api_key(key)
        return key, livemode, platform or self.double.platform_id

    def scope(self, headers: dict[str, str], platform: str) -> str:
        """Return the account the request acts on (``Stripe-Account`` header)."""
        # v2 requests name the account in Stripe-Context (a one-account context here)
        account = headers.get("stripe-account") or headers.get("stripe-context")
        if not account or account == platform:
            return platform
        with self.double.store.lock:
            entry = self.double.store.accounts.get(account)
        if entry is None or entry.platform != platform:
            raise errors.account_invalid(account)
        return account

    def _encode(self, ctx: Context, result: Any) -> bytes:
        if isinstance(result, bytes):
            return result
        if isinstance(result, Record) or isinstance(result, dict):
            return ctx.render(result)
        raise TypeError(f"handler returned {type(result).__name__}")

    def _error(self, error: errors.StripeError, request_id: str, livemode: bool) -> Response:
        body = json.dumps(error.body(request_id, livemode), indent=2).encode()
        return Response(error.status, body, dict(error.headers))

    def _control(self, method: str, path: str, query: str) -> Response:
        """Endpoints of the double itself (not counted, no API key)."""
        counter = self.double.counter
        parts = path.strip("/").split("/")
        if method == "GET" and len(parts) == 3 and parts[1] == "checkout":
            return pages.checkout_page(self.double, parts[2], query)
        if method == "GET" and len(parts) == 3 and parts[1] == "billing_portal":
            return pages.portal_page(self.double, parts[2])
        if method == "GET" and path == "/__double/stats":
            return Response(
                200, json.dumps(counter.stats()).encode(), {"Content-Type": "application/json"}
            )
        if method == "POST" and path == "/__double/reset":
            counter.reset()
            return Response(200, b'{"ok": true}', {"Content-Type": "application/json"})
        return Response(
            404,
            b'{"error": {"message": "Unknown control endpoint."}}',
            {"Content-Type": "application/json"},
        )


def _json_params(body: bytes) -> dict[str, Any]:
    """The parameters of a JSON body (v2 API), or Stripe's 400 when it is not an object."""
    try:
        value = json.loads(body)
    except ValueError as error:
        raise errors.StripeError(400, "The request body is not valid JSON.") from error
    if not isinstance(value, dict):
        raise errors.StripeError(400, "The request body must be a JSON object.")
    return value


def _api_key(authorization: str) -> str:
    """The key of ``Bearer <key>`` or of HTTP Basic ``<key>:`` (curl -u)."""
    scheme, _, value = authorization.strip().partition(" ")
    if scheme.lower() == "bearer":
        return value.strip()
    if scheme.lower() == "basic":
        try:
            return base64.b64decode(value).decode().partition(":")[0]
        except (ValueError, UnicodeDecodeError):
            return ""
    return ""
