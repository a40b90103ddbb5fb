"""``djstripe_sync_models --enqueue``: the distributed backfill from the command line."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.management.base import CommandError

from djstripe.models import SyncCheckpoint, SyncRun
from djstripe.sync import backfill_tasks

from . import expect
from .conftest import Accounts, Output

pytestmark = pytest.mark.django_db


def test_enqueue_runs_every_partition_as_a_task(
    small: Accounts, command: Callable[..., Output]
) -> None:
    # The test settings' backend runs a task as soon as it is queued.
    output = command("--enqueue", "--workers", "2")
    run = SyncRun.objects.get()
    assert run.status == SyncRun.Status.COMPLETED
    assert f"Run {run.pk}:" in output.out and "completed" in output.out
    windows = SyncCheckpoint.objects.filter(run=run, model_name="Invoice")
    assert windows.count() == 4  # two windows per task worker
    assert not SyncCheckpoint.objects.filter(run=run).exclude(status="done").exists()
    expect.assert_mirrors(small.double, small.platform)
    expect.assert_linked()


def test_enqueue_says_how_to_run_the_workers(
    small: Accounts, command: Callable[..., Output], monkeypatch: pytest.MonkeyPatch
) -> None:
    queued: list[tuple[object, ...]] = []

    class Queue:
        """A backend that keeps the tasks for workers (none run here)."""

        def enqueue(self, *args: object) -> None:
            queued.append(args)

    monkeypatch.setattr(backfill_tasks, "sync_partition", Queue())
    output = command("Customer", "Invoice", "--enqueue", "--ranges", "3")  # 3 windows each
    run = SyncRun.objects.get()
    assert run.status == SyncRun.Status.RUNNING
    assert f"Queued run {run.pk}: 6 partitions" in output.out
    assert "db_worker" in output.out and "--enqueue --resume" in output.out
    assert sorted(args[6] for args in queued if args[2] == "Invoice") == sorted(
        SyncCheckpoint.objects.filter(run=run, model_name="Invoice").values_list(
            "window", flat=True
        )
    )


def test_enqueue_refuses_without_a_key(settings: object, command: Callable[..., Output]) -> None:
    settings.STRIPE_TEST_SECRET_KEY = ""  # type: ignore[attr-defined]
    with pytest.raises(CommandError, match="No Stripe secret key"):
        command("--enqueue")
