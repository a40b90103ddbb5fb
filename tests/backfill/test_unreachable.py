"""Stripe (or ``STRIPE_API_HOST``) out of reach: one line saying what and why."""

from __future__ import annotations

import socket
from collections.abc import Callable
from typing import Any

import pytest
from django.core.management.base import CommandError

from djstripe import stripe_api
from djstripe.models import SyncRun
from djstripe.sync.partitions import Partition
from djstripe.sync.progress import Progress
from djstripe.sync.report import Report

from . import expect
from .conftest import Accounts, Output, Sleeps

pytestmark = pytest.mark.django_db


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_an_unreachable_api_is_one_line(
    key: str, settings: Any, command: Callable[..., Output], sleeps: Sleeps
) -> None:
    port = _closed_port()
    settings.STRIPE_API_HOST = f"http://127.0.0.1:{port}"
    with stripe_api.retrying(sleep=sleeps), pytest.raises(CommandError) as raised:
        command("Customer")
    message = str(raised.value)
    assert len(message.splitlines()) == 1, message
    assert f"http://127.0.0.1:{port}" in message
    assert "STRIPE_API_HOST" in message
    assert "connection refused" in message.lower()
    assert "Traceback" not in message and "HTTPConnectionPool" not in message
    assert len(sleeps.calls) == stripe_api.DEFAULT_POLICY.max_retries  # retried first
    assert SyncRun.objects.get().status == "failed"


def test_an_unknown_host_is_one_line(
    key: str, settings: Any, command: Callable[..., Output], sleeps: Sleeps
) -> None:
    settings.STRIPE_API_HOST = "http://stripe-double.invalid"
    with stripe_api.retrying(stripe_api.NO_RETRIES), pytest.raises(CommandError) as raised:
        command("Customer")
    message = str(raised.value)
    assert len(message.splitlines()) == 1, message
    assert "http://stripe-double.invalid" in message
    assert "HTTPConnectionPool" not in message


class LoseStripe(Progress):
    """Points the API host at a closed port once the first page is written."""

    def __init__(self, settings: Any) -> None:
        self.settings = settings

    def page(self, part: Partition, objects: int) -> None:
        self.settings.STRIPE_API_HOST = f"http://127.0.0.1:{_closed_port()}"


def test_losing_stripe_in_the_middle_stops_the_run_and_resume_finishes(
    small: Accounts, settings: Any, run: Callable[..., Report]
) -> None:
    double = small.double
    report = run("Customer", "Invoice", "Charge", progress=LoseStripe(settings))
    assert report.status == "interrupted"
    (error,) = report.errors  # the other listings did not each wait for the same
    assert len(str(error).splitlines()) == 1
    assert "Could not reach the Stripe API at http://127.0.0.1:" in str(error)
    settings.STRIPE_API_HOST = double.url
    resumed = run(resume=True)
    assert (resumed.run_id, resumed.status) == (report.run_id, "completed")
    for name, object_name in (("Invoice", "invoice"), ("Charge", "charge")):
        assert expect.mirrored_ids(name, small.platform) == {
            o["id"] for o in double.objects(object_name)
        }
