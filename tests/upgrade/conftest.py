"""Fixtures of the recorded-database tests: the Stripe API double and a loaded database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from djstripe.testing import StripeDouble

from .recorded import Database


@pytest.fixture(scope="module")
def double_url() -> Iterator[str]:
    """The account the recorded databases were built from (``--fixtures --customers 30``)."""
    with StripeDouble(fixtures=True) as double:
        double.generate_account(customers=30)
        yield double.url


@pytest.fixture
def database(request, tmp_path, double_url) -> Iterator[Database]:
    found = Database(tmp_path, getattr(request, "param", "id"), double_url)
    found.load()
    yield found
    found.drop()
