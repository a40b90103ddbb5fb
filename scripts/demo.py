"""The demo behind ``scripts/demo``: a sample Stripe account mirrored into SQLite.

``scripts/demo``: start the bundled Stripe API double with Stripe's example objects and a
generated account, migrate ``.demo/demo.sqlite3``, run ``manage.py djstripe_sync_models``
against the double, and say what was mirrored and what to do next.

``scripts/demo admin``: serve Django's admin on that database (user ``demo``, password
``demo``), with the same double behind it, until Ctrl-C.

Runs the development project (``tests/settings.py``). ``DEMO_CUSTOMERS`` sets the size
of the generated account (default 200), ``DEMO_PORT`` the admin's port (default 8000),
``DEMO_DIR`` where the database goes (default ``.demo``).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEMO = Path(os.environ.get("DEMO_DIR") or ROOT / ".demo")
DATABASE = DEMO / "demo.sqlite3"
ACCOUNT_FILE = DEMO / "account.json"
SEED = "7"
USER, PASSWORD = "demo", "demo"
LARGEST = 12
"""Models shown by name in the summary (the rest are counted)."""


def start_double(customers: int, now: int) -> tuple[subprocess.Popen, str]:
    """Start ``python -m djstripe.testing`` and wait for its ``READY <url> <pid>`` line."""
    command = [sys.executable, "-m", "djstripe.testing", "--fixtures", "--seed", SEED]
    command += ["--customers", str(customers), "--now", str(now)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    assert process.stdout is not None
    line = process.stdout.readline().strip()
    if not line.startswith("READY "):
        process.kill()
        raise SystemExit(f"The Stripe API double did not start: {line!r}")
    return process, line.split()[1]


def setup_django(double_url: str) -> None:
    os.environ.pop("DJSTRIPE_TEST_DB", None)  # the demo runs on SQLite, whatever the shell says
    os.environ.update(
        DJANGO_SETTINGS_MODULE="tests.settings",
        DJSTRIPE_SQLITE_PATH=str(DATABASE),
        STRIPE_API_HOST=double_url,
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def shown(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def demo(customers: int) -> None:
    DEMO.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{DATABASE}{suffix}").unlink(missing_ok=True)
    now = int(time.time())
    # `scripts/demo admin` serves the same account again: same seed, size and time.
    ACCOUNT_FILE.write_text(json.dumps({"customers": customers, "now": now}))
    started = time.perf_counter()
    double, url = start_double(customers, now)
    try:
        print(
            f"Stripe API double   {url}, with Stripe's example objects and {customers:,} "
            "generated customers"
        )
        setup_django(url)
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        create_demo_user()
        print(f"Database            {shown(DATABASE)}, migrated")
        sync_started = time.perf_counter()
        call_command("djstripe_sync_models", "--rate", "0", "--fail-on-error", verbosity=0)
        seconds = time.perf_counter() - sync_started
        requests = double_stats(url)["total"]
        print_mirror(requests, seconds)
    finally:
        stop(double)
    print(f"Done in {time.perf_counter() - started:.1f} s.")
    print_next_steps()


def print_mirror(requests: int, seconds: float) -> None:
    counts = rows_per_model()
    total = sum(counts.values())
    print(
        f"Sync                manage.py djstripe_sync_models: {total:,} rows of {len(counts)} "
        f"models, {requests:,} API requests, {seconds:.1f} s"
    )
    largest = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    print(f"\nThe {LARGEST} largest of the {len(counts)} mirrored models:")
    cells = [f"{name:<20}{count:>7,}" for name, count in largest[:LARGEST]]
    for start in range(0, len(cells), 3):
        print("  " + "   ".join(cells[start : start + 3]))
    rest = largest[LARGEST:]
    print(f"  and {len(rest)} more with {sum(c for _, c in rest):,} rows between them.")
    print_subscriptions()


def rows_per_model() -> dict[str, int]:
    """Rows of every mirrored model that has any (the numbers the admin shows)."""
    from djstripe.sync import registry

    counts = {}
    for model in registry.stripe_models():
        if not model._meta.proxy:
            count = model._base_manager.count()
            if count:
                counts[model.__name__] = count
    return counts


def print_subscriptions() -> None:
    from django.utils import timezone

    from djstripe.models import Subscription

    mirrored = Subscription.objects.count()
    valid = Subscription.objects.filter(
        status="active", current_period_end__gt=timezone.now()
    ).count()
    print(f"Subscriptions       {mirrored:,} mirrored, {valid:,} active and valid today")


def print_next_steps() -> None:
    port = os.environ.get("DEMO_PORT", "8000")
    print(
        "\nNext steps:\n"
        f"  scripts/demo admin        browse the mirror in Django's admin at\n"
        f"                            http://127.0.0.1:{port}/admin/ (user {USER}, "
        f"password {PASSWORD})\n"
        "  scripts/test              run the test suite\n"
        "  docs/installation.md      add djstripe to your own project\n"
        "  docs/testing.md           test your code against the Stripe API double"
    )


def create_demo_user() -> None:
    from django.contrib.auth import get_user_model

    users = get_user_model()
    if not users.objects.filter(username=USER).exists():
        users.objects.create_superuser(USER, f"{USER}@example.com", PASSWORD)


def double_stats(url: str) -> dict[str, Any]:
    with urllib.request.urlopen(f"{url}/__double/stats") as response:  # noqa: S310 - 127.0.0.1
        return json.loads(response.read())


def serve_admin() -> None:
    """Serve the admin on the demo database, with the demo's double behind it."""
    if not DATABASE.exists() or not ACCOUNT_FILE.exists():
        raise SystemExit("No demo database yet: run scripts/demo first.")
    account = json.loads(ACCOUNT_FILE.read_text())
    port = os.environ.get("DEMO_PORT", "8000")
    double, url = start_double(account["customers"], account["now"])
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        setup_django(url)
        from django.core.management import call_command

        create_demo_user()
        print(
            f"Admin: http://127.0.0.1:{port}/admin/ (user {USER}, password {PASSWORD}); "
            "Ctrl-C to stop.",
            flush=True,
        )
        call_command("runserver", f"127.0.0.1:{port}", use_reloader=False, skip_checks=True)
    except KeyboardInterrupt:
        pass
    finally:
        stop(double)


def _interrupt(signum: int, frame: Any) -> None:
    """A plain ``kill`` (SIGTERM) ends the server as Ctrl-C does, so the double stops too."""
    raise KeyboardInterrupt


def stop(double: subprocess.Popen) -> None:
    double.terminate()
    double.wait(10)


def main(argv: list[str]) -> int:
    if argv == ["admin"]:
        serve_admin()
    elif not argv:
        demo(int(os.environ.get("DEMO_CUSTOMERS", "200")))
    else:
        print("usage: scripts/demo [admin]", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
