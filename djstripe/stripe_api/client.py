"""The one place that sends requests to Stripe through stripe-python.

Chooses the key, the ``Stripe-Account`` and the API version for each request,
retries what is worth retrying, spends the shared request budget, and turns the
response into plain JSON data plus the Stripe time it was read at (the
freshness stamp). Errors that are not retried are stripe-python's own.
"""

from __future__ import annotations

import contextvars
import email.utils
import os
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import stripe
from django.views.decorators.debug import sensitive_variables

from .. import settings as djstripe_settings
from ..error_reports import hide_secrets
from ..exceptions import ImproperlyConfiguredError
from . import budget, retry
from .paths import check_path


@dataclass
class Response:
    """A decoded Stripe response: the JSON body, Stripe's clock and request id."""

    data: Any
    stamp: int
    """Stripe's ``Date`` header as epoch seconds: when Stripe rendered ``data``."""
    request_id: str | None = None
    status: int = 200


@dataclass
class RequestCounter:
    """Counts requests made inside :func:`counting` (per thread of control)."""

    total: int = 0
    retries: int = 0
    by_route: Counter[str] = field(default_factory=Counter)
    last_request_id: str | None = None


_counter: contextvars.ContextVar[RequestCounter | None] = contextvars.ContextVar(
    "djstripe_request_counter", default=None
)


@contextmanager
def counting() -> Iterator[RequestCounter]:
    """Count the Stripe requests made by this thread inside the block."""
    counter = RequestCounter()
    token = _counter.set(counter)
    try:
        yield counter
    finally:
        _counter.reset(token)


_retrying: contextvars.ContextVar[tuple[retry.RetryPolicy, Callable[[float], None]] | None] = (
    contextvars.ContextVar("djstripe_retrying", default=None)
)


@contextmanager
def retrying(
    policy: retry.RetryPolicy = retry.DEFAULT_POLICY,
    *,
    sleep: Callable[[float], None] = time.sleep,
) -> Iterator[None]:
    """Use this retry policy and sleep function for the requests made inside the block
    (by this thread of control) that do not pass their own. Tests inject ``sleep``."""
    token = _retrying.set((policy, sleep))
    try:
        yield
    finally:
        _retrying.reset(token)


_clients: dict[tuple[str, str | None, str, str], stripe.StripeClient] = {}
_clients_lock = threading.Lock()
# A forked worker process (djstripe.sync.processes) opens its own connections: two
# processes talking on one inherited keep-alive socket would mix their responses.
os.register_at_fork(after_in_child=_clients.clear)


@hide_secrets
def _client(api_key: str, stripe_account: str | None) -> stripe.StripeClient:
    version = djstripe_settings.api_version()
    base = djstripe_settings.api_base()
    key = (api_key, stripe_account, version, base)
    client = _clients.get(key)
    if client is None:
        with _clients_lock:
            client = _clients.get(key)
            if client is None:
                client = stripe.StripeClient(
                    api_key,
                    stripe_account=stripe_account,
                    stripe_version=version,
                    base_addresses={
                        "api": base,
                        "meter_events": djstripe_settings.meter_events_api_base(),
                    },
                    max_network_retries=0,  # retried here, under one policy and budget
                )
                _clients[key] = client
    return client


@hide_secrets
def resolve_api_key(api_key: str | None) -> str:
    key = api_key or djstripe_settings.secret_key()
    if not key:
        raise ImproperlyConfiguredError(
            "No Stripe secret key: set STRIPE_TEST_SECRET_KEY (and STRIPE_LIVE_SECRET_KEY "
            "with STRIPE_LIVE_MODE = True), or pass api_key=."
        )
    return key


def stamp_from_headers(headers: Mapping[str, str] | None) -> int:
    """Stripe's ``Date`` header as epoch seconds (our clock when it is missing)."""
    value = None
    if headers:
        for name, header_value in headers.items():
            if name.lower() == "date":
                value = header_value
                break
    if value:
        try:
            return int(email.utils.parsedate_to_datetime(value).timestamp())
        except (TypeError, ValueError, IndexError):
            pass
    return int(time.time())


def route_of(method: str, path: str) -> str:
    """``GET /v1/customers/cus_1/sources`` -> ``GET /v1/customers/{id}/sources``."""
    parts = [
        "{id}" if index > 1 and "_" in part and part not in _WORDS else part
        for index, part in enumerate(path.split("?")[0].split("/"))
    ]
    return f"{method.upper()} {'/'.join(parts)}"


_WORDS = frozenset(
    {
        "payment_methods",
        "tax_ids",
        "balance_transactions",
        "line_items",
        "external_accounts",
        "payment_intents",
        "setup_intents",
        "subscription_items",
        "invoice_payments",
        "application_fees",
        "shipping_rates",
        "promotion_codes",
        "tax_rates",
        "tax_codes",
        "webhook_endpoints",
        "file_links",
        "credit_notes",
        "country_specs",
        "early_fraud_warnings",
        "verification_sessions",
        "verification_reports",
        "scheduled_query_runs",
        "active_entitlements",
        "subscription_schedules",
        "test_clocks",
        "test_helpers",
        "billing_portal",
        "create_preview",
        "mark_uncollectible",
        "cash_balance",
    }
)


@hide_secrets
def request(
    method: str,
    path: str,
    params: Mapping[str, Any] | None = None,
    *,
    api_key: str | None = None,
    stripe_account: str | None = None,
    idempotency_key: str | None = None,
    policy: retry.RetryPolicy | None = None,
    sleep: Callable[[float], None] | None = None,
    base: str = "api",
    bearer: str | None = None,
) -> Response:
    """Send one request (with retries) and return the decoded response.

    ``policy`` and ``sleep`` default to those of an enclosing :func:`retrying` block,
    else :data:`retry.DEFAULT_POLICY` and ``time.sleep``. A ``path`` with an unquoted
    id in it (see :func:`.paths.path`) is refused with ``ValueError``, unsent.
    ``base`` names stripe-python's host (``meter_events`` for the v2 meter event
    stream) and ``bearer`` a short-lived token sent instead of the key (a meter event
    session's), so one client per key serves every token.
    """
    check_path(path)
    key = resolve_api_key(api_key)
    v2 = path.startswith("/v2/")
    # The v2 API names the account acted on in ``Stripe-Context`` (``Stripe-Account`` is v1's).
    client = _client(key, None if v2 else stripe_account)
    method = method.lower()
    options: dict[str, Any] = dict(params or {})
    if v2 and stripe_account:
        options["stripe_context"] = stripe_account
    if base != "api":
        options["base"] = base
    if bearer is not None:
        options["api_key"] = bearer
    if method != "get":
        options["idempotency_key"] = idempotency_key or f"djstripe-{uuid.uuid4()}"

    def send() -> Response:
        response = _send(client, method, path, options)
        return Response(
            data=response.data,
            stamp=stamp_from_headers(response.headers),
            request_id=response.request_id,
            status=response.code,
        )

    return attempts(method, path, send, policy=policy, sleep=sleep)


def attempts(
    method: str,
    path: str,
    send: Callable[[], Response],
    *,
    policy: retry.RetryPolicy | None = None,
    sleep: Callable[[float], None] | None = None,
) -> Response:
    """Call ``send`` until it answers or :mod:`.retry` says stop: each attempt spends
    one request of the budget and is counted; errors not retried are raised as they are.

    ``policy`` and ``sleep`` default to those of an enclosing :func:`retrying` block.
    """
    active = _retrying.get()
    if policy is None:
        policy = active[0] if active else retry.DEFAULT_POLICY
    if sleep is None:
        sleep = active[1] if active else time.sleep
    counter = _counter.get()
    attempt = 0
    while True:
        limiter = budget.current()
        if limiter is not None:
            limiter.acquire()
        if counter is not None:
            counter.total += 1
            counter.by_route[route_of(method, path)] += 1
        try:
            response = send()
        except stripe.StripeError as error:
            if counter is not None:
                counter.last_request_id = getattr(error, "request_id", None)
            if not retry.should_retry(error, attempt, policy, method=method):
                raise
            sleep(
                retry.delay_seconds(attempt, policy, retry_after=retry.retry_after_seconds(error))
            )
            attempt += 1
            if counter is not None:
                counter.retries += 1
            continue
        if counter is not None:
            counter.last_request_id = response.request_id
        return response


@sensitive_variables()
def _send(
    client: stripe.StripeClient, method: str, path: str, options: dict[str, Any]
) -> stripe.StripeResponse:
    """Call stripe-python. Its frames hold the key under many names (request options,
    the ``Authorization`` header): every local below this call is left out of Django's
    error reports."""
    return client.raw_request(method, path, **options)


def get(path: str, params: Mapping[str, Any] | None = None, **kwargs: Any) -> Response:
    return request("get", path, params, **kwargs)
