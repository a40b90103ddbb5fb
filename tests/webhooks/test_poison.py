"""Poison events: data that can never be stored is recorded as failed, with its reason,
and answered 422 (a retry would fail the same way); failures that may pass on a retry
(the database busy, Stripe unreachable) keep answering 500, so Stripe delivers again.

Ids are never cut to fit their column: a cut id names another object. An object whose
own id does not fit is refused; a reference or id column whose value does not fit is
left empty (the value stays in ``stripe_data``).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
import stripe
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DataError, IntegrityError, OperationalError, connection
from django.test import Client

from djstripe import event_handlers, stripe_api, tasks
from djstripe.exceptions import InvalidStripeDataError, LivemodeConflictError
from djstripe.models import Customer, Event, Subscription, WebhookEventTrigger
from djstripe.signals import WEBHOOK_SIGNALS
from djstripe.webhooks import processing

from ..conftest import example
from .conftest import event, post

LONG_CUSTOMER_ID = "cus_" + "x" * 296  # 300 characters: the id column holds 255


def customer_event(**changes: Any) -> dict[str, Any]:
    return event("customer.updated", example("customer", **changes))


@pytest.mark.django_db
def test_an_object_id_too_long_to_store_is_recorded_as_failed_and_answered_422(
    endpoint: Any, double: Any
) -> None:
    delivery = customer_event(id=LONG_CUSTOMER_ID)
    client = Client()
    for attempt in (1, 2):  # Stripe's retry gets the same answer
        answer = post(client, endpoint, delivery)
        assert answer.status_code == 422
        stored = Event.objects.get(id=delivery["id"])
        assert stored.djstripe_status == "failed"
        assert stored.djstripe_attempts == attempt
        assert "300 characters" in stored.djstripe_error
        assert "Customer ids hold at most 255" in stored.djstripe_error
    assert stored.stripe_data == delivery  # the event itself is kept whole
    assert not Customer.objects.exists()  # nothing cut, nothing half-written
    triggers = WebhookEventTrigger.objects.filter(event_id=delivery["id"])
    assert triggers.count() == 2
    assert all("InvalidStripeDataError" in t.exception and not t.processed for t in triggers)


@pytest.mark.django_db
@pytest.mark.parametrize("stripe_id", [".", ".."])
def test_an_object_id_that_names_no_object_is_refused(
    endpoint: Any, double: Any, stripe_id: str
) -> None:
    answer = post(Client(), endpoint, customer_event(id=stripe_id))
    assert answer.status_code == 422
    assert f"{stripe_id!r} is not a 'customer' id" in Event.objects.get().djstripe_error


@pytest.mark.django_db
def test_an_expanded_reference_too_long_to_store_leaves_the_reference_empty(
    endpoint: Any, double: Any
) -> None:
    customer = example("customer", id=LONG_CUSTOMER_ID)
    subscription = example("subscription", customer=customer)
    delivery = event("customer.subscription.updated", subscription)
    assert post(Client(), endpoint, delivery).status_code == 200
    row = Subscription.objects.get(id=subscription["id"])
    assert row.customer_id is None
    assert row.stripe_data["customer"]["id"] == LONG_CUSTOMER_ID  # kept in the raw data
    assert not Customer.objects.exists()
    assert Event.objects.get().djstripe_status == "processed"


@pytest.mark.django_db
def test_an_id_column_too_long_to_store_is_left_empty_not_cut(endpoint: Any, double: Any) -> None:
    long_invoice = "in_" + "y" * 297
    subscription = example("subscription", latest_invoice=long_invoice)
    delivery = event("customer.subscription.updated", subscription)
    assert post(Client(), endpoint, delivery).status_code == 200
    row = Subscription.objects.get(id=subscription["id"])
    assert row.latest_invoice is None  # not the first 255 characters: that is no invoice
    assert row.stripe_data["latest_invoice"] == long_invoice
    assert Subscription.objects.filter(latest_invoice__startswith="in_yyy").count() == 0


@pytest.mark.django_db
def test_long_strings_in_other_columns_are_still_cut_to_fit(endpoint: Any, double: Any) -> None:
    delivery = customer_event(phone="1" * 300)
    assert post(Client(), endpoint, delivery).status_code == 200
    assert Customer.objects.get().phone == "1" * 255


@pytest.mark.django_db
def test_a_listed_event_whose_id_cannot_be_stored_is_reported_and_left_out(
    stripe_double: Any,
) -> None:
    good = customer_event(email="listed@example.com")
    stripe_double.put(good)
    stripe_double.put(event("customer.updated", example("customer"), event_id="evt_" + "z" * 296))
    with pytest.raises(CommandError) as raised:
        call_command("djstripe_process_events", verbosity=0)
    assert "Stripe listed an event whose id cannot be stored ('evt_zzz" in str(raised.value)
    assert "300 characters" in str(raised.value)
    assert list(Event.objects.values_list("id", flat=True)) == [good["id"]]
    assert Customer.objects.get().email == "listed@example.com"


# ---- task mode: a permanent failure is not queued again ---------------------------------


try:
    from django_tasks_db.models import DBTaskResult
except ImportError:  # pragma: no cover - the database backend is a dev dependency
    DBTaskResult = None


@pytest.mark.skipif(DBTaskResult is None or tasks.task is None, reason="django-tasks-db missing")
@pytest.mark.django_db(transaction=True)
def test_a_task_does_not_retry_data_that_can_never_be_stored(
    settings: Any, endpoint: Any, double: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.DJSTRIPE_WEBHOOK_PROCESSING = "task"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    monkeypatch.setattr(tasks, "FIRST_RETRY_DELAY", datetime.timedelta(0))  # retries due now
    delivery = customer_event(id=LONG_CUSTOMER_ID)
    assert post(Client(), endpoint, delivery).status_code == 200  # stored, then queued
    call_command(
        "db_worker", batch=True, interval=0, startup_delay=False, reload=False, verbosity=0
    )
    stored = Event.objects.get()
    assert (stored.djstripe_status, stored.djstripe_attempts) == ("failed", 1)
    assert stored.djstripe_error.startswith("Not retried: the data can never be stored. ")
    assert list(DBTaskResult.objects.values_list("status", flat=True)) == ["FAILED"]


# ---- failures that may pass keep answering 500 -------------------------------------------


@pytest.fixture
def customer_table_locked() -> Iterator[None]:
    """Another connection holds the customer table; the request's waits end in an
    ``OperationalError`` (PostgreSQL: after ``lock_timeout``; SQLite: at once)."""
    other = connection.get_new_connection(connection.get_connection_params())
    table = connection.ops.quote_name(Customer._meta.db_table)
    if connection.vendor == "postgresql":
        other.execute(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE")
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '1s'")
    elif connection.vendor == "mysql":
        other.cursor().execute(f"LOCK TABLES {table} WRITE")
        with connection.cursor() as cursor:
            cursor.execute("SET SESSION lock_wait_timeout = 1, innodb_lock_wait_timeout = 1")
    else:
        other.isolation_level = None
        other.execute("BEGIN IMMEDIATE")
        other.execute(f"DELETE FROM {table} WHERE 1 = 0")  # noqa: S608 - a quoted table name
    try:
        yield
    finally:
        other.rollback()
        other.close()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("RESET lock_timeout")
        elif connection.vendor == "mysql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SET SESSION lock_wait_timeout = DEFAULT, innodb_lock_wait_timeout = DEFAULT"
                )


@pytest.mark.django_db(transaction=True)
def test_a_database_that_cannot_answer_now_gets_500(
    endpoint: Any, double: Any, customer_table_locked: None
) -> None:
    answer = post(Client(), endpoint, customer_event(email="busy@example.com"))
    assert answer.status_code == 500
    if connection.vendor != "sqlite":  # SQLite's one writer is the other connection
        stored = Event.objects.get()
        assert stored.djstripe_status == "failed"
        assert stored.djstripe_error.startswith("OperationalError: ")


@pytest.fixture
def receiver_asking_stripe() -> Iterator[None]:
    """A receiver that asks Stripe something (as users' receivers do)."""

    @event_handlers.djstripe_receiver("customer.updated")
    def ask(sender: Any, event: Any, **kwargs: Any) -> None:
        stripe_api.retrieve(stripe_api.path("/v1/customers/{id}", id=event.data["object"]["id"]))

    yield
    WEBHOOK_SIGNALS["customer.updated"].disconnect(ask, sender=Event)


@pytest.mark.django_db
def test_stripe_unreachable_in_a_receiver_gets_500(
    endpoint: Any, double: Any, receiver_asking_stripe: None
) -> None:
    double.inject_fault("GET /v1/customers/{id}", status=500, times=None, should_retry=False)
    delivery = customer_event()
    assert post(Client(), endpoint, delivery).status_code == 500
    assert Event.objects.get().djstripe_status == "failed"
    double.clear_faults()
    assert post(Client(), endpoint, delivery).status_code == 200  # Stripe's retry succeeds


@pytest.mark.parametrize(
    ("error", "permanent"),
    [
        (InvalidStripeDataError("no id"), True),
        (LivemodeConflictError("live row, test data"), True),
        (DataError("value too long for type character varying(255)"), True),
        (OperationalError("could not connect to server"), False),
        (OperationalError("canceling statement due to lock timeout"), False),
        (IntegrityError("insert or update violates foreign key constraint"), False),
        (stripe.APIConnectionError("could not connect"), False),
        (stripe.AuthenticationError("invalid key"), False),
        (RuntimeError("a receiver failed"), False),
        (None, False),
    ],
)
def test_which_failures_are_permanent(error: BaseException | None, permanent: bool) -> None:
    assert processing.is_permanent(error) is permanent


def test_a_failure_raised_from_a_permanent_one_is_permanent() -> None:
    try:
        try:
            raise DataError("numeric field overflow")
        except DataError as cause:
            raise RuntimeError("a receiver wrapped it") from cause
    except RuntimeError as error:
        assert processing.is_permanent(error)
