"""Record what a dj-stripe database holds, for comparison after the conversion.

    python -m harness.snapshot OUT.json

Runs under dj-stripe 2.11 (after ``build``). Reads with plain SQL; the list of tables and
relations comes from dj-stripe's own models.
"""

from __future__ import annotations

import sys
from typing import Any

from . import env, expectations, tables

USER_TABLES = ("shop_membership", "shop_order")


def main(argv: list[str]) -> int:
    env.setup_django()
    from django.apps import apps
    from django.conf import settings
    from django.db import connection

    djstripe_tables = sorted(t for t in tables.existing_tables() if t.startswith("djstripe_"))
    through = sorted(
        model._meta.db_table
        for model in apps.get_app_config("djstripe").get_models(include_auto_created=True)
        if tables.is_through_model(model)
    )
    snapshot: dict[str, Any] = {
        "package": env.installed_djstripe(),
        "vendor": connection.vendor,
        "fk_to_field": settings.DJSTRIPE_FOREIGN_KEY_TO_FIELD,
        "tables": {table: tables.table_rows(table) for table in djstripe_tables},
        "through_tables": through,
        "relations": relations("djstripe"),
        "m2m": tables.m2m_links("djstripe"),
        "user_relations": relations("shop"),
        "user_rows": {t: tables.table_rows(t) for t in USER_TABLES},
        "user_constraints": {t: tables.foreign_key_constraints(t) for t in USER_TABLES},
        "endpoints": [
            {**endpoint, "djstripe_uuid": tables.uuid_text(endpoint["djstripe_uuid"])}
            for endpoint in records(
                "djstripe_webhookendpoint", ["id", "djstripe_uuid", "secret", "url", "livemode"]
            )
        ],
        "api_keys": [
            {**key, "livemode": bool(key["livemode"])}
            for key in records("djstripe_apikey", ["id", "secret", "type", "livemode", "name"])
        ],
        "subscribers": dict(
            tables.fetch(
                "SELECT id, subscriber_id FROM djstripe_customer"
                " WHERE subscriber_id IS NOT NULL ORDER BY id"
            )
        ),
        "events": [row[0] for row in tables.fetch("SELECT id FROM djstripe_event ORDER BY id")],
        "triggers": trigger_records(),
        "idempotency_keys": [
            {**key, "uuid": tables.uuid_text(key["uuid"]), "livemode": bool(key["livemode"])}
            for key in records("djstripe_idempotencykey", ["uuid", "action", "livemode"])
        ],
        "typed_samples": typed_samples(),
    }
    env.write_json(argv[0], snapshot)
    env.say(f"snapshot: {len(djstripe_tables)} tables, {sum_rows(snapshot)} rows -> {argv[0]}")
    return 0


def relations(app_label: str) -> dict[str, Any]:
    found = {}
    for key, meta in tables.model_relations(app_label).items():
        table, column = key.split(".", 1)
        found[key] = {
            **meta,
            **tables.relation_pairs(table, column, meta["target_table"], meta["target_column"]),
        }
    return found


def records(table: str, columns: list[str]) -> list[dict[str, Any]]:
    present = set(tables.column_names(table))
    chosen = [c for c in columns if c in present]
    rows = tables.fetch(
        f"SELECT {', '.join(tables.quote(c) for c in chosen)} FROM {tables.quote(table)} ORDER BY 1"
    )
    return [{c: tables._plain(v) for c, v in zip(chosen, row, strict=True)} for row in rows]


def trigger_records() -> list[dict[str, Any]]:
    """Webhook deliveries with their event's Stripe id and their endpoint's uuid."""
    relations = tables.model_relations("djstripe")
    event = relations["djstripe_webhookeventtrigger.event_id"]["target_column"]
    endpoint = relations["djstripe_webhookeventtrigger.webhook_endpoint_id"]["target_column"]
    rows = tables.fetch(
        "SELECT t.id, e.id, w.djstripe_uuid, t.valid, t.processed"
        " FROM djstripe_webhookeventtrigger t"
        f" LEFT JOIN djstripe_event e ON t.event_id = e.{tables.quote(event)}"
        " LEFT JOIN djstripe_webhookendpoint w"
        f" ON t.webhook_endpoint_id = w.{tables.quote(endpoint)}"
        " ORDER BY t.id"
    )
    return [
        {
            "id": trigger_id,
            "event": event_id,
            "endpoint_uuid": tables.uuid_text(endpoint_uuid),
            "valid": bool(valid),
            "processed": bool(processed),
        }
        for trigger_id, event_id, endpoint_uuid, valid, processed in rows
    ]


def typed_samples() -> dict[str, dict[str, dict[str, Any]]]:
    """Stripe's value at each expectation's path, per model and Stripe id."""
    from django.apps import apps

    samples: dict[str, dict[str, dict[str, Any]]] = {}
    for model_name in sorted({entry[0] for entry in expectations.TYPED}):
        table = apps.get_model("djstripe", model_name)._meta.db_table
        rows = tables.fetch(
            f"SELECT id, stripe_data FROM {tables.quote(table)} ORDER BY djstripe_id"
            f" LIMIT {expectations.SAMPLE}"
        )
        per_object = {}
        for stripe_id, raw in rows:
            data = tables.json_value(raw) or {}
            values = {}
            for model, _field, path, _kind in expectations.TYPED:
                found, value = expectations.dig(data, path)
                if model == model_name and found:
                    values[path] = value
            values["currency"] = data.get("currency")
            per_object[stripe_id] = values
        samples[model_name] = per_object
    return samples


def sum_rows(snapshot: dict[str, Any]) -> int:
    return sum(info["count"] for info in snapshot["tables"].values())


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
