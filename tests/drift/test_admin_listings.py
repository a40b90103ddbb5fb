"""The admin shows, per model, when it was last listed completely and by which run."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from djstripe.models import SyncCheckpoint
from djstripe.sync.report import Report

from .conftest import Accounts

pytestmark = pytest.mark.django_db

CHECKPOINTS = "/admin/djstripe/synccheckpoint/"


def _rows(html: str) -> list[str]:
    return re.findall(r"<tr>.*?</tr>", html.replace("\n", ""))


def test_last_complete_listing_per_model_and_its_run(
    small: Accounts, run: Callable[..., Report], admin_client: Any
) -> None:
    first = run("Customer", "Invoice")
    small.double.advance(3600)
    second = run("Customer", "Invoice")  # incremental: not a complete listing
    small.double.advance(3600)
    third = run("Customer", full=True)
    page = admin_client.get(CHECKPOINTS, {"listing": "last_complete"})
    assert page.status_code == 200
    shown = page.content.decode()
    rows = _rows(shown)
    customer = [r for r in rows if ">Customer<" in r]
    invoice = [r for r in rows if ">Invoice<" in r]
    assert len(customer) == len(invoice) == 1, "one row per model, account and mode"
    assert f"sync run {third.run_id} " in customer[0]
    assert f"sync run {first.run_id} " in invoice[0]
    assert f"sync run {second.run_id} " not in shown
    assert 'alt="True"' in customer[0], "marked as a complete listing"
    complete = SyncCheckpoint.objects.filter(run=third.run_id, kind="list", since__isnull=True)
    assert complete.count() == 1
    runs = admin_client.get("/admin/djstripe/syncrun/").content.decode()
    assert f'?run__id__exact={third.run_id}">1</a>' in runs
    assert f'?run__id__exact={second.run_id}">0</a>' in runs
    listed = admin_client.get(CHECKPOINTS, {"run__id__exact": third.run_id})
    assert listed.status_code == 200
