"""Injected faults: error statuses, ``Retry-After``, slow answers, random failures.

A fault matches requests by route template (``GET /v1/customers``,
``GET /v1/invoices/{id}/lines``), by shell-style pattern (``GET /v1/*``) or
``*``.  It lets ``after`` matching requests through, then fires ``times``
times (None: forever), each time with ``probability`` (drawn from its own
seeded generator, so a failing run can be replayed).  Firing sleeps ``delay``
seconds and, when ``status`` is set, answers with that error instead of the
real response.
"""

from __future__ import annotations

import fnmatch
import random
import threading
from dataclasses import dataclass, field

from . import errors


@dataclass
class Fault:
    """One injected fault; returned by ``inject_fault`` as a handle."""

    route: str = "*"
    status: int | None = 429
    times: int | None = 1
    retry_after: float | None = None
    should_retry: bool | None = None
    delay: float = 0.0
    after: int = 0
    probability: float | None = None
    seed: int | None = None
    error_type: str | None = None
    seen: int = 0
    """Matching requests so far."""
    fired: int = 0
    """How many times the fault fired."""
    _rng: random.Random = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)
        if self.probability is not None and not 0 <= self.probability <= 1:
            raise ValueError("probability must be between 0 and 1")

    @property
    def exhausted(self) -> bool:
        return self.times is not None and self.fired >= self.times

    def matches(self, template: str) -> bool:
        return self.route == "*" or fnmatch.fnmatchcase(template, self.route)

    def try_fire(self) -> bool:
        """Count one matching request; return True when the fault fires for it."""
        self.seen += 1
        if self.seen <= self.after or self.exhausted:
            return False
        if self.probability is not None and self._rng.random() >= self.probability:
            return False
        self.fired += 1
        return True

    def error(self) -> errors.StripeError | None:
        """The error to answer with, or None for a delay-only fault."""
        if self.status is None:
            return None
        error = errors.injected(self.status, self.error_type)
        if self.retry_after is not None:
            error.headers["Retry-After"] = _seconds(self.retry_after)
        if self.should_retry is not None:
            error.headers["Stripe-Should-Retry"] = "true" if self.should_retry else "false"
        return error


def _seconds(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


class FaultRegistry:
    """The active faults, checked in the order they were injected."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: list[Fault] = []

    def add(self, fault: Fault) -> Fault:
        with self._lock:
            self._faults.append(fault)
        return fault

    def remove(self, fault: Fault) -> None:
        with self._lock:
            if fault in self._faults:
                self._faults.remove(fault)

    def clear(self) -> None:
        with self._lock:
            self._faults = []

    @property
    def faults(self) -> list[Fault]:
        with self._lock:
            return list(self._faults)

    def fire(self, template: str) -> list[Fault]:
        """Return the faults that fire for one request to ``template``."""
        with self._lock:
            return [fault for fault in self._faults if fault.matches(template) and fault.try_fire()]
