"""Management commands and options of dj-stripe 2.11.

``stripe_listen`` runs the Stripe CLI: a stand-in ``stripe`` executable on ``PATH``
answers as the CLI does (``--print-secret`` prints the secret; ``--forward-to``
records where it would forward and exits).
"""

from __future__ import annotations

import os
import stat
import sys
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command, get_commands
from django.core.management.base import CommandError

from djstripe.models import WebhookEndpoint

pytestmark = pytest.mark.django_db

FAKE_CLI = """#!{python}
import sys
from pathlib import Path

args = sys.argv[1:]
if "--print-secret" in args:
    print("{secret}")
elif "--forward-to" in args:
    Path({record!r}).write_text(args[args.index("--forward-to") + 1])
"""


def _fake_stripe_cli(directory: Path, secret: str) -> Path:
    record = directory / "forwarded-to"
    cli = directory / "stripe"
    cli.write_text(FAKE_CLI.format(python=sys.executable, secret=secret, record=str(record)))
    cli.chmod(cli.stat().st_mode | stat.S_IEXEC)
    return record


def test_dj_stripes_commands_exist() -> None:
    commands = get_commands()
    for name in (
        "djstripe_sync_models",
        "djstripe_process_events",
        "djstripe_init_customers",
        "djstripe_sync_customers",
        "djstripe_clear_expired_idempotency_keys",
        "stripe_listen",
    ):
        assert commands.get(name) == "djstripe", name


def test_stripe_listen_forwards_to_a_local_endpoint(tmp_path: Path, monkeypatch: Any) -> None:
    record = _fake_stripe_cli(tmp_path, "whsec_cli_0123456789")
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    out = StringIO()
    call_command("stripe_listen", "--host", "127.0.0.1", "--port", "8123", stdout=out)

    forwarded = record.read_text()
    assert forwarded.startswith("http://127.0.0.1:8123/stripe/webhook/")
    assert f"Forwarding Stripe's events to {forwarded}" in out.getvalue()
    # The local endpoint lived while the CLI ran, and is gone after.
    assert not WebhookEndpoint.objects.filter(secret="whsec_cli_0123456789").exists()


def test_stripe_listen_endpoint_verifies_the_cli_signatures(
    tmp_path: Path, monkeypatch: Any
) -> None:
    """While the CLI runs, deliveries signed with its secret are accepted."""
    from djstripe.management.commands import stripe_listen

    seen: dict[str, Any] = {}
    real_run = stripe_listen.subprocess.run

    def run(args: list[str], **kwargs: Any) -> Any:
        if "--forward-to" in args:
            endpoint = WebhookEndpoint.objects.get(url=args[args.index("--forward-to") + 1])
            seen["secrets"] = endpoint.accepted_secrets()
            seen["id"] = endpoint.id
        return real_run(args, **kwargs)

    _fake_stripe_cli(tmp_path, "whsec_cli_abcdef")
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr(stripe_listen.subprocess, "run", run)
    call_command("stripe_listen", stdout=StringIO())
    assert seen["secrets"] == ["whsec_cli_abcdef"]
    assert seen["id"].startswith("djstripe_whfwd_")


def test_stripe_listen_without_the_cli(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(CommandError, match="not installed"):
        call_command("stripe_listen")


def test_stripe_listen_when_the_cli_gives_no_secret(tmp_path: Path, monkeypatch: Any) -> None:
    _fake_stripe_cli(tmp_path, "You must log in first")
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    with pytest.raises(CommandError, match="stripe login"):
        call_command("stripe_listen")
    assert not WebhookEndpoint.objects.exists()
