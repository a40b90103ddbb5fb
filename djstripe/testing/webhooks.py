"""Deliver events, signed, to webhook targets: URLs on 127.0.0.1 or Python callables.

Targets are the enabled ``webhook_endpoint`` objects of the account (created
through ``POST /v1/webhook_endpoints``) plus those added with
``StripeDouble.add_webhook_target``.  Events of a connected account go to the
platform's ``connect`` targets only (and its test events, when it is connected in
live mode, to the live ones too), as on Stripe.

Delivery modes:

* ``immediate``: delivered in the request thread, before the API response;
* ``background``: delivered in order by one worker thread;
* ``manual``: queued until ``deliver_pending()``.
"""

from __future__ import annotations

import fnmatch
import json
import queue
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from .signing import signature_header
from .store import Store

Callback = Callable[[bytes, dict[str, str]], int]
MODES = ("immediate", "background", "manual")
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
TIMEOUT_SECONDS = 10.0


@dataclass
class Target:
    """Somewhere events are delivered to."""

    id: str
    secret: str = field(repr=False)
    url: str | None = None
    callback: Callback | None = None
    enabled_events: list[str] = field(default_factory=lambda: ["*"])
    api_version: str | None = None
    connect: bool = False
    livemode: bool = False
    account: str = ""

    def wants(self, event_type: str) -> bool:
        return any(fnmatch.fnmatchcase(event_type, pattern) for pattern in self.enabled_events)

    @property
    def label(self) -> str:
        return self.url or str(getattr(self.callback, "__qualname__", repr(self.callback)))


@dataclass(frozen=True)
class DeliveryResult:
    """One delivery attempt: where, which event, the HTTP status or the error."""

    target: str
    target_id: str
    event_id: str
    event_type: str
    status: int | None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


@dataclass(frozen=True)
class _Job:
    target: Target
    event: dict[str, Any]


class WebhookDispatcher:
    """Find the targets of events and deliver to them according to ``mode``."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.targets: list[Target] = []
        self.deliveries: list[DeliveryResult] = []
        self._mode = "immediate"
        self._lock = threading.Lock()
        self._pending: list[_Job] = []
        self._queue: queue.Queue[_Job | None] = queue.Queue()
        self._worker: threading.Thread | None = None
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        self.more_jobs: Callable[[list[tuple[str, dict[str, Any]]]], list[tuple[Target, Any]]]
        self.more_jobs = lambda events: []
        """Further (target, payload) deliveries of the same events: the thin events of
        event destinations (:mod:`.v2_events`)."""

    # -------------------------------------------------------------- targets

    @property
    def mode(self) -> str:
        return self._mode

    @mode.setter
    def mode(self, mode: str) -> None:
        if mode not in MODES:
            raise ValueError(f"delivery_mode must be one of {MODES}, not {mode!r}")
        self._mode = mode
        if mode == "background":
            self._ensure_worker()

    def targets_for(self, account: str, livemode: bool, event_type: str) -> list[Target]:
        """Targets that receive an event of ``event_type`` happening in ``account``.

        As on Stripe, a connected account's events go to the platform's Connect
        endpoints of their mode; test events of an account connected in live mode go
        to the live Connect endpoints (and to the test ones only if it is connected in
        test mode too).
        """
        with self.store.lock:
            entry = self.store.accounts.get(account)
            platform = entry.platform if entry and entry.platform else account
            connect = platform != account
            modes = [livemode]
            if connect and not livemode and self._connected_in(platform, account, True):
                in_test = self._connected_in(platform, account, False)
                modes = [False, True] if in_test else [True]
            candidates = [t for t in self.targets if t.account == platform]
            for mode in modes:
                candidates.extend(self._endpoint_targets(platform, mode))
        return [
            t
            for t in candidates
            if t.connect == connect and t.livemode in modes and t.wants(event_type)
        ]

    def _connected_in(self, platform: str, account: str, livemode: bool) -> bool:
        space = self.store.spaces.get((platform, livemode))
        return bool(space and space.get(account))

    def _endpoint_targets(self, platform: str, livemode: bool) -> list[Target]:
        """The enabled ``webhook_endpoint`` objects of ``platform`` in ``livemode``."""
        space = self.store.spaces.get((platform, livemode))
        found = []
        for record in space.records("webhook_endpoint") if space else ():
            endpoint = record.obj
            if endpoint.get("status") != "enabled":
                continue
            private = self.store.endpoint_private.get(endpoint["id"], {})
            found.append(
                Target(
                    id=endpoint["id"],
                    url=endpoint.get("url"),
                    secret=private.get("secret", ""),
                    enabled_events=list(endpoint.get("enabled_events") or ["*"]),
                    api_version=endpoint.get("api_version"),
                    connect=bool(private.get("connect")),
                    livemode=livemode,
                    account=platform,
                )
            )
        return found

    # ------------------------------------------------------------- delivery

    def dispatch(self, events: list[tuple[str, dict[str, Any]]]) -> list[DeliveryResult]:
        """Deliver ``(account, event)`` pairs; returns the results in immediate mode."""
        jobs = [
            _Job(target, event)
            for account, event in events
            if event.get("object") == "event"  # thin events go to destinations only
            for target in self.targets_for(account, event["livemode"], event["type"])
        ]
        jobs += [_Job(target, payload) for target, payload in self.more_jobs(events)]
        return self._schedule(jobs)

    def deliver_to(self, pairs: list[tuple[Target, dict[str, Any]]]) -> list[DeliveryResult]:
        """Deliver each payload to its target (as :meth:`dispatch`, by ``mode``)."""
        return self._schedule([_Job(target, payload) for target, payload in pairs])

    def _schedule(self, jobs: list[_Job]) -> list[DeliveryResult]:
        if self._mode == "immediate":
            return [self._deliver(job) for job in jobs]
        if self._mode == "background":
            self._ensure_worker()
            for job in jobs:
                self._queue.put(job)
        else:
            with self._lock:
                self._pending.extend(jobs)
        return []

    def deliver_pending(self) -> list[DeliveryResult]:
        """Deliver every queued job (manual mode) in order; return the results."""
        with self._lock:
            jobs, self._pending = self._pending, []
        return [self._deliver(job) for job in jobs]

    @property
    def pending_count(self) -> int:
        with self._lock:
            return len(self._pending) + self._queue.qsize()

    def wait(self, timeout: float = 5.0) -> bool:
        """Wait until the background worker has delivered everything queued."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._queue.unfinished_tasks == 0:
                return True
            time.sleep(0.005)
        return self._queue.unfinished_tasks == 0

    def clear(self) -> None:
        with self._lock:
            self._pending = []
            self.deliveries = []

    def stop(self) -> None:
        if self._worker is not None:
            self._queue.put(None)
            self._worker.join(timeout=TIMEOUT_SECONDS)
            self._worker = None

    def _ensure_worker(self) -> None:
        if self._worker is None or not self._worker.is_alive():
            self._worker = threading.Thread(
                target=self._run, name="stripe-double-webhooks", daemon=True
            )
            self._worker.start()

    def _run(self) -> None:
        while True:
            job = self._queue.get()
            try:
                if job is None:
                    return
                self._deliver(job)
            finally:
                self._queue.task_done()

    def _deliver(self, job: _Job) -> DeliveryResult:
        event = job.event
        body = json.dumps(event, indent=2).encode()
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "Stripe-Signature": signature_header(body, job.target.secret),
            "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
        }
        status, error = self._send(job.target, body, headers)
        result = DeliveryResult(
            job.target.label, job.target.id, event["id"], event["type"], status, error
        )
        with self._lock:
            self.deliveries.append(result)
        return result

    def _send(
        self, target: Target, body: bytes, headers: dict[str, str]
    ) -> tuple[int | None, str | None]:
        if target.callback is not None:
            try:
                return int(target.callback(body, dict(headers))), None
            except Exception as exc:  # a failing receiver is a failed delivery
                return None, f"{type(exc).__name__}: {exc}"
        url = target.url or ""
        if urlsplit(url).hostname not in LOOPBACK:
            return None, "not delivered: the double only delivers to 127.0.0.1"
        request = urllib.request.Request(url, data=body, headers=headers, method="POST")
        try:
            with self._opener.open(request, timeout=TIMEOUT_SECONDS) as response:
                return response.status, None
        except urllib.error.HTTPError as exc:
            return exc.code, None
        except (urllib.error.URLError, OSError) as exc:
            return None, f"{type(exc).__name__}: {exc}"
