"""The README's promise to a newcomer: two commands, and a demo that says what it did and
what to do next."""

from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_readme_starts_with_the_two_commands_for_a_fresh_machine():
    first_block = re.search(r"```bash\n(.*?)```", README, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in first_block.splitlines()]
    assert commands == ["scripts/demo", "scripts/test"]
    assert README.index(first_block) < README.index("## Install into a Django project")


def demo_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJSTRIPE_", "DJANGO_"))}
    env.update(DEMO_DIR=str(tmp_path), DEMO_CUSTOMERS="6", PYTHONUNBUFFERED="1")
    return env


@pytest.mark.slow
def test_the_demo_is_short_consistent_and_ends_with_next_steps(tmp_path):
    result = subprocess.run(
        [sys.executable, "scripts/demo.py"],
        cwd=ROOT,
        env=demo_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) <= 25, result.stdout
    total = number(r"djstripe_sync_models: ([\d,]+) rows", result.stdout)
    table = result.stdout.split("mirrored models:\n", 1)[1].split("  and ", 1)[0]
    shown = [int(n.replace(",", "")) for n in re.findall(r"[A-Za-z] +([\d,]+)", table)]
    rest = number(r"and \d+ more with ([\d,]+) rows", result.stdout)
    assert sum(shown) + rest == total  # one set of numbers, from the database
    # Stripe's example subscription and 6 generated ones; most of these paid their last
    # invoice, and their dates are relative to now, so they are valid today.
    assert number(r"([\d,]+) active and valid today", result.stdout) >= 4
    steps = result.stdout[result.stdout.index("Next steps:") :]
    assert "scripts/demo admin" in steps and "user demo, password demo" in steps
    assert result.stderr == ""

    admin = subprocess.Popen(
        [sys.executable, "scripts/demo.py", "admin"],
        cwd=ROOT,
        env={**demo_env(tmp_path), "DEMO_PORT": str(free_port())},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        ready = admin.stdout.readline()
        url = re.search(r"(http://127\.0\.0\.1:\d+/admin/)", ready)[1]
        opener = log_in(url, "demo", "demo")
        with opener.open(url + "djstripe/invoice/") as page:
            assert page.status == 200 and "Select invoice to view" in page.read().decode()
    finally:
        admin.send_signal(signal.SIGTERM)
        admin.communicate(timeout=30)
    assert admin.returncode == 0


def number(pattern: str, text: str) -> int:
    return int(re.search(pattern, text)[1].replace(",", ""))


def log_in(admin_url: str, username: str, password: str) -> urllib.request.OpenerDirector:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    login = admin_url + "login/"
    for _ in range(100):  # the server answers once it has bound its port
        try:
            opener.open(login).read()
            break
        except urllib.error.URLError:
            time.sleep(0.1)
    token = next(cookie.value for cookie in jar if cookie.name == "csrftoken")
    form = urllib.parse.urlencode(
        {
            "username": username,
            "password": password,
            "csrfmiddlewaretoken": token,
            "next": "/admin/",
        }
    ).encode()
    request = urllib.request.Request(login, data=form, headers={"Referer": login})
    with opener.open(request) as response:
        assert response.url.endswith("/admin/"), "the demo user could not log in"
    return opener


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
