"""The demo behind ``scripts/demo``: double up, migrate, backfill, report.

Runs the development project (``tests/settings.py``) on ``.demo/demo.sqlite3``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / ".demo"


def start_double(customers: int) -> tuple[subprocess.Popen, str]:
    """Start ``python -m djstripe.testing`` and wait for its ``READY <url> <pid>`` line."""
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "djstripe.testing",
            "--port",
            "0",
            "--fixtures",
            "--customers",
            str(customers),
            "--seed",
            "7",
        ],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert process.stdout is not None
    line = process.stdout.readline().strip()
    if not line.startswith("READY "):
        process.kill()
        raise SystemExit(f"the Stripe API double did not start: {line!r}")
    return process, line.split()[1]


def main() -> int:
    customers = int(os.environ.get("DEMO_CUSTOMERS", "200"))
    DEMO.mkdir(exist_ok=True)
    database = DEMO / "demo.sqlite3"
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    started = time.perf_counter()
    double, url = start_double(customers)
    print(f"Stripe API double: {url} (sample account of {customers} customers)")
    os.environ.update(
        DJANGO_SETTINGS_MODULE="tests.settings",
        DJSTRIPE_SQLITE_PATH=str(database),
        STRIPE_API_HOST=url,
    )
    sys.path.insert(0, str(ROOT))
    try:
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        print(f"Migrated {database.relative_to(ROOT)}")
        call_command("djstripe_sync_models", "--rate", "0", verbosity=1)
        print("\nMirrored rows per model:")
        total = 0
        from djstripe.sync import registry

        mirrored = [m for m in registry.stripe_models() if not m._meta.proxy]
        for model in sorted(mirrored, key=lambda m: m.__name__):
            count = model._base_manager.count()
            if count:
                total += count
                print(f"  {model.__name__:<28} {count:>7}")
        print(f"  {'total':<28} {total:>7}")
        print(f"Done in {time.perf_counter() - started:.1f} s.")
    finally:
        double.terminate()
        double.wait(10)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
