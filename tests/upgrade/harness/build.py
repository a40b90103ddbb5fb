"""Fill a freshly migrated dj-stripe 2.11 database through dj-stripe's public API.

    python -m harness.build REPORT.json

Runs under dj-stripe 2.11 with ``STRIPE_API_HOST`` pointing at the Stripe API double. A
step that fails is recorded in the report (and printed) and the build goes on: the
conversion is checked on whatever dj-stripe managed to store.
"""

from __future__ import annotations

import io
import sys
import time
from typing import Any

from . import env, population


def main(argv: list[str]) -> int:
    env.setup_django()
    import stripe

    # The double is local: a retried 500 only slows the build down.
    stripe.max_network_retries = 0
    report: dict[str, Any] = {"package": env.installed_djstripe(), "phases": {}, "steps": {}}
    phases = [
        ("objects synced in code (sync_from_stripe_data)", population.sync_in_code),
        ("djstripe_sync_models", sync_models),
        ("items with tax rates (sync_from_stripe_data)", population.sync_tax_rates),
        ("older API shapes (sync_from_stripe_data)", population.sync_older_shapes),
        ("webhook endpoint, API keys, subscribers, idempotency key", population.user_state),
        ("events through the webhook view", population.post_events),
        ("rows of the user's app", population.user_rows),
    ]
    for name, phase in phases:
        started = time.monotonic()
        try:
            report["steps"][name] = phase()
        except Exception as error:  # a failed phase is reported, the build goes on
            report["steps"][name] = {"error": f"{type(error).__name__}: {error}"}
            env.say(f"build: {name} FAILED: {type(error).__name__}: {error}")
        report["phases"][name] = round(time.monotonic() - started, 2)
        env.say(f"build: {name}: {report['phases'][name]} s")
    env.write_json(argv[0], report)
    return 0


def sync_models() -> dict[str, Any]:
    """``djstripe_sync_models`` for every model dj-stripe lists, with its per-model outcome."""
    from django.core.management import call_command

    models, skipped = population.models_to_sync()
    output = io.StringIO()
    counts_before = population.row_counts(models)
    call_command("djstripe_sync_models", *models, fail_on_error=False, stdout=output, stderr=output)
    counts_after = population.row_counts(models)
    outcome = parse_sync_output(output.getvalue())
    result = {}
    for model in models:
        errors = outcome.get(model, [])
        result[model] = {
            "rows_added": counts_after[model] - counts_before[model],
            "errors": len(errors),
            "first_errors": errors[:3],
        }
    return {
        "models": result,
        "not_synced": skipped,
        "synced again without discounts": population.resync_refused(outcome),
    }


def parse_sync_output(text: str) -> dict[str, list[str]]:
    """Error lines of ``djstripe_sync_models`` grouped by the model being synced."""
    errors: dict[str, list[str]] = {}
    current = None
    for line in text.splitlines():
        if line.startswith("Syncing ") and " for key " in line:
            current = line.split()[1]
            errors.setdefault(current, [])
        elif current and ("Error" in line or line.startswith("Failed")):
            errors[current].append(line.strip()[:300])
    return errors


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
