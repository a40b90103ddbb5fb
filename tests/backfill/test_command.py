"""``manage.py djstripe_sync_models``: arguments, errors, output on a terminal and off."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.core.management.base import CommandError

from djstripe.models import APIKey, SyncRun

from . import expect
from .conftest import Accounts, Output

pytestmark = pytest.mark.django_db

BAD_KEY = "sk_test_this key has spaces in it 123456"


def test_model_names_are_case_insensitive(small: Accounts, command: Callable[..., Output]) -> None:
    command("customer", "INVOICE")
    assert SyncRun.objects.get().model_names == ["Customer", "Invoice"]
    assert expect.mirrored_ids("Invoice", small.platform)


def test_an_unknown_model_lists_the_valid_names(key: str, command: Callable[..., Output]) -> None:
    with pytest.raises(CommandError) as raised:
        command("Customer", "Nonsense")
    message = str(raised.value)
    assert "Unknown model 'Nonsense'" in message
    for name in ("Customer", "Invoice", "LineItem", "PaymentMethod", "Account"):
        assert re.search(rf"\b{name}\b", message)
    assert not SyncRun.objects.exists()


def test_a_malformed_key_is_refused_without_showing_it(
    key: str, command: Callable[..., Output]
) -> None:
    with pytest.raises(CommandError) as raised:
        command("Customer", "--api-keys", BAD_KEY)
    assert "not a Stripe secret key" in str(raised.value)
    assert BAD_KEY not in str(raised.value)
    assert "this key has spaces" not in str(raised.value)


def test_a_malformed_key_given_in_code_is_refused_the_same_way(
    key: str, command: Callable[..., Output]
) -> None:
    with pytest.raises(CommandError) as raised:
        command("Customer", api_keys=[BAD_KEY])
    assert "not a Stripe secret key" in str(raised.value)
    assert "this key has spaces" not in str(raised.value)


def test_a_malformed_key_in_the_database_is_refused(
    key: str, command: Callable[..., Output]
) -> None:
    APIKey.objects.bulk_create([APIKey(secret="sk_test_bad!key!value!", livemode=False)])
    with pytest.raises(CommandError, match="not a Stripe secret key"):
        command("Customer")


def test_keys_from_the_database_and_settings_are_used_once_each(
    small: Accounts, command: Callable[..., Output]
) -> None:
    APIKey.objects.create(secret=small.double.api_key, livemode=False)
    output = command("Customer")
    assert output.out.count("Syncing Customer for key sk_test_...uble:") == 1
    assert small.double.request_counts()["GET /v1/customers"] == 1


def test_no_key_at_all_is_a_clear_error(
    stripe_double: object, settings: object, command: Callable[..., Output]
) -> None:
    settings.STRIPE_TEST_SECRET_KEY = ""  # type: ignore[attr-defined]
    settings.STRIPE_SECRET_KEY = ""  # type: ignore[attr-defined]
    with pytest.raises(CommandError, match="No Stripe secret key"):
        command("Customer")


def test_plain_output_has_a_line_per_model_and_the_table(
    small: Accounts, command: Callable[..., Output]
) -> None:
    output = command("Customer", "Invoice")
    lines = output.out.splitlines()
    starts = [line for line in lines if line.startswith("Syncing ") and " for key " in line]
    # The shared benchmark reads the model name as the second word of these lines.
    assert [line.split()[1] for line in starts] == ["Account", "Customer", "Invoice"]
    assert f"  Invoice on {small.platform}: " in output.out
    header = next(line for line in lines if line.startswith("model "))
    assert header.split() == [
        "model",
        "account",
        "listed",
        "created",
        "updated",
        "unchanged",
        "failed",
        "requests",
        "seconds",
    ]
    invoices = len(small.double.objects("invoice"))
    row = next(line for line in lines if line.startswith("Invoice "))
    assert row.split()[2:4] == [str(invoices), str(invoices)]
    assert "\r" not in output.out
    assert output.err == ""


def test_a_terminal_gets_a_progress_bar(small: Accounts, command: Callable[..., Output]) -> None:
    output = command("Customer", "Invoice", terminal=True)
    assert "\r[" in output.out
    assert re.search(r"\] +\d+% [\d,]+ objects [\d,]+/s ETA ", output.out)
    assert "Syncing Customer" not in output.out
    assert "model " in output.out  # the final table still comes


def test_verbosity_zero_prints_nothing(small: Accounts, command: Callable[..., Output]) -> None:
    output = command("Customer", verbosity=0)
    assert output.out == ""
    assert expect.mirrored_ids("Customer", small.platform)


def test_since_and_full_exclude_each_other(key: str, command: Callable[..., Output]) -> None:
    with pytest.raises(CommandError):
        command("Customer", "--since", "2026-01-01", "--full")


def test_since_accepts_dates_and_epochs(small: Accounts, command: Callable[..., Output]) -> None:
    command("Customer", "--since", "2099-01-01")
    assert SyncRun.objects.get().options["since"] == 4070908800
    command("Customer", "--since", "4070908800")
    assert SyncRun.objects.latest("pk").options["since"] == 4070908800
    with pytest.raises(CommandError, match="is not a date"):
        command("Customer", "--since", "yesterday")


@pytest.mark.parametrize("option", [("--workers", "0"), ("--rate", "-1")])
def test_bad_numbers_are_refused(key: str, command: Callable[..., Output], option: tuple) -> None:
    with pytest.raises(CommandError):
        command("Customer", *option)
