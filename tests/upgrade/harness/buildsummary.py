"""Print what dj-stripe managed to store during a build (from ``build.json``; no Django).

python -m harness.buildsummary BUILD.json LABEL
"""

from __future__ import annotations

import sys

from . import env


def main(argv: list[str]) -> int:
    path, label = argv
    report = env.read_json(path)
    phases = "; ".join(f"{name} {seconds} s" for name, seconds in report["phases"].items())
    print(f"[{label}] {report['package']}: {phases}")
    sync = report["steps"].get("djstripe_sync_models", {})
    models = sync.get("models", {})
    clean = sorted(m for m, r in models.items() if not r["errors"] and r["rows_added"])
    empty = sorted(m for m, r in models.items() if not r["errors"] and not r["rows_added"])
    print(f"    djstripe_sync_models stored rows without error: {', '.join(clean)}")
    print(f"    listed nothing: {', '.join(empty)}")
    for model, result in sorted(models.items()):
        if result["errors"]:
            print(
                f"    {model}: {result['rows_added']} rows, {result['errors']} errors, "
                f"e.g. {result['first_errors'][0][:160]}"
            )
    for model, reason in sync.get("not_synced", {}).items():
        print(f"    not asked: {model} ({reason})")
    for name, outcome in sync.get("synced again without discounts", {}).items():
        print(f"    synced again without discounts: {name}: {outcome}")
    for step in (
        "objects synced in code (sync_from_stripe_data)",
        "items with tax rates (sync_from_stripe_data)",
        "older API shapes (sync_from_stripe_data)",
    ):
        results = report["steps"].get(step, {})
        if "error" in results:
            print(f"    {step}: {results['error']}")
            continue
        flat = []
        for key, value in results.items():
            flat.extend(
                [f"{key} {v}" for v in value] if isinstance(value, list) else [f"{key}: {value}"]
            )
        print(f"    {step}: " + "; ".join(flat))
    for step in (
        "webhook endpoint, API keys, subscribers, idempotency key",
        "events through the webhook view",
        "rows of the user's app",
    ):
        print(f"    {step}: {report['steps'].get(step)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
