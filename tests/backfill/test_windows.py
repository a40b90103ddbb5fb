"""Creation-time windows of a large listing: together they list every object once."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest

from djstripe.models import Customer, SyncCheckpoint, SyncRun
from djstripe.sync.partitions import Window, windows
from djstripe.sync.report import Report

from . import expect
from .conftest import Accounts

pytestmark = pytest.mark.django_db


def test_windows_cover_every_time_without_overlap() -> None:
    found = windows(1_000, 2_000, 4)
    assert found[0].start is None and found[-1].end is None
    for before, after in zip(found, found[1:], strict=False):
        assert before.end == after.start  # [start, end): each time in exactly one window
    assert [w.stored for w in found] == [":1250", "1250:1500", "1500:1750", "1750:"]
    assert Window.parse("1250:1500") == Window(1250, 1500)
    assert Window.parse(":1250") == Window(None, 1250)
    assert Window.parse("") is None
    assert Window(1250, 1500).params() == {"gte": 1250, "lt": 1500}
    assert len(windows(2_000, 2_000, 3)) == 3  # an account created now still splits


def test_objects_at_the_boundaries_are_listed_once(
    small: Accounts, run: Callable[..., Report]
) -> None:
    stop = threading.Event()
    stop.set()  # plan the run (its windows), list nothing
    planned = run("Customer", ranges=3, stop=stop)
    assert planned.status == "interrupted"
    parts = SyncCheckpoint.objects.filter(run=planned.run_id, model_name="Customer")
    bounds = sorted(Window.parse(cp.window).end or 0 for cp in parts)[1:]
    assert len(bounds) == 2
    template = {k: v for k, v in small.double.objects("customer")[0].items() if k != "id"}
    added = []
    for bound in bounds:
        for created in (bound - 1, bound, bound + 1):
            added.append(small.double.put({**template, "created": created})["id"])
    during = small.double.put({**template, "created": bounds[-1] + 10**8})
    added.append(during["id"])  # created after the run began: the last window is open

    done = run(resume=True)
    assert done.status == "completed", done.errors
    customers = small.double.objects("customer")
    assert set(Customer.objects.values_list("id", flat=True)) == {c["id"] for c in customers}
    assert set(added) <= {c["id"] for c in customers}
    listed = sum(cp.listed for cp in parts.all())
    assert listed == len(customers), "every customer listed by exactly one window"
    assert parts.filter(status="done").count() == 3
    expect.assert_linked()


def test_windows_checkpoint_and_prune_each_their_range(
    small: Accounts, run: Callable[..., Report]
) -> None:
    first = run(ranges=4)
    assert first.status == "completed", first.errors
    expect.assert_mirrors(small.double, small.platform)
    gone = small.double.objects("customer")[-1]["id"]  # the oldest: the first window
    assert small.double.delete_object(gone)  # without an event, as after 30 days
    small.double.advance(3600)  # a listing prunes only rows older than its start
    second = run("Customer", ranges=4, full=True)
    assert second.status == "completed", second.errors
    assert [p.ids for p in second.pruned] == [(gone,)]
    assert Customer.objects.get(id=gone).deleted is True
    windows_done = SyncCheckpoint.objects.filter(run=second.run_id, model_name="Customer")
    assert windows_done.count() == 4
    assert not windows_done.exclude(status="done").exists()


def test_a_listing_with_a_failed_window_is_no_baseline(
    small: Accounts, run: Callable[..., Report]
) -> None:
    first = run("Customer", ranges=3)
    assert first.status == "completed", first.errors
    again = run("Customer", ranges=3)
    assert {cp.since for cp in SyncCheckpoint.objects.filter(run=again.run_id)} != {None}

    window = SyncCheckpoint.objects.filter(run=again.run_id, model_name="Customer").first()
    assert window is not None
    SyncCheckpoint.objects.filter(pk=window.pk).update(status="failed")
    SyncCheckpoint.objects.filter(run=first.run_id).delete()  # only the broken run is left
    third = run("Customer", ranges=3)
    assert {cp.since for cp in SyncCheckpoint.objects.filter(run=third.run_id)} == {None}


def test_windows_start_at_the_oldest_object_and_share_the_listing(
    small: Accounts, run: Callable[..., Report]
) -> None:
    # The double's account is created now, after every generated object: its creation
    # is no lower bound, the oldest object is (found by probing created[lt]).
    report = run("Customer", ranges=3)
    assert report.status == "completed", report.errors
    oldest = min(c["created"] for c in small.double.objects("customer"))
    start = SyncRun.objects.get(pk=report.run_id).options["window_starts"]
    assert oldest - 3600 <= start[f"Customer|{small.platform}|test"] <= oldest
    windows_listed = SyncCheckpoint.objects.filter(
        run=report.run_id, model_name="Customer", kind="list"
    ).values_list("listed", flat=True)
    assert sum(1 for listed in windows_listed if listed) >= 2, list(windows_listed)
    assert sum(windows_listed) == len(small.double.objects("customer"))
