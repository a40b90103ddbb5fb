"""Fixtures for drift: the backfill's generated accounts and runners, reused."""

from __future__ import annotations

from tests.backfill.conftest import (  # noqa: F401 - fixtures, found by name
    Accounts,
    Output,
    accounts,
    command,
    key,
    run,
    sleeps,
    small,
)
