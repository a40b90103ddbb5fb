"""Fixtures for the tests of the Stripe API double: real HTTP, real stripe-python."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pytest
import stripe

from djstripe.testing import StripeDouble

# The plugin is normally loaded through its pytest11 entry point; importing the
# fixtures here keeps these tests runnable from a source tree that is not installed.
from djstripe.testing.pytest_plugin import (  # noqa: F401
    stripe_double,
    stripe_double_server,
    stripe_double_settings,
)

API_KEY = "sk_test_tests"


@pytest.fixture
def double() -> Iterator[StripeDouble]:
    """A fresh, started double of its own (for tests that change global things)."""
    with StripeDouble(seed=7) as fresh:
        yield fresh


@pytest.fixture
def client(double: StripeDouble) -> stripe.StripeClient:
    """A StripeClient talking to ``double`` (no retries unless a test asks)."""
    return stripe.StripeClient(API_KEY, base_addresses={"api": double.url}, max_network_retries=0)


@contextlib.contextmanager
def global_api_base(url: str) -> Iterator[None]:
    """Point the module-level stripe API (``stripe.Customer.list``) at ``url``, then restore."""
    saved = stripe.api_base
    stripe.api_base = url
    try:
        yield
    finally:
        stripe.api_base = saved
