"""Keys and modes: a missing key, a key of the other mode, a key of the wrong form."""

from __future__ import annotations

import pytest

from .conftest import ids, run

TEST_KEY = "sk_test_51abcdefghijklmnopqrstuvwxyz"
LIVE_KEY = "sk_live_51abcdefghijklmnopqrstuvwxyz"


def test_the_suites_settings_pass(clean_settings):
    assert run() == []


def test_no_key_for_the_active_mode_warns(clean_settings):
    clean_settings.STRIPE_TEST_SECRET_KEY = ""
    [message] = run()
    assert message.id == "djstripe.W006"
    assert "test mode" in message.msg
    assert "STRIPE_TEST_SECRET_KEY" in message.hint


def test_no_live_key_in_live_mode_names_the_live_setting(clean_settings):
    clean_settings.STRIPE_LIVE_MODE = True
    [message] = run()
    assert message.id == "djstripe.W006"
    assert "STRIPE_LIVE_SECRET_KEY" in message.hint


def test_the_missing_key_warning_says_how_to_silence_it_for_stored_keys(clean_settings):
    clean_settings.STRIPE_TEST_SECRET_KEY = ""
    [message] = run()
    assert "APIKey rows" in message.hint and "djstripe.W006" in message.hint


def test_live_key_while_live_mode_is_off(clean_settings):
    clean_settings.STRIPE_SECRET_KEY = LIVE_KEY
    [message] = run()
    assert message.id == "djstripe.E005"
    assert "real money" in message.msg
    assert LIVE_KEY not in message.msg  # masked
    assert message.hint


def test_live_key_in_the_test_setting(clean_settings):
    clean_settings.STRIPE_TEST_SECRET_KEY = LIVE_KEY
    assert ids(run()) == ["djstripe.E005"]


def test_test_key_while_live_mode_is_on(clean_settings):
    clean_settings.STRIPE_LIVE_MODE = True
    clean_settings.STRIPE_LIVE_SECRET_KEY = TEST_KEY
    [message] = run()
    assert message.id == "djstripe.E006"
    assert "STRIPE_LIVE_SECRET_KEY" in message.msg


def test_test_key_as_the_explicit_key_in_live_mode(clean_settings):
    clean_settings.STRIPE_LIVE_MODE = True
    clean_settings.STRIPE_SECRET_KEY = TEST_KEY
    [message] = run()
    assert message.id == "djstripe.E006"
    assert "no real payment" in message.msg


def test_matching_live_configuration_passes(clean_settings):
    clean_settings.STRIPE_LIVE_MODE = True
    clean_settings.STRIPE_LIVE_SECRET_KEY = LIVE_KEY
    assert run() == []


def test_restricted_keys_are_accepted(clean_settings):
    clean_settings.STRIPE_TEST_SECRET_KEY = "rk_test_51abcdefghijklmnopqrstuvwxyz"
    assert run() == []


@pytest.mark.parametrize("value", ["pk_test_51abcdefghijklmnop", "not-a-key", 12345])
def test_a_value_that_is_not_a_secret_key(clean_settings, value):
    clean_settings.STRIPE_TEST_SECRET_KEY = value
    [message] = run()
    assert message.id == "djstripe.E007"
    assert "STRIPE_TEST_SECRET_KEY" in message.msg
    assert "pk_" in message.hint
