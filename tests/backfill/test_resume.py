"""Interrupted runs resume where their checkpoints stopped, re-reading at most a page."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from djstripe.models import SyncCheckpoint, SyncRun
from djstripe.sync import partitions
from djstripe.sync.partitions import Partition
from djstripe.sync.progress import Progress
from djstripe.sync.report import Report

from . import expect
from .conftest import Accounts, Output

pytestmark = pytest.mark.django_db

MODELS = ("Customer", "Subscription", "Invoice", "Charge")
OWN_ROUTES = (
    "GET /v1/customers",
    "GET /v1/subscriptions",
    "GET /v1/invoices",
    "GET /v1/charges",
    "GET /v1/invoices/{id}/lines",
)


class StopAfter(Progress):
    """Asks the run to stop once ``pages`` pages are written."""

    def __init__(self, pages: int, stop: threading.Event) -> None:
        self.left = pages
        self.stop = stop

    def page(self, part: Partition, objects: int) -> None:
        self.left -= 1
        if self.left == 0:
            self.stop.set()


@pytest.fixture
def big(stripe_double: Any, key: str) -> Accounts:
    """Enough customers for several pages of customers, invoices and charges."""
    stripe_double.generate_account(customers=110, seed=5)
    stripe_double.reset_counts()
    return Accounts(stripe_double, stripe_double.platform_id)


def _pages_needed(double: Any) -> int:
    """List requests of one uninterrupted run of MODELS."""
    total = 0
    for name in MODELS:
        model = expect.model(name)
        total += max(1, -(-len(double.objects(model.stripe_object)) // 100))
    total += sum(1 for i in double.objects("invoice") if i["lines"]["has_more"])
    return total


@pytest.mark.parametrize("pages", [1, 3, 6])
def test_stopped_run_resumes_to_an_exact_mirror(
    big: Accounts, run: Callable[..., Report], pages: int
) -> None:
    stop = threading.Event()
    first = run(*MODELS, stop=stop, progress=StopAfter(pages, stop))
    assert first.status == "interrupted"
    assert SyncRun.objects.get(pk=first.run_id).status == "interrupted"
    written = SyncCheckpoint.objects.filter(run_id=first.run_id).values_list("pages", flat=True)
    assert sum(written) == pages
    second = run(resume=True)
    assert second.run_id == first.run_id
    assert second.status == "completed"
    for name in MODELS:
        model = expect.model(name)
        assert expect.mirrored_ids(name, big.platform) == {
            o["id"] for o in big.double.objects(model.stripe_object)
        }
    expect.assert_linked()
    counts = big.double.request_counts()
    own = sum(counts.get(route, 0) for route in OWN_ROUTES)
    assert own <= _pages_needed(big.double) + 1  # at most the page in flight, once


def test_a_failed_partition_resumes_from_its_last_page(
    big: Accounts, run: Callable[..., Report]
) -> None:
    big.double.inject_fault(route="GET /v1/invoices", status=500, after=1, times=None)
    first = run("Invoice", "Customer")
    assert first.status == "failed"
    checkpoint = SyncCheckpoint.objects.get(model_name="Invoice")
    assert (checkpoint.status, checkpoint.pages) == ("failed", 1)
    assert checkpoint.cursor
    big.double.clear_faults()
    big.double.reset_counts()
    second = run(resume=True)
    assert second.status == "completed"
    invoices = len(big.double.objects("invoice"))
    assert big.double.request_counts()["GET /v1/invoices"] == -(-invoices // 100) - 1
    assert "GET /v1/customers" not in big.double.request_counts(), "done partitions stay done"
    assert expect.mirrored_ids("Invoice", big.platform) == {
        o["id"] for o in big.double.objects("invoice")
    }


def test_resume_without_an_unfinished_run_starts_a_new_one(
    big: Accounts, run: Callable[..., Report]
) -> None:
    first = run("Customer")
    second = run("Customer", resume=True)
    assert second.run_id != first.run_id
    assert any("No interrupted run" in note for note in second.notes)


def test_sigint_stops_the_command_and_resume_finishes(
    big: Accounts, command: Callable[..., Output]
) -> None:
    # The first request is slow; SIGINT arrives while it is in flight.
    big.double.inject_fault(route="GET /v1/account", status=None, delay=1.0, times=1)
    timer = threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGINT))
    timer.start()
    try:
        interrupted = command(*MODELS)
    finally:
        timer.cancel()
    assert "Interrupted: run again with --resume" in interrupted.err
    assert SyncRun.objects.get().status == "interrupted"
    resumed = command("--resume")
    assert "completed" in resumed.out
    assert expect.mirrored_ids("Invoice", big.platform) == {
        o["id"] for o in big.double.objects("invoice")
    }
    assert len(partitions.select([expect.model(m) for m in MODELS]).listed) == 4


class CountPages(Progress):
    def __init__(self) -> None:
        self.pages: dict[str, int] = {}

    def page(self, part: Partition, objects: int) -> None:
        self.pages[part.model_name] = self.pages.get(part.model_name, 0) + 1


def test_a_run_killed_while_writing_a_page_re_reads_only_that_page(
    big: Accounts, run: Callable[..., Report]
) -> None:
    """Killed (a second Ctrl-C, a crash) in the middle of writing the second page of
    charges: only that page was read and not written; the resumed run reads it again
    and nothing else twice."""
    double = big.double
    progress = CountPages()
    table = connection.ops.quote_name(expect.model("Charge")._meta.db_table)

    def crash_on_second_page(execute: Any, sql: str, params: Any, many: bool, context: Any):
        if progress.pages.get("Charge") == 1 and sql.startswith(f"INSERT INTO {table}"):
            # Had a page been read ahead, give its request time to reach Stripe.
            deadline = time.monotonic() + 1.0
            while double.request_counts().get("GET /v1/charges", 0) < 3:
                if time.monotonic() > deadline:
                    break
                time.sleep(0.01)
            raise KeyboardInterrupt
        return execute(sql, params, many, context)

    with connection.execute_wrapper(crash_on_second_page), pytest.raises(KeyboardInterrupt):
        run("Charge", progress=progress)
    assert SyncRun.objects.get().status == "interrupted"
    assert SyncCheckpoint.objects.get(model_name="Charge").pages == 1
    assert run(resume=True).status == "completed"
    needed = -(-len(double.objects("charge")) // 100)
    assert needed >= 3
    assert double.request_counts()["GET /v1/charges"] == needed + 1
    assert expect.mirrored_ids("Charge", big.platform) == {
        c["id"] for c in double.objects("charge")
    }
