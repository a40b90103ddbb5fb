"""A stored event processed by a task (a worker) costs a fixed, small number of statements.

The worker gets the event's id only: it reads the event once (with the platform account
its key comes from), never the body or the delivery record unless a receiver needs it,
and claims, writes and marks with one statement each. Not a timing test: statement counts
are deterministic.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client

from djstripe import signals
from djstripe.models import Customer, Event, WebhookEventTrigger
from djstripe.webhooks import processing

from ..conftest import example
from .conftest import event, post, statement_budget

pytestmark = pytest.mark.django_db(transaction=True)

#: The event read with its platform, the freshness look-up, then in one transaction the
#: claim (on SQLite it also looks up tombstones), the upsert and the delivery records
#: marked processed; SQLite counts its BEGIN, PostgreSQL adds the object's advisory lock
#: and a tombstone look-up after the upsert.
TASK = {"sqlite": 6, "postgresql": 7}


@pytest.fixture
def stored(settings: Any, endpoint: Any, double: Any) -> tuple[str, int]:
    """A newer customer event stored pending by the web tier, as task mode leaves it."""
    data = example("customer")
    Customer.sync_from_stripe_data(data)
    Customer.objects.filter(id=data["id"]).update(djstripe_stamp=1000)
    settings.DJSTRIPE_WEBHOOK_EVENT_CALLBACK = lambda trigger, api_key: None  # store only
    delivery = event("customer.updated", dict(data, metadata={"k": "v"}), created=2000)
    assert post(Client(), endpoint, delivery).status_code == 200
    assert Event.objects.get(id=delivery["id"]).djstripe_status == "pending"
    return delivery["id"], WebhookEventTrigger.objects.get(event_id=delivery["id"]).pk


def _run(event_id: str, trigger_id: int) -> tuple[Any, list[str]]:
    statements: list[str] = []

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        result = processing.process_stored_event(event_id, trigger_id=trigger_id)
    return result, statements


def test_a_task_costs_a_fixed_number_of_statements(stored: tuple[str, int]) -> None:
    result, statements = _run(*stored)

    assert result.outcome == "processed"
    assert Customer.objects.get().metadata == {"k": "v"}
    assert WebhookEventTrigger.objects.get(pk=stored[1]).processed is True
    reads = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert not [s for s in reads if WebhookEventTrigger._meta.db_table in s]  # no record read
    limit = TASK.get(connection.vendor, statement_budget())
    assert len(statements) <= limit, "\n".join(statements)


def test_a_task_hands_the_stored_delivery_record_to_processing_receivers(
    stored: tuple[str, int],
) -> None:
    seen: list[Any] = []

    def receiver(sender: Any, instance: Any, **kwargs: Any) -> None:
        seen.append(instance)

    signals.webhook_post_process.connect(receiver, sender=WebhookEventTrigger)
    try:
        result = processing.process_stored_event(stored[0], trigger_id=stored[1])
    finally:
        signals.webhook_post_process.disconnect(receiver, sender=WebhookEventTrigger)

    assert result.outcome == "processed"
    assert [trigger.pk for trigger in seen] == [stored[1]]
    assert seen[0].event_id == stored[0]


def test_the_worker_reads_the_event_as_the_orm_would(stored: tuple[str, int]) -> None:
    from djstripe.webhooks import statements

    loaded = statements.load(stored[0])

    assert loaded is not None
    expected = Event.objects.get(id=stored[0])
    for field in Event._meta.concrete_fields:
        value = getattr(loaded, field.attname)
        assert value == getattr(expected, field.attname), field.name
        assert type(value) is type(getattr(expected, field.attname)), field.name
    assert loaded._state.adding is False and loaded._state.db == expected._state.db
    assert loaded.djstripe_platform is None  # a platform's own event
    assert isinstance(loaded.stripe_data, dict) and loaded.stripe_data["id"] == stored[0]
    assert statements.load("evt_not_stored") is None
