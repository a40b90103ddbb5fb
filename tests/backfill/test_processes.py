"""Worker processes (``--workers N`` on PostgreSQL and MySQL): the same mirror as a serial
run, failures reported, a killed worker's partition resumed."""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from djstripe.models import SyncCheckpoint, SyncRun
from djstripe.sync import checkpoints
from djstripe.sync.report import Report

from . import expect
from .conftest import SECOND_KEY, Accounts, Output

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor == "sqlite", reason="SQLite runs workers as threads (one writer)"
    ),
]


def rows_without_keys() -> dict[tuple[str, str], tuple[Any, ...]]:
    """Every mirrored row without its primary key (which follows the order of inserts)."""
    return {
        key: values[1:]  # djstripe_id is the first concrete field
        for key, values in expect.snapshot().items()
    }


def listed_per_listing(run_id: int | None) -> dict[tuple[str, str], int]:
    found: dict[tuple[str, str], int] = {}
    for checkpoint in SyncCheckpoint.objects.filter(run=run_id):
        key = (checkpoint.model_name, checkpoint.account)
        found[key] = found.get(key, 0) + checkpoint.listed
    return found


def test_processes_mirror_what_a_serial_run_mirrors(
    accounts: Accounts, run: Callable[..., Report]
) -> None:
    keys = [accounts.double.api_key, SECOND_KEY]
    parallel = run(api_keys=keys, workers=3)
    assert parallel.status == "completed", parallel.errors
    for account in accounts.all:
        expect.assert_mirrors(accounts.double, account)
    expect.assert_linked()
    by_processes = rows_without_keys()
    windows = SyncCheckpoint.objects.filter(run=parallel.run_id).exclude(window="")
    assert windows.filter(model_name="Invoice").count() == 6 * len(accounts.all)
    listed_by_processes = listed_per_listing(parallel.run_id)

    call_command("flush", interactive=False, verbosity=0)
    serial = run(api_keys=keys, workers=1)
    assert serial.status == "completed", serial.errors
    assert rows_without_keys() == by_processes
    # Each object on its own model's pages once, whichever window or worker read it.
    assert listed_per_listing(serial.run_id) == listed_by_processes


def test_an_error_in_one_partition_fails_the_command(
    small: Accounts, command: Callable[..., Output]
) -> None:
    small.double.inject_fault(route="GET /v1/invoices", status=500, times=None, should_retry=False)
    with pytest.raises(CommandError, match="failure"):
        command("--workers", "2", "--fail-on-error")
    assert SyncCheckpoint.objects.filter(model_name="Invoice", status="failed").exists()
    assert SyncCheckpoint.objects.filter(model_name="Customer", status="done").exists()
    output = command("--workers", "2", "--no-fail-on-error")
    assert "Listing Invoice failed" in output.err


def test_a_killed_worker_fails_its_partition_and_resume_completes(
    small: Accounts, run: Callable[..., Report], tmp_path: Path, monkeypatch: Any
) -> None:
    marker = tmp_path / "killed"
    parent = os.getpid()
    record_page = checkpoints.record_page

    def die_once(checkpoint: SyncCheckpoint, **values: Any) -> None:
        # Inside the page's transaction, in a worker process: like a kill -9 mid-page.
        if os.getpid() != parent and checkpoint.model_name == "Invoice":
            if not marker.exists():
                marker.touch()
                os._exit(9)
        record_page(checkpoint, **values)

    monkeypatch.setattr(checkpoints, "record_page", die_once)
    first = run(workers=2)
    assert first.status == "failed"
    assert any("worker process exited with code 9" in str(e) for e in first.errors)
    assert marker.exists()

    second = run(resume=True, workers=2)
    assert second.status == "completed", second.errors
    assert second.run_id == first.run_id
    expect.assert_mirrors(small.double, small.platform)
    expect.assert_linked()


def test_ctrl_c_stops_the_workers_and_resume_finishes(
    small: Accounts, command: Callable[..., Output]
) -> None:
    # Invoice pages are slow: SIGINT arrives while workers are listing them.
    small.double.inject_fault(route="GET /v1/invoices", status=None, delay=1.0, times=None)
    timer = threading.Timer(1.0, os.kill, (os.getpid(), signal.SIGINT))
    timer.start()
    try:
        interrupted = command("--workers", "2", "--no-fail-on-error")
    finally:
        timer.cancel()
    assert "Interrupted: run again with --resume" in interrupted.err
    assert SyncRun.objects.get().status == "interrupted"
    assert not multiprocessing.active_children(), "every worker process ended"

    small.double.clear_faults()
    resumed = command("--resume", "--workers", "2")
    assert "completed" in resumed.out
    expect.assert_mirrors(small.double, small.platform)
    expect.assert_linked()
