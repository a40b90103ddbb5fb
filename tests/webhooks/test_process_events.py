"""``djstripe_process_events``: dj-stripe's options, every key and connected account,
oldest first, already processed events skipped and counted, failures make it fail."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from djstripe import event_handlers, stripe_api
from djstripe.models import Customer, Event, PendingReread
from djstripe.signals import WEBHOOK_SIGNALS

from ..conftest import example

pytestmark = pytest.mark.django_db


@pytest.fixture
def seen() -> Any:
    """(type, created, email) of every event whose handlers ran, in order."""
    runs: list[tuple[str, int, str]] = []

    @event_handlers.djstripe_receiver("customer.*")
    def record(sender: Any, event: Any, **kwargs: Any) -> None:
        runs.append((event.type, int(event.created.timestamp()), event.data["object"].get("email")))

    yield runs
    for signal in WEBHOOK_SIGNALS.values():
        signal.disconnect(record, sender=Event)
    event_handlers._patterns[:] = [p for p in event_handlers._patterns if p[1]() is not record]


def run(*args: str, verbosity: int = 1) -> str:
    out = StringIO()
    call_command("djstripe_process_events", *args, verbosity=verbosity, stdout=out, stderr=out)
    return out.getvalue()


def customer_history(stripe_double: Any, account: str | None = None) -> str:
    """Create a customer and update it twice, one second apart; return its id."""
    stripe_double.set_time(1_700_000_000)
    created = stripe_api.create(
        "/v1/customers", {"email": "v1@example.com"}, stripe_account=account
    )
    for version in (2, 3):
        stripe_double.advance(1)
        stripe_api.update(
            f"/v1/customers/{created['id']}",
            {"email": f"v{version}@example.com"},
            stripe_account=account,
        )
    return created["id"]


def test_processes_listed_events_oldest_first(stripe_double: Any, seen: list) -> None:
    customer_id = customer_history(stripe_double)
    output = run()
    assert [run[0] for run in seen] == ["customer.created", "customer.updated", "customer.updated"]
    assert [run[1] for run in seen] == sorted(run[1] for run in seen)
    assert Customer.objects.get(id=customer_id).email == "v3@example.com"
    assert "Processed 3" in output and "failed 0" in output


def test_already_processed_events_are_skipped_and_counted(stripe_double: Any, seen: list) -> None:
    customer_history(stripe_double)
    run()
    output = run()
    assert len(seen) == 3  # nothing ran twice
    assert "Processed 0" in output and "skipped 3 (already processed)" in output


def test_type_filter(stripe_double: Any, seen: list) -> None:
    customer_history(stripe_double)
    run("--type", "customer.updated")
    assert [run[0] for run in seen] == ["customer.updated", "customer.updated"]
    assert set(Event.objects.values_list("type", flat=True)) == {"customer.updated"}
    run("--type", "customer.*")
    assert len(seen) == 3


def test_ids(stripe_double: Any, seen: list) -> None:
    customer_history(stripe_double)
    oldest = stripe_double.events()[-1]
    run("--ids", oldest["id"])
    assert seen == [("customer.created", oldest["created"], "v1@example.com")]
    with pytest.raises(CommandError, match="evt_does_not_exist not retrieved"):
        run("--ids", "evt_does_not_exist")


def test_failed_events_are_reprocessed_and_failures_exit_non_zero(stripe_double: Any) -> None:
    failing = {"on": True}

    @event_handlers.djstripe_receiver("customer.created")
    def explode(sender: Any, event: Any, **kwargs: Any) -> None:
        if failing["on"]:
            raise RuntimeError("handler down")

    try:
        customer_history(stripe_double)
        with pytest.raises(CommandError, match="1 events failed"):
            run()
        assert Event.objects.failed().count() == 1
        assert Event.objects.processed().count() == 2
        failing["on"] = False
        output = run("--failed")
        assert "failed 0" in output
        assert Event.objects.unprocessed().count() == 0
    finally:
        WEBHOOK_SIGNALS["customer.created"].disconnect(explode, sender=Event)


def test_connected_accounts_are_listed_and_attributed(stripe_double: Any, seen: list) -> None:
    account = stripe_double.create_connected_account()["id"]
    customer_id = customer_history(stripe_double, account=account)
    output = run()
    row = Customer.objects.get(id=customer_id)
    assert row.email == "v3@example.com"
    assert row.djstripe_owner_account_id == account
    assert Event.objects.filter(djstripe_owner_account_id=account).count() == 3
    assert "2 key/account pairs" in output


def test_pending_rereads_are_re_read_at_the_end(stripe_double: Any) -> None:
    stripe_double.put(example("customer", email="truth@example.com"))
    PendingReread.objects.create(
        model_name="Customer",
        stripe_id="cus_QXg1o8vcGmoR32",
        livemode=False,
        reason="same-second events",
    )
    PendingReread.objects.create(model_name="Customer", stripe_id="cus_gone", livemode=False)
    output = run()
    assert Customer.objects.get(id="cus_QXg1o8vcGmoR32").email == "truth@example.com"
    assert not PendingReread.objects.exists()
    assert "Re-read 2 queued objects (0 failed)" in output


def test_verbosity_two_lists_every_event(stripe_double: Any) -> None:
    customer_history(stripe_double)
    output = run(verbosity=2)
    assert output.count(" processed") >= 3
    assert run(verbosity=0) == ""


def test_help_says_stripe_keeps_events_30_days() -> None:
    from djstripe.management.commands.djstripe_process_events import Command

    assert "30 days" in Command.help


def test_a_replay_freezes_the_heap_after_a_full_collection_and_restores_it(
    stripe_double: Any,
) -> None:
    """A batch, like a backfill: later full collections skip the heap (sync.collector)."""
    import gc

    if gc.get_freeze_count():
        pytest.skip("objects are frozen already (Python 3.12.1 starts with some)")
    counts: list[int] = []

    @event_handlers.djstripe_receiver("customer.created")
    def record(sender: Any, event: Any, **kwargs: Any) -> None:
        gc.collect()  # the replay's first full collection: the heap is frozen after it
        counts.append(gc.get_freeze_count())

    try:
        customer_history(stripe_double)
        run()
    finally:
        WEBHOOK_SIGNALS["customer.created"].disconnect(record, sender=Event)
    assert counts and counts[0] > 0
    assert gc.get_freeze_count() == 0
