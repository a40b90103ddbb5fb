"""Check the issue's promises on a converted database (after the swap and ``migrate``).

    python -m harness.verify SNAPSHOT.json RESULT.json LABEL

Prints one PASS/FAIL line per promise, with the details of each failure (table, column,
Stripe id, expected and found); exits 1 if any promise is broken.
"""

from __future__ import annotations

import sys

from . import env, verify_data, verify_user
from .report import Report


def main(argv: list[str]) -> int:
    snapshot_path, result_path, label = argv
    env.setup_django()
    snapshot = env.read_json(snapshot_path)
    report = Report(label)
    report.run(
        "every dj-stripe table keeps its rows, djstripe_ids and Stripe ids",
        verify_data.rows_and_ids,
        snapshot,
    )
    report.run(
        "every foreign key between mirrored objects leads to the same Stripe object",
        verify_data.relations,
        snapshot,
        "relations",
    )
    report.run("many-to-many links (tax rates) kept", verify_data.m2m, snapshot)
    report.run("typed columns hold the values of stripe_data", verify_data.typed_columns, snapshot)
    report.run("every model's rows load through the ORM", verify_data.readable)
    report.run("webhook endpoints keep uuid and secret", verify_user.endpoints, snapshot)
    report.run("API keys kept", verify_user.api_keys, snapshot)
    report.run("subscriber links kept", verify_user.subscribers, snapshot)
    report.run("events and webhook deliveries kept", verify_user.events_and_triggers, snapshot)
    report.run("idempotency keys kept", verify_user.idempotency_keys, snapshot)
    report.run(
        "the user's rows and foreign keys reach the same Stripe objects",
        verify_user.user_rows,
        snapshot,
    )
    report.run(
        "the user's foreign-key constraints exist and hold", verify_user.user_constraints, snapshot
    )
    report.run(
        "the old webhook URL accepts an event signed with the old secret",
        verify_user.webhook_after_swap,
        snapshot,
    )
    for line in report.lines():
        print(line, flush=True)
    env.write_json(
        result_path,
        {"label": label, "package": env.installed_djstripe(), "checks": report.as_json()},
    )
    return 0 if report.passed else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
