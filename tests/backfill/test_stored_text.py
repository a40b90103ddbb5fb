"""The stored JSON text and its hash: read over the lean path, written with orjson, and the
same text (so the same hash) as the json module wrote before: a resync writes nothing."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

import pytest

from djstripe.models import Customer
from djstripe.sync.report import Report

from .conftest import Accounts

pytestmark = pytest.mark.django_db

UNUSUAL = {
    "name": "Zoë Ångström 😀",
    "description": 'line\u2028separator, tab\t, quote " and backslash \\',
    "x_big_number": 2**70 + 1,
    "x_ratio": 0.1,
}


def _previous_hash(data: Any) -> str:
    """The hash the json module's text gave before orjson."""
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def test_a_resync_after_the_backfill_writes_nothing(
    small: Accounts, run: Callable[..., Report]
) -> None:
    double = small.double
    first = double.objects("customer")[0]
    double.put({**first, **UNUSUAL})
    run("Customer")
    row = Customer.objects.get(id=first["id"])
    assert {key: row.stripe_data[key] for key in UNUSUAL} == UNUSUAL
    for customer in Customer.objects.all():
        assert customer.djstripe_hash == _previous_hash(customer.stripe_data), customer.id
    report = run("Customer", full=True)
    result = report.rows[("Customer", small.platform)]
    assert (result.created, result.updated, result.unchanged) == (0, 0, 12)
