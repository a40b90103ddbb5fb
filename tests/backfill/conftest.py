"""Fixtures for the backfill: generated accounts in the double, a quick way to run it."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.management import call_command

from djstripe.sync.backfill import backfill
from djstripe.sync.report import Report

SECOND_KEY = "sk_test_second0platform0key"
SECOND_PLATFORM = "acct_1SecondPlatform0"


@dataclass
class Accounts:
    """What the double holds: platforms and connected accounts, by the key that reaches them."""

    double: Any
    platform: str
    connected: list[str] = field(default_factory=list)
    second_platform: str | None = None

    @property
    def all(self) -> list[str]:
        found = [self.platform, *self.connected]
        return found + ([self.second_platform] if self.second_platform else [])


@dataclass
class Sleeps:
    """An injected ``sleep`` that records instead of waiting."""

    calls: list[float] = field(default_factory=list)

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


@pytest.fixture
def key(stripe_double: Any, settings: Any) -> str:
    settings.STRIPE_TEST_SECRET_KEY = stripe_double.api_key
    return stripe_double.api_key


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def small(stripe_double: Any, key: str) -> Accounts:
    """The platform with a generated account of 12 customers."""
    stripe_double.generate_account(customers=12, seed=1)
    stripe_double.reset_counts()
    return Accounts(stripe_double, stripe_double.platform_id)


@pytest.fixture
def accounts(stripe_double: Any, key: str) -> Accounts:
    """Two platforms (two keys) and two connected accounts, each with generated data."""
    double = stripe_double
    double.generate_account(customers=30, seed=1)
    first = double.create_connected_account(email="first@example.com")["id"]
    second = double.create_connected_account(email="second@example.com")["id"]
    double.generate_account(customers=4, seed=2, account=first)
    double.generate_account(customers=3, seed=3, account=second)
    double.add_api_key(SECOND_KEY, account=SECOND_PLATFORM)
    double.generate_account(customers=5, seed=4, account=SECOND_PLATFORM)
    double.reset_counts()
    return Accounts(double, double.platform_id, [first, second], SECOND_PLATFORM)


@pytest.fixture
def run(sleeps: Sleeps) -> Callable[..., Report]:
    """``backfill()`` without a request budget and without real sleeps."""

    def go(*models: str, **options: Any) -> Report:
        options.setdefault("rate", 0)
        options.setdefault("sleep", sleeps)
        return backfill(list(models) or None, **options)

    return go


@dataclass
class Output:
    out: str
    err: str


class Terminal(io.StringIO):
    """A captured stdout that says it is a terminal."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def command() -> Callable[..., Output]:
    """``manage.py djstripe_sync_models`` with captured output (no request budget)."""

    def go(*args: str, terminal: bool = False, **options: Any) -> Output:
        out = Terminal() if terminal else io.StringIO()
        err = io.StringIO()
        options.setdefault("rate", 0)
        call_command("djstripe_sync_models", *args, stdout=out, stderr=err, **options)
        return Output(out.getvalue(), err.getvalue())

    return go
