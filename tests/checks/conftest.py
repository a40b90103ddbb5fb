"""Helpers for the system-check tests: run djstripe's checks and read their ids."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pytest
from django.core import checks


def run(databases: Iterable[str] | None = None) -> list[checks.CheckMessage]:
    """djstripe's messages of ``manage.py check`` (``databases``: its ``--database`` options).

    An empty list, not None, when no database is named: Django 6 would otherwise hand
    every connection to the checks (as ``manage.py check`` never does).
    """
    return checks.run_checks(tags=["djstripe"], databases=list(databases or []))


def ids(messages: Iterable[checks.CheckMessage]) -> list[str]:
    return sorted(message.id for message in messages if message.id)


@pytest.fixture
def clean_settings(settings: Any) -> Any:
    """Settings with which djstripe's checks report nothing: the suite's own, with DEBUG on
    (pytest-django turns it off, and the suite points STRIPE_API_HOST at the double)."""
    settings.DEBUG = True
    assert run() == []
    return settings
