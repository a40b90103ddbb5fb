"""Admin actions: re-sync from Stripe, reprocess events and deliveries."""

from __future__ import annotations

import json

import pytest

from djstripe import stripe_api
from djstripe.models import Customer, Event, WebhookEventTrigger
from djstripe.models.events import EventStatus
from djstripe.webhooks import recording

from .conftest import changelist_url, messages_of, staff_client

pytestmark = pytest.mark.django_db


def mirrored_customers(count: int) -> list[Customer]:
    rows = []
    for number in range(count):
        response = stripe_api.request("post", "/v1/customers", {"email": f"c{number}@example.com"})
        rows.append(Customer.sync_api_read(response.data, response.stamp))
    return rows


def run_action(client, model, action, rows, **extra):
    return client.post(
        changelist_url(model),
        {"action": action, "_selected_action": [row.pk for row in rows], **extra},
        follow=True,
    )


def test_resync_rereads_each_selected_object_and_writes_them(stripe_double, admin_client):
    first, second, untouched = mirrored_customers(3)
    for row in (first, second, untouched):
        stripe_double.put({**stripe_double.get(row.id), "email": f"new.{row.email}"})
    stripe_double.advance(5)
    stripe_double.reset_counts()

    response = run_action(admin_client, Customer, "resync_selected", [first, second])

    assert stripe_double.request_counts() == {"GET /v1/customers/{id}": 2}
    emails = dict(Customer.objects.values_list("id", "email"))
    assert emails[first.id] == "new.c0@example.com"
    assert emails[second.id] == "new.c1@example.com"
    assert emails[untouched.id] == "c2@example.com"
    assert messages_of(response) == ["Re-synced 2 customers from Stripe."]


def test_resync_reports_objects_stripe_does_not_have_and_keeps_them(stripe_double, admin_client):
    kept, gone = mirrored_customers(2)
    stripe_double.delete_object(gone.id)

    response = run_action(admin_client, Customer, "resync_selected", [kept, gone])

    [success, failure] = messages_of(response)
    assert success == "Re-synced 1 customer from Stripe."
    assert failure.startswith("1 failed: ") and gone.id in failure
    assert "InvalidRequestError" in failure
    assert Customer.objects.filter(id=gone.id).exists()


def actions_offered(page) -> dict:
    form = page.context["action_form"]
    return dict(form.fields["action"].choices) if form is not None else {}


def test_resync_needs_the_change_permission(stripe_double):
    [row] = mirrored_customers(1)
    viewer, _ = staff_client("view_customer")
    editor, _ = staff_client("view_customer", "change_customer", username="editor")

    offered = actions_offered(viewer.get(changelist_url(Customer)))
    stripe_double.reset_counts()
    refused = run_action(viewer, Customer, "resync_selected", [row])

    assert "resync_selected" not in offered
    assert stripe_double.total_requests() == 0
    assert messages_of(refused) == []
    editor_page = editor.get(changelist_url(Customer))
    assert "resync_selected" in actions_offered(editor_page)
    assert editor_page.context["has_add_permission"] is False  # still read-only


def stored_event(stripe_double, status=EventStatus.pending) -> Event:
    stripe_api.request("post", "/v1/customers", {"email": "from.event@example.com"})
    data = stripe_double.events("customer.created")[0]
    recording.insert_event(data, status=status, owner_account=None)
    return Event.objects.get(id=data["id"])


def test_reprocess_runs_the_handlers_of_stored_events_once(stripe_double, admin_client):
    event = stored_event(stripe_double)
    assert not Customer.objects.exists()

    first = run_action(admin_client, Event, "reprocess_events", [event])
    again = run_action(admin_client, Event, "reprocess_events", [event])

    event.refresh_from_db()
    assert event.djstripe_status == EventStatus.processed
    assert Customer.objects.get().email == "from.event@example.com"
    assert messages_of(first) == ["Processed 1 event."]
    assert messages_of(again)[0].startswith("1 event was already processed")


def test_reprocess_of_a_delivery_processes_its_event_and_marks_it(stripe_double, admin_client):
    event = stored_event(stripe_double, status=EventStatus.failed)
    trigger = WebhookEventTrigger.objects.create(
        remote_ip="127.0.0.1",
        body=json.dumps(event.stripe_data),
        valid=True,
        processed=False,
        event_id=event.id,
        exception="RuntimeError: earlier failure",
    )

    response = run_action(admin_client, WebhookEventTrigger, "reprocess_deliveries", [trigger])

    trigger.refresh_from_db()
    event.refresh_from_db()
    assert (trigger.processed, trigger.exception) == (True, "")
    assert event.djstripe_status == EventStatus.processed
    assert messages_of(response) == ["Processed 1 event."]


def test_reprocess_needs_the_change_permission(stripe_double):
    event = stored_event(stripe_double)
    viewer, _ = staff_client("view_event")

    run_action(viewer, Event, "reprocess_events", [event])

    event.refresh_from_db()
    assert event.djstripe_status == EventStatus.pending
