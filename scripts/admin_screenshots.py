"""The admin in headless Chromium (run by ``scripts/admin_screenshots``).

1. Start the Stripe API double (``python -m djstripe.testing --fixtures --customers 20``).
2. A temporary SQLite database: migrate, a superuser, a backfill from the double.
3. ``manage.py runserver`` on a free 127.0.0.1 port.
4. In Chromium: log in, add a webhook endpoint and an API key through their forms, let
   the double deliver events, and open the list and a change page of Customer,
   Subscription, Invoice, Event and WebhookEndpoint, checking what they show.
5. Screenshots in ``.screenshots/admin/``; exit status 1 if any check failed.
"""

# ruff: noqa: T201, S603 - a command-line script: it prints, and runs this repo's manage.py

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / ".screenshots" / "admin"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
USERNAME, PASSWORD = "admin", "admin-screenshots-pw"
NEW_API_KEY = "sk_test_screenshots0added0key0XYZW"
XSS_NAME = "<b>Bold & Co</b><script>window.__xss = 1</script>"


class Checks:
    """Collects failed checks; the run goes on so every screenshot is taken."""

    def __init__(self) -> None:
        self.failed: list[str] = []
        self.passed = 0

    def that(self, condition: bool, message: str) -> None:
        if condition:
            self.passed += 1
        else:
            self.failed.append(message)
            print(f"  FAILED: {message}", flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_double() -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "djstripe.testing",
            "--fixtures",
            "--customers",
            "20",
            "--seed",
            "7",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline().strip()
    if not line.startswith("READY "):
        raise SystemExit(f"the Stripe API double did not start: {line!r}")
    return process, line.split()[1]


def settings_module(workdir: Path) -> str:
    """``tests.settings``; when the committed migration lags behind the models (while
    models are in flux), a module that builds djstripe's tables from the models."""
    check = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "djstripe", "--check", "--dry-run"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=os.environ | {"DJANGO_SETTINGS_MODULE": "tests.settings"},
    )
    if check.returncode == 0:
        return "tests.settings"
    print("Note: djstripe's migration is behind the models; tables are built from the models.")
    (workdir / "screenshot_settings.py").write_text(
        "from tests.settings import *  # noqa: F403\nMIGRATION_MODULES = {'djstripe': None}\n"
    )
    return "screenshot_settings"


def prepare_database() -> None:
    from django.contrib.auth.models import User
    from django.core.management import call_command, get_commands

    call_command("migrate", run_syncdb=True, verbosity=0)
    User.objects.create_superuser(USERNAME, "admin@example.com", PASSWORD)
    if "djstripe_sync_models" in get_commands():
        try:
            call_command("djstripe_sync_models", "--rate", "0", verbosity=0)
            return
        except Exception as error:  # noqa: BLE001 - the admin is checked on what syncs
            print(f"Note: djstripe_sync_models failed ({error}); syncing model by model.")
    backfill_in_code()


def backfill_in_code() -> None:
    from django.conf import settings

    from djstripe import stripe_api
    from djstripe.sync import engine
    from djstripe.sync.registry import stripe_models
    from djstripe.sync.source import Source

    key = settings.STRIPE_TEST_SECRET_KEY
    for model in stripe_models():
        if not model.api_path or not model.listable:
            continue
        try:
            params = dict(model.list_params)
            for page in stripe_api.pages(model.api_path, api_key=key, params=params):
                engine.sync_page(model, page.objects, source=Source.api(page.stamp, api_key=key))
        except Exception as error:  # noqa: BLE001 - reported; the rest still syncs
            print(f"Note: {model.__name__} did not sync: {error}")


@contextmanager
def dev_server(port: int, env: dict[str, str]) -> Iterator[str]:
    log = open(OUT / "runserver.log", "w")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(f"{url}/admin/login/", timeout=2)  # noqa: S310
                break
            except OSError:
                if process.poll() is not None:
                    raise SystemExit(f"runserver exited; see {OUT / 'runserver.log'}") from None
                time.sleep(0.2)
        yield url
    finally:
        stop(process)
        log.close()


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(5)


def wait_for(condition, timeout: float = 30.0) -> bool:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.3)
    return False


def main() -> int:
    started = time.monotonic()
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    workdir = Path(tempfile.mkdtemp(prefix="djstripe-admin-"))
    double, double_url = start_double()
    try:
        env = os.environ | {
            "DJSTRIPE_SQLITE_PATH": str(workdir / "admin.sqlite3"),
            "STRIPE_API_HOST": double_url,
            "DJSTRIPE_DEBUG": "1",
            "PYTHONPATH": os.pathsep.join([str(ROOT), str(workdir)]),
        }
        env["DJANGO_SETTINGS_MODULE"] = settings_module(workdir)
        os.environ.update(env)
        sys.path[:0] = [str(ROOT), str(workdir)]
        import django

        django.setup()
        prepare_database()
        print(f"Sample data mirrored ({time.monotonic() - started:.0f} s).", flush=True)
        from admin_screenshots_pages import browse

        checks = Checks()
        with dev_server(free_port(), env) as url:
            browse(url, workdir, checks)
    finally:
        stop(double)
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"\nScreenshots: {OUT}")
    print(
        f"{checks.passed} checks passed, {len(checks.failed)} failed "
        f"({time.monotonic() - started:.0f} s)."
    )
    return 1 if checks.failed else 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    raise SystemExit(main())
