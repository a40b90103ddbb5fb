"""A resumed run keeps exactly the models, keys and options it started with."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.core.management.base import CommandError

from djstripe.exceptions import ImproperlyConfiguredError
from djstripe.models import APIKey, SyncCheckpoint, SyncRun
from djstripe.sync.report import Report

from . import expect
from .conftest import Accounts, Output
from .test_resume import StopAfter

pytestmark = pytest.mark.django_db

LIVE_KEY = "sk_live_backfill0live0key0never0used"
STORED_KEY = "sk_test_stored0in0the0database0key"


@pytest.fixture
def two_modes(stripe_double: Any, settings: Any) -> Accounts:
    """A test key and a live key of the platform, both configured in settings."""
    settings.STRIPE_TEST_SECRET_KEY = stripe_double.api_key
    settings.STRIPE_LIVE_SECRET_KEY = LIVE_KEY
    stripe_double.generate_account(customers=150, seed=3)
    stripe_double.reset_counts()
    return Accounts(stripe_double, stripe_double.platform_id)


def _interrupted(run: Callable[..., Report], *models: str, **options: Any) -> Report:
    stop = threading.Event()
    report = run(*models, stop=stop, progress=StopAfter(1, stop), **options)
    assert report.status == "interrupted"
    return report


def test_resume_uses_only_the_keys_the_run_started_with(
    two_modes: Accounts, run: Callable[..., Report]
) -> None:
    double = two_modes.double
    first = _interrupted(run, "Customer", "Invoice", api_keys=[double.api_key])
    double.reset_counts()
    second = run(resume=True)
    assert second.run_id == first.run_id
    assert second.status == "completed", second.errors
    assert not SyncCheckpoint.objects.filter(livemode=True).exists()
    assert double.request_counts().get("GET /v1/account") == 1  # the test key only
    assert SyncRun.objects.get().model_names == ["Customer", "Invoice"]


def test_the_run_stores_what_identifies_its_keys_never_the_keys(
    two_modes: Accounts, run: Callable[..., Report]
) -> None:
    _interrupted(run, "Customer", api_keys=[two_modes.double.api_key])
    stored = json.dumps(SyncRun.objects.get().options)
    assert two_modes.double.api_key not in stored
    assert "sk_test_...uble" in stored  # masked, for messages


def test_resume_keeps_the_options(two_modes: Accounts, run: Callable[..., Report]) -> None:
    first = _interrupted(run, "Customer", api_keys=[two_modes.double.api_key], since=1000)
    second = run(resume=True)
    assert second.run_id == first.run_id
    assert set(SyncCheckpoint.objects.filter(kind="list").values_list("since", flat=True)) == {1000}


def test_resume_refuses_when_a_key_is_no_longer_available(
    two_modes: Accounts, run: Callable[..., Report]
) -> None:
    double = two_modes.double
    double.add_api_key(STORED_KEY)
    APIKey.objects.create(secret=STORED_KEY, livemode=False)
    _interrupted(run, "Customer", api_keys=[STORED_KEY])
    APIKey.objects.all().delete()
    with pytest.raises(ImproperlyConfiguredError) as raised:
        run(resume=True)
    message = str(raised.value)
    assert "sk_test_...0key" in message
    assert STORED_KEY not in message
    assert "no longer" in message
    assert SyncRun.objects.get().status == "interrupted"  # still resumable
    double.reset_counts()
    APIKey.objects.create(secret=STORED_KEY, livemode=False)
    assert run(resume=True).status == "completed"
    assert "GET /v1/customers" in double.request_counts()


def test_resume_finds_a_settings_key_given_again(
    two_modes: Accounts, run: Callable[..., Report]
) -> None:
    first = _interrupted(run, "Customer", api_keys=[two_modes.double.api_key])
    second = run(resume=True, api_keys=[two_modes.double.api_key])
    assert (second.run_id, second.status) == (first.run_id, "completed")


def test_resume_refuses_other_models_or_keys(
    two_modes: Accounts, run: Callable[..., Report], command: Callable[..., Output]
) -> None:
    _interrupted(run, "Customer", api_keys=[two_modes.double.api_key])
    with pytest.raises(CommandError, match="Customer"):
        command("Invoice", "--resume")
    with pytest.raises(CommandError, match="keys"):
        command("--resume", "--api-keys", LIVE_KEY)
    assert SyncRun.objects.get().status == "interrupted"
    output = command("--resume")
    assert "completed" in output.out
    assert expect.mirrored_ids("Customer", two_modes.platform)
