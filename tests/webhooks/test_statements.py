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
