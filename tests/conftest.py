"""Test-wide fixtures: every test talks to the bundled Stripe API double over HTTP.

The double's own pytest plugin (``djstripe.testing.pytest_plugin``) starts one
server for the run and restores its state after each test; here it is pointed
at by ``STRIPE_API_HOST`` for every Django test.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import OperationalError

DATA = Path(__file__).parent / "data"
EXAMPLES = json.loads(
    (Path(__file__).parent.parent / "djstripe" / "testing" / "data" / "fixtures3.json").read_text()
)["resources"]
# fixtures3.json holds v1 objects only; the v2 account is the example of Stripe's v2
# API reference (``AccountV2``).
EXAMPLES["v2.core.account"] = json.loads((DATA / "v2_core_account.json").read_text())


def example(object_name: str, **changes: Any) -> dict[str, Any]:
    """A fresh copy of Stripe's published example object, with top-level changes."""
    data = copy.deepcopy(EXAMPLES[object_name])
    data.update(changes)
    return data


class DriverError(Exception):
    """What a database driver raises: psycopg's errors carry the SQLSTATE."""

    def __init__(self, sqlstate: str) -> None:
        super().__init__(sqlstate)
        self.sqlstate = sqlstate


def database_error(sqlstate: str) -> OperationalError:
    """Django's error for a driver error of ``sqlstate`` (``40P01``: deadlock detected),
    chained as Django chains it."""
    error = OperationalError(f"SQLSTATE {sqlstate}")
    error.__cause__ = DriverError(sqlstate)
    return error


def older_shape(name: str) -> dict[str, Any]:
    """An object in an older API version's shape, from ``tests/data/older/<name>.json``."""
    return json.loads((DATA / "older" / f"{name}.json").read_text())


def pytest_configure(config: pytest.Config) -> None:
    """Build test tables from the models (fast); ``test_migrations`` checks the migration."""
    if hasattr(config.option, "nomigrations"):
        config.option.nomigrations = True


@pytest.fixture(autouse=True)
def _point_stripe_at_double(request: pytest.FixtureRequest) -> Iterator[None]:
    """Django tests send their Stripe requests to the double (never anywhere else)."""
    if not request.config.pluginmanager.hasplugin("django"):
        yield
        return
    if request.node.get_closest_marker("no_double"):
        yield
        return
    settings = request.getfixturevalue("settings")
    double = request.getfixturevalue("stripe_double")
    settings.STRIPE_API_HOST = double.url
    from djstripe import stripe_api

    stripe_api.forget_platform_accounts()
    yield


@pytest.fixture
def double(stripe_double: Any) -> Any:
    """The Stripe API double with Stripe's example objects loaded."""
    stripe_double.load_fixtures()
    stripe_double.reset_counts()
    return stripe_double


try:  # until the double's own pytest plugin is installed
    import djstripe.testing.pytest_plugin  # noqa: F401
except ImportError:

    @pytest.fixture(scope="session")
    def stripe_double_server() -> Iterator[Any]:
        from djstripe.testing import StripeDouble

        double = StripeDouble().start()
        yield double
        double.stop()

    @pytest.fixture
    def stripe_double(stripe_double_server: Any) -> Iterator[Any]:
        token = stripe_double_server.snapshot()
        yield stripe_double_server
        stripe_double_server.restore(token)
        stripe_double_server.clear_faults()
        stripe_double_server.reset_counts()
