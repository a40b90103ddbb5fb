"""The endpoint a process keeps between deliveries never outlives a change of its row.

A change made "elsewhere" is simulated with statements that send no model signals (a
queryset ``update``, a raw ``DELETE``), as another process or server would make it:
only the delivery's own statement can notice it (:mod:`djstripe.webhooks.endpoints`).
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from djstripe.models import Customer, Event, WebhookEndpoint, WebhookEventTrigger
from djstripe.webhooks import endpoints

from ..conftest import example
from .conftest import SECRET, event, post

pytestmark = pytest.mark.django_db

ROTATED = "whsec_rotated_elsewhere_0123"


@pytest.fixture(params=["inline", "task"])
def mode(request: Any, settings: Any) -> str:
    """Inline processing, and task mode storing only (a callback: no tasks backend needed)."""
    if request.param == "task":
        settings.DJSTRIPE_WEBHOOK_EVENT_CALLBACK = lambda trigger, api_key: None
    return request.param


def _customer_event(**changes: Any) -> dict[str, Any]:
    return event("customer.updated", dict(example("customer"), **changes))


def _warm(client: Client, endpoint: Any) -> None:
    """A first delivery: the process now keeps a copy of the endpoint."""
    assert post(client, endpoint, _customer_event()).status_code == 200


def _endpoint_selects(statements: list[str]) -> list[str]:
    table = WebhookEndpoint._meta.db_table
    return [sql for sql in statements if sql.lstrip().upper().startswith("SELECT") and table in sql]


def _capture(client: Client, endpoint: Any, body: Any, **kwargs: Any) -> tuple[Any, list[str]]:
    statements: list[str] = []

    def record(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        response = post(client, endpoint, body, **kwargs)
    return response, statements


def test_a_kept_endpoint_is_not_read_again(client: Client, endpoint: Any, double: Any) -> None:
    """Where the delivery's statement can confirm a copy (SQLite, PostgreSQL), the copy
    is used; elsewhere (MySQL/MariaDB) every delivery reads its endpoint once."""
    _warm(client, endpoint)
    response, statements = _capture(client, endpoint, _customer_event())
    assert response.status_code == 200
    expected = 0 if connection.vendor in endpoints.CACHING_VENDORS else 1
    assert len(_endpoint_selects(statements)) == expected


def test_a_secret_rotated_elsewhere_refuses_the_old_one_at_once(
    client: Client, endpoint: Any, double: Any, mode: str
) -> None:
    _warm(client, endpoint)
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(secret=ROTATED)  # no signal
    triggers = WebhookEventTrigger.objects.count()

    old = _customer_event()
    assert post(client, endpoint, old, secret=SECRET).status_code == 400
    assert WebhookEventTrigger.objects.count() == triggers  # nothing of it stored
    assert not Event.objects.filter(id=old["id"]).exists()

    assert post(client, endpoint, _customer_event(), secret=ROTATED).status_code == 200
    assert post(client, endpoint, _customer_event(), secret=ROTATED).status_code == 200


def test_an_expired_previous_secret_elsewhere_is_refused_at_once(
    client: Client, endpoint: Any, double: Any, mode: str
) -> None:
    endpoint.roll_secret(ROTATED, previous_valid_for=datetime.timedelta(hours=1))
    _warm(client, endpoint)  # signed with the previous secret, still accepted
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
        djstripe_previous_secret_expires=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert post(client, endpoint, _customer_event(), secret=SECRET).status_code == 400
    assert post(client, endpoint, _customer_event(), secret=ROTATED).status_code == 200


def test_an_endpoint_deleted_elsewhere_is_404_and_stores_nothing(
    client: Client, endpoint: Any, double: Any, mode: str
) -> None:
    _warm(client, endpoint)
    table = connection.ops.quote_name(WebhookEndpoint._meta.db_table)
    WebhookEventTrigger.objects.update(webhook_endpoint=None)  # as the deletion's SET NULL
    with connection.cursor() as cursor:  # raw: no signal, as from another process
        cursor.execute(f"DELETE FROM {table} WHERE djstripe_id = %s", [endpoint.pk])  # noqa: S608
    triggers = WebhookEventTrigger.objects.count()
    late = _customer_event(email="late@example.com")

    assert post(client, endpoint, late).status_code == 404
    assert WebhookEventTrigger.objects.count() == triggers
    assert not Event.objects.filter(id=late["id"]).exists()
    assert not Customer.objects.filter(email="late@example.com").exists()


def test_a_mode_changed_elsewhere_applies_to_the_next_delivery(
    client: Client, endpoint: Any, double: Any
) -> None:
    _warm(client, endpoint)
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(livemode=True)  # now a live endpoint
    assert post(client, endpoint, _customer_event()).status_code == 400  # a test-mode event


def test_an_endpoint_saved_here_is_read_again(client: Client, endpoint: Any, double: Any) -> None:
    _warm(client, endpoint)
    endpoint.roll_secret(ROTATED, previous_valid_for=datetime.timedelta(hours=1))
    response, statements = _capture(client, endpoint, _customer_event(), secret=ROTATED)
    assert response.status_code == 200
    assert len(_endpoint_selects(statements)) == 1  # read once, without a failed attempt
