"""A request budget shared by every thread of the process (a token bucket).

Stripe allows 100 read requests per second in live mode and 25 in test mode;
the backfill defaults to half of that so the user's own traffic still fits.
Several processes (``--workers`` on PostgreSQL, task workers) split one budget:
each takes its share (:func:`share`). An API on this machine (the bundled double,
stripe-mock) has no Stripe limit to protect, so it gets no default budget
(:func:`is_local_api`).
"""

from __future__ import annotations

import ipaddress
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager

LIVE_MODE_LIMIT = 100
TEST_MODE_LIMIT = 25


def default_rate(livemode: bool) -> float:
    """Half of Stripe's documented limit for the key's mode: 50/s live, 12/s test."""
    return (LIVE_MODE_LIMIT if livemode else TEST_MODE_LIMIT) // 2


def is_local_api(api_base: str) -> bool:
    """Whether ``api_base`` is on this machine (``localhost``, a loopback address)."""
    host = urllib.parse.urlsplit(api_base).hostname or ""
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def share(rate: float | None, workers: int) -> float | None:
    """Each of ``workers`` processes' part of ``rate`` requests/s (``None``: no limit).

    A fixed share needs no coordination (no shared counter to ask before every
    request); its cost is that a worker left alone at the end of a run still keeps to
    its share, so the run's tail is slower than the whole budget allows.
    """
    if not rate:
        return None
    return rate / max(1, workers)


class RequestBudget:
    """At most ``rate`` requests per second across all callers, with a burst of ``rate``."""

    def __init__(
        self,
        rate: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.rate = float(rate)
        self.capacity = max(1.0, float(rate))
        self.tokens = self.capacity
        self.clock = clock
        self.sleep = sleep
        self.updated = clock()
        self.lock = threading.Lock()

    def acquire(self) -> float:
        """Take one request from the budget, waiting if needed; return the seconds waited."""
        waited = 0.0
        while True:
            with self.lock:
                now = self.clock()
                self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
                self.updated = now
                if self.tokens >= 1:
                    self.tokens -= 1
                    return waited
                wait = (1 - self.tokens) / self.rate
            self.sleep(wait)
            waited += wait


_current: RequestBudget | None = None
_current_lock = threading.Lock()


def current() -> RequestBudget | None:
    return _current


@contextmanager
def limit(rate: float | None) -> Iterator[RequestBudget | None]:
    """Apply a process-wide budget of ``rate`` requests/s (``None``: unlimited) inside the block."""
    global _current
    with _current_lock:
        previous = _current
        _current = RequestBudget(rate) if rate else None
    try:
        yield _current
    finally:
        with _current_lock:
            _current = previous
