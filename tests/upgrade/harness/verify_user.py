"""Checks of what only the user's database holds, and of the user's own app, after the swap."""

from __future__ import annotations

import urllib.error
from typing import Any

from django.apps import apps
from django.db import connection

from . import deliveries, double, known, tables
from .report import Check
from .verify_data import sample


def model(name: str) -> Any:
    return apps.get_model("djstripe", name)


def endpoints(check: Check, snapshot: dict[str, Any]) -> None:
    """Webhook endpoints keep their uuid (the URL Stripe calls) and their secret."""
    found = {e.id: e for e in model("WebhookEndpoint").objects.all()}
    for before in snapshot["endpoints"]:
        endpoint = found.get(before["id"])
        if endpoint is None:
            check.fail(f"endpoint {before['id']} missing")
            continue
        if tables.uuid_text(endpoint.djstripe_uuid) != before["djstripe_uuid"]:
            check.fail(
                f"{before['id']}: uuid {before['djstripe_uuid']} became {endpoint.djstripe_uuid}"
            )
        if (endpoint.secret or "") != (before["secret"] or ""):
            check.fail(
                f"{before['id']}: secret not kept ({len(before['secret'] or '')} "
                f"characters before, {len(endpoint.secret or '')} after)"
            )
    check.note(f"{len(snapshot['endpoints'])} endpoints")


def api_keys(check: Check, snapshot: dict[str, Any]) -> None:
    found = {key.secret: key for key in model("APIKey").objects.all()}
    for before in snapshot["api_keys"]:
        key = found.get(before["secret"])
        prefix = before["secret"][:8]
        if key is None:
            check.fail(f"API key {prefix}... ({before['name'] or 'unnamed'}) missing")
            continue
        for attribute in ("livemode", "name", "id"):
            if getattr(key, attribute, before[attribute]) != before[attribute]:
                check.fail(
                    f"API key {prefix}...: {attribute} {before[attribute]!r} became "
                    f"{getattr(key, attribute)!r}"
                )
    check.note(f"{len(snapshot['api_keys'])} keys")


def subscribers(check: Check, snapshot: dict[str, Any]) -> None:
    links = dict(
        model("Customer").objects.filter(subscriber__isnull=False).values_list("id", "subscriber")
    )
    if links != snapshot["subscribers"]:
        check.fail(f"customer -> user links were {snapshot['subscribers']}, now {links}")
    check.note(f"{len(links)} subscriber links")


def events_and_triggers(check: Check, snapshot: dict[str, Any]) -> None:
    events = set(model("Event").objects.values_list("id", flat=True))
    lost = set(snapshot["events"]) - events
    if lost:
        check.fail(f"{len(lost)} events lost: {sample(lost)}")
    triggers = {
        row[0]: row
        for row in model("WebhookEventTrigger").objects.values_list(
            "id", "event__id", "webhook_endpoint__djstripe_uuid", "valid", "processed"
        )
    }
    for before in snapshot["triggers"]:
        row = triggers.get(before["id"])
        expected = (
            before["id"],
            before["event"],
            before["endpoint_uuid"],
            before["valid"],
            before["processed"],
        )
        if row is None:
            check.fail(f"webhook delivery {before['id']} lost")
            continue
        found = (row[0], row[1], tables.uuid_text(row[2]), row[3], row[4])
        if found != expected:
            check.fail(f"webhook delivery {before['id']}: {expected} became {found}")
    check.note(f"{len(snapshot['events'])} events, {len(snapshot['triggers'])} deliveries")


def idempotency_keys(check: Check, snapshot: dict[str, Any]) -> None:
    found = {
        tables.uuid_text(uuid): (action, livemode)
        for uuid, action, livemode in model("IdempotencyKey").objects.values_list(
            "uuid", "action", "livemode"
        )
    }
    for before in snapshot["idempotency_keys"]:
        if found.get(before["uuid"]) != (before["action"], before["livemode"]):
            check.fail(f"idempotency key {before['uuid']} ({before['action']}) not kept")
    check.note(f"{len(snapshot['idempotency_keys'])} keys")


def user_rows(check: Check, snapshot: dict[str, Any]) -> None:
    """The user's rows are all there and, through the ORM, reach the same Stripe objects."""
    from shop.models import Membership, Order

    for table, before in snapshot["user_rows"].items():
        after = tables.table_rows(table)
        if after["rows"] != before["rows"]:
            check.fail(f"{table}: rows {before['count']} -> {after['count']}")
    expected = {
        name: {tuple(pair) for pair in info["pairs"]}
        for name, info in snapshot["user_relations"].items()
    }
    followed = {
        "shop_membership.customer_id": Membership.objects.select_related("customer"),
        "shop_membership.subscription_id": Membership.objects.select_related("subscription"),
        "shop_order.customer_id": Order.objects.select_related("customer"),
        "shop_order.subscription_id": Order.objects.select_related("subscription"),
        "shop_order.payment_method_id": Order.objects.select_related("payment_method"),
    }
    for name, queryset in followed.items():
        field = name.split(".")[1].removesuffix("_id")
        pairs = {(row.pk, getattr(row, field).id) for row in queryset if getattr(row, field)}
        if pairs != expected.get(name, set()):
            check.fail(
                f"{name} followed through the ORM: expected {sample(expected[name])}, "
                f"got {sample(pairs)}"
            )
    check.note(", ".join(f"{t}: {info['count']} rows" for t, info in snapshot["user_rows"].items()))


def user_constraints(check: Check, snapshot: dict[str, Any]) -> None:
    """The user's foreign-key constraints still exist, and every row satisfies them."""
    for table, before in snapshot["user_constraints"].items():
        after = tables.foreign_key_constraints(table)
        if after != before:
            check.fail(f"{table}: constraints {before} became {after}")
    if connection.vendor == "sqlite":
        broken = tables.fetch("PRAGMA foreign_key_check")
        if broken:
            check.fail(f"PRAGMA foreign_key_check: {len(broken)} rows, e.g. {broken[:5]}")
    elif connection.vendor == "postgresql":
        unvalidated = tables.fetch(
            "SELECT conrelid::regclass::text, conname FROM pg_constraint"
            " WHERE contype = 'f' AND NOT convalidated"
        )
        if unvalidated:
            check.fail(f"foreign keys not validated: {unvalidated}")


def served_customer(stripe_ids: list[str]) -> dict[str, Any]:
    """A subscriber's customer as the double serves it (one the user's site knows)."""
    for stripe_id in stripe_ids:
        try:
            return double.get(f"customers/{stripe_id}")
        except urllib.error.HTTPError:
            continue  # created by the build in its own double, unknown to this one
    return double.get("customers", limit=1)["data"][0]


def webhook_after_swap(check: Check, snapshot: dict[str, Any]) -> None:
    """The old URL, signed with the old secret, answers 200 and the event is stored."""
    path = deliveries.ENDPOINT_PATH
    customer = served_customer(list(snapshot["subscribers"]))
    payload = deliveries.event_payload(known.AFTER_EVENT_ID, "customer.updated", customer)
    triggers = model("WebhookEventTrigger").objects
    before = triggers.count()
    status = deliveries.post(path, payload, known.ENDPOINT_SECRET)
    if status != 200:
        check.fail(f"POST {path} signed with the old secret answered {status}")
    if not model("Event").objects.filter(id=known.AFTER_EVENT_ID).exists():
        check.fail(f"event {known.AFTER_EVENT_ID} not stored")
    if triggers.count() != before + 1:
        check.fail(f"{triggers.count() - before} deliveries recorded, expected 1")
    forged = deliveries.event_payload(
        known.AFTER_EVENT_ID + "Forged", "customer.deleted", {"id": customer["id"]}
    )
    status = deliveries.post(path, forged, known.WRONG_SECRET)
    if status != 400:
        check.fail(f"a delivery signed with a wrong secret answered {status}, expected 400")
    check.note("old URL and old secret accepted; a wrong secret refused")
