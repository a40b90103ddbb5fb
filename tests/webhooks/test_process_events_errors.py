"""``djstripe_process_events --ids``: an event that cannot be retrieved is named, with
what Stripe answered, and the command exits non-zero."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from djstripe import stripe_api
from djstripe.management.commands.djstripe_process_events import Command
from djstripe.models import Customer, Event

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("djstripe_process_events", *args, verbosity=1, stdout=out, stderr=out)
    return out.getvalue()


def test_every_missing_id_is_named_with_stripes_answer(stripe_double: Any) -> None:
    created = stripe_api.create("/v1/customers", {"email": "found@example.com"})
    found = stripe_double.events("customer.created")[0]["id"]
    with pytest.raises(CommandError) as raised:
        run("--ids", "evt_missing1", found, "evt_missing2")
    message = str(raised.value)
    for missing in ("evt_missing1", "evt_missing2"):
        assert f"event {missing} not retrieved: Stripe answered 404: No such event: " in message
        assert f"'{missing}'" in message
    assert "the platform (sk_test_..." in message
    assert "sk_test_djstripe0tests0key" not in message  # the key is masked
    # The event that exists was stored and processed all the same.
    assert Event.objects.get(id=found).djstripe_status == "processed"
    assert Customer.objects.get(id=created["id"]).email == "found@example.com"


def test_the_exit_status_is_non_zero_and_stderr_names_the_id(
    stripe_double: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        Command().run_from_argv(["manage.py", "djstripe_process_events", "--ids", "evt_missing"])
    assert exited.value.code == 1
    assert "evt_missing not retrieved: Stripe answered 404" in capsys.readouterr().err


def test_an_event_of_a_connected_account_is_found_there(stripe_double: Any) -> None:
    account = stripe_double.create_connected_account()["id"]
    stripe_api.create("/v1/customers", {"email": "c@example.com"}, stripe_account=account)
    event_id = stripe_double.events("customer.created", account=account)[0]["id"]
    output = run("--ids", event_id)
    assert "Processed 1" in output
    assert Event.objects.get(id=event_id).djstripe_owner_account_id == account


def test_other_answers_are_reported_as_stripe_gave_them(stripe_double: Any) -> None:
    stripe_double.inject_fault(
        "GET /v1/events/{id}", status=403, times=None, error_type="invalid_request_error"
    )
    with pytest.raises(CommandError, match=r"event evt_refused not retrieved: Stripe answered 403"):
        run("--ids", "evt_refused")


def test_an_id_that_is_not_an_event_id_is_refused_without_asking_stripe(
    stripe_double: Any,
) -> None:
    stripe_double.reset_counts()
    with pytest.raises(CommandError) as raised:
        run("--ids", "evt_1/../../account", "cus_123")
    assert "'evt_1/../../account' is not an event id" in str(raised.value)
    assert "'cus_123' is not an event id" in str(raised.value)
    assert stripe_double.total_requests() == 0
