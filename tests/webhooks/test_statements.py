"""SQL statements per delivery stay few (every ``cursor.execute`` counted, savepoints too).

Not a timing test: statement counts are deterministic. The bound is the issue's target
(at most 10 per event); the probes are the expensive path, an event newer than the
mirror, for objects with children, many-to-many sets and derived links. The tests run
outside a test transaction, so a delivery's transaction is a real one (``BEGIN`` on
SQLite) as in production, not a savepoint pair.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client

from djstripe.models import Charge, Customer, Invoice, Subscription

from ..conftest import example
from .conftest import event, post, statement_budget

pytestmark = pytest.mark.django_db(transaction=True)

CASES = [
    (Subscription, "subscription", "customer.subscription.updated"),
    (Invoice, "invoice", "invoice.updated"),
    (Customer, "customer", "customer.updated"),
    (Charge, "charge", "charge.updated"),
]


@pytest.mark.parametrize(("model", "name", "event_type"), CASES, ids=[c[1] for c in CASES])
def test_a_newer_event_costs_at_most_ten_statements(
    model: Any, name: str, event_type: str, double: Any, endpoint: Any
) -> None:
    data = example(name)
    model.sync_from_stripe_data(data)
    model.objects.filter(id=data["id"]).update(djstripe_stamp=1000)  # the mirror is older
    statements: list[str] = []

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = post(
            Client(), endpoint, event(event_type, dict(data, metadata={"k": "v"}), created=2000)
        )
    assert response.status_code == 200
    assert model.objects.get(id=data["id"]).metadata == {"k": "v"}
    assert len(statements) <= statement_budget(), "\n".join(statements)


#: Statements of a delivery whose event writes one object, the endpoint already read by the
#: process: the freshness look-up, then in one transaction the delivery record (which also
#: confirms the endpoint and, on SQLite, looks up tombstones), the event and the upsert.
#: SQLite counts its BEGIN; PostgreSQL adds the object's advisory lock and the tombstone
#: look-up after the upsert (it has no database-wide write lock to rely on).
ONE_OBJECT = {"sqlite": 5, "postgresql": 6}
#: The same for an event older than the mirror: nothing to write.
STALE = {"sqlite": 4, "postgresql": 4}


def _statements_of(body: dict[str, Any], endpoint: Any) -> tuple[Any, list[str]]:
    statements: list[str] = []

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = post(Client(), endpoint, body)
    return response, statements


@pytest.mark.parametrize(("newer", "budget"), [(True, ONE_OBJECT), (False, STALE)])
def test_a_delivery_costs_a_fixed_number_of_statements(
    newer: bool, budget: dict[str, int], double: Any, endpoint: Any
) -> None:
    data = example("customer")
    Customer.sync_from_stripe_data(data)
    warm = event("customer.updated", data, created=1)  # older: writes nothing
    assert post(Client(), endpoint, warm).status_code == 200  # the process reads the endpoint
    Customer.objects.filter(id=data["id"]).update(djstripe_stamp=1000)
    body = event("customer.updated", dict(data, metadata={"k": "v"}), created=2000 if newer else 10)

    response, statements = _statements_of(body, endpoint)

    assert response.status_code == 200
    assert (Customer.objects.get(id=data["id"]).metadata == {"k": "v"}) is newer
    limit = budget.get(connection.vendor, statement_budget())
    assert len(statements) <= limit, "\n".join(statements)


@pytest.mark.parametrize(
    ("model", "name", "event_type"),
    [
        (Subscription, "subscription", "customer.subscription.updated"),
        (Invoice, "invoice", "invoice.updated"),
    ],
    ids=["subscription", "invoice"],
)
def test_an_older_event_with_children_costs_a_stale_delivery(
    model: Any, name: str, event_type: str, double: Any, endpoint: Any
) -> None:
    """An event older than the mirror writes nothing and fetches nothing it references
    (its children's references included): one look-up, then the stale delivery's own
    statements."""
    data = example(name)
    model.sync_from_stripe_data(data)
    warm = event("customer.updated", example("customer"), created=1)
    assert post(Client(), endpoint, warm).status_code == 200  # the process reads the endpoint
    model.objects.filter(id=data["id"]).update(djstripe_stamp=1000)
    double.reset_counts()
    body = event(event_type, dict(data, metadata={"k": "v"}), created=10)

    response, statements = _statements_of(body, endpoint)

    assert response.status_code == 200
    assert model.objects.get(id=data["id"]).metadata != {"k": "v"}
    assert double.total_requests() == 0
    limit = STALE.get(connection.vendor, statement_budget())
    assert len(statements) <= limit, "\n".join(statements)
