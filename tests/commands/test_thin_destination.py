"""``djstripe_webhook_endpoint --thin`` creates an event destination of thin events;
``stripe_listen`` forwards thin events where the Stripe CLI does."""

from __future__ import annotations

import os
import stat
import sys
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from djstripe.helpers.event_destinations import handled_thin_events
from djstripe.models import WebhookEndpoint

pytestmark = pytest.mark.django_db


def test_thin_creates_a_destination_and_stores_its_secret(stripe_double: Any) -> None:
    out = StringIO()
    call_command(
        "djstripe_webhook_endpoint", "--base-url", "https://example.com", "--thin", stdout=out
    )
    endpoint = WebhookEndpoint.objects.get()
    (destination,) = stripe_double.objects("v2.core.event_destination")
    assert endpoint.id == destination["id"]
    assert destination["event_payload"] == "thin"
    assert destination["events_from"] == ["@self"]
    assert sorted(destination["enabled_events"]) == sorted(handled_thin_events())
    assert "v1.customer.updated" in destination["enabled_events"]
    assert "v2.core.account.updated" in destination["enabled_events"]
    assert "v1.invoice.upcoming" not in destination["enabled_events"]
    assert endpoint.secret == stripe_double.store.endpoint_private[endpoint.id]["secret"]
    assert endpoint.url.startswith("https://example.com/stripe/webhook/")
    assert str(endpoint.djstripe_uuid) in endpoint.url
    assert endpoint.secret not in str(endpoint.stripe_data)
    assert endpoint.secret not in out.getvalue()
    assert "Created event destination" in out.getvalue()


def test_thin_again_keeps_the_destination_and_updates_its_events(stripe_double: Any) -> None:
    base = ("djstripe_webhook_endpoint", "--base-url", "https://example.com", "--thin")
    call_command(*base, stdout=StringIO())
    out = StringIO()
    call_command(*base, stdout=out)
    assert "Unchanged" in out.getvalue()
    call_command(*base, "--events", "v1.customer.created", stdout=out)
    assert "Updated" in out.getvalue()
    (destination,) = stripe_double.objects("v2.core.event_destination")
    assert destination["enabled_events"] == ["v1.customer.created"]
    assert WebhookEndpoint.objects.get().enabled_events == ["v1.customer.created"]


def test_thin_connect_destination_receives_connected_accounts(stripe_double: Any) -> None:
    call_command(
        "djstripe_webhook_endpoint",
        "--base-url",
        "https://example.com",
        "--thin",
        "--connect",
        stdout=StringIO(),
    )
    (destination,) = stripe_double.objects("v2.core.event_destination")
    assert destination["events_from"] == ["@accounts"]
    assert WebhookEndpoint.objects.get().connect is True


def test_thin_refuses_snapshot_types(stripe_double: Any) -> None:
    with pytest.raises(CommandError, match="customer.created"):
        call_command(
            "djstripe_webhook_endpoint",
            "--base-url",
            "https://example.com",
            "--thin",
            "--events",
            "customer.created",
        )


def test_thin_types_need_thin(stripe_double: Any) -> None:
    with pytest.raises(CommandError, match="need --thin"):
        call_command(
            "djstripe_webhook_endpoint",
            "--base-url",
            "https://example.com",
            "--events",
            "v1.customer.created",
        )


FAKE_CLI = """#!{python}
import sys
from pathlib import Path

args = sys.argv[1:]
if "--print-secret" in args:
    print("whsec_cli_thin_0123")
else:
    Path({record!r}).write_text("\\n".join(args))
"""


def test_stripe_listen_forwards_thin_events_to_the_account_endpoint(
    tmp_path: Path, monkeypatch: Any
) -> None:
    record = tmp_path / "args"
    cli = tmp_path / "stripe"
    cli.write_text(FAKE_CLI.format(python=sys.executable, record=str(record)))
    cli.chmod(cli.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    call_command("stripe_listen", stdout=StringIO())
    args = record.read_text().splitlines()
    forward_to = args[args.index("--forward-to") + 1]
    assert args[args.index("--forward-thin-to") + 1] == forward_to
    thin_types = args[args.index("--thin-events") + 1].split(",")
    assert "v1.customer.updated" in thin_types
    assert "v2.core.account.created" in thin_types
