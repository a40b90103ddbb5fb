"""pytest fixtures for the Stripe API double (entry point ``djstripe_double``).

* ``stripe_double_server`` (session): one started double for the whole run;
* ``stripe_double`` (function): the same double, put back after each test to
  the state it had at the start of the session (objects, clock, targets), with
  counters, faults and deliveries cleared;
* ``stripe_double_settings`` (function): also points Django at the double
  through pytest-django's ``settings`` fixture.

Seed the session double from ``pytest.ini``/``pyproject.toml``::

    [tool.pytest.ini_options]
    stripe_double_fixtures = true      # Stripe's example objects
    stripe_double_customers = 50       # a generated account
    stripe_double_seed = 0

Nothing here imports Django: the settings fixture borrows pytest-django's.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .double import StripeDouble

_SNAPSHOT = "_djstripe_session_snapshot"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(
        "stripe_double_fixtures",
        "load fixtures3.json into the session double",
        type="bool",
        default=False,
    )
    parser.addini(
        "stripe_double_customers",
        "generate an account with this many customers in the session double",
        default="0",
    )
    parser.addini("stripe_double_seed", "seed of the session double", default="0")


def _ini(config: pytest.Config, name: str, default: Any) -> Any:
    try:
        value = config.getini(name)
    except ValueError:  # fixtures imported without the plugin: no ini options
        return default
    return value if value not in (None, "") else default


@pytest.fixture(scope="session")
def stripe_double_server(request: pytest.FixtureRequest) -> Iterator[StripeDouble]:
    """One Stripe API double serving on 127.0.0.1 for the whole test session."""
    config = request.config
    seed = int(_ini(config, "stripe_double_seed", 0))
    double = StripeDouble(fixtures=bool(_ini(config, "stripe_double_fixtures", False)), seed=seed)
    customers = int(_ini(config, "stripe_double_customers", 0))
    if customers:
        double.generate_account(customers=customers, seed=seed)
    try:
        double.start()
    except OSError as error:
        pytest.fail(
            f"The Stripe API double could not listen on 127.0.0.1 ({error}). "
            "Check that binding a local port is allowed in this environment.",
            pytrace=False,
        )
    setattr(double, _SNAPSHOT, double.snapshot())
    yield double
    double.stop()


@pytest.fixture
def stripe_double(stripe_double_server: StripeDouble) -> Iterator[StripeDouble]:
    """The session double; whatever a test changes is undone after it."""
    double = stripe_double_server
    yield double
    double.delivery_mode = "immediate"
    double.wait_for_deliveries(timeout=2.0)  # background deliveries finish first
    double.restore(getattr(double, _SNAPSHOT))
    double.clear_faults()
    double.reset_counts()


@pytest.fixture
def stripe_double_settings(stripe_double: StripeDouble, request: pytest.FixtureRequest) -> Any:
    """Django settings pointing at the double (needs pytest-django's ``settings``)."""
    try:
        settings = request.getfixturevalue("settings")
    except pytest.FixtureLookupError:
        pytest.fail(
            "stripe_double_settings needs pytest-django (its 'settings' fixture); "
            "install pytest-django or use the stripe_double fixture directly.",
            pytrace=False,
        )
    settings.STRIPE_API_HOST = stripe_double.url
    settings.STRIPE_LIVE_MODE = False
    settings.STRIPE_TEST_SECRET_KEY = stripe_double.api_key
    settings.STRIPE_TEST_PUBLIC_KEY = "pk_test_djstripe_double"
    return settings
