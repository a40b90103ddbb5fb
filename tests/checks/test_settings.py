"""Checks on the form of djstripe's settings."""

from __future__ import annotations

import pytest

from djstripe.checks import valid_api_version

from .conftest import ids, run


@pytest.mark.parametrize(
    "version",
    ["2020-08-27", "2026-10-28.endive", "2025-03-31.basil", "2024-06-20; embedded_beta=v2"],
)
def test_valid_api_versions(clean_settings, version):
    assert valid_api_version(version)
    clean_settings.STRIPE_API_VERSION = version
    assert run() == []


@pytest.mark.parametrize(
    "version",
    ["2020-8-27", "2020-13-01", "2020-02-30", "latest", "2026-10-28.", "2026-10-28.Endive", ""],
)
def test_malformed_api_versions(clean_settings, version):
    assert not valid_api_version(version)
    if not version:
        return  # an empty setting means "the installed stripe-python's version"
    clean_settings.STRIPE_API_VERSION = version
    [message] = run()
    assert message.id == "djstripe.E008"
    assert repr(version) in message.msg
    assert "YYYY-MM-DD.name" in message.hint


def test_api_host_with_debug_off_warns(clean_settings):
    clean_settings.DEBUG = False
    [message] = run()
    assert message.id == "djstripe.W002"
    assert "Remove STRIPE_API_HOST" in message.hint


def test_no_api_host_with_debug_off_passes(clean_settings):
    clean_settings.DEBUG = False
    del clean_settings.STRIPE_API_HOST
    assert run() == []


def test_foreign_key_to_field_missing_is_fine(clean_settings):
    del clean_settings.DJSTRIPE_FOREIGN_KEY_TO_FIELD
    assert run() == []


def test_foreign_key_to_field_djstripe_id_warns_that_it_no_longer_matters(clean_settings):
    clean_settings.DJSTRIPE_FOREIGN_KEY_TO_FIELD = "djstripe_id"
    [message] = run()
    assert message.id == "djstripe.W010"
    assert "no longer matters" in message.msg


@pytest.mark.parametrize("value", ["pk", ""])
def test_foreign_key_to_field_wrong_is_an_error(clean_settings, value):
    clean_settings.DJSTRIPE_FOREIGN_KEY_TO_FIELD = value
    [message] = run()
    assert message.id == "djstripe.E002"
    assert "Remove the setting" in message.hint


def test_subscriber_customer_key_too_long(clean_settings):
    clean_settings.DJSTRIPE_SUBSCRIBER_CUSTOMER_KEY = "k" * 41
    [message] = run()
    assert message.id == "djstripe.E001"
    assert "41 characters" in message.msg


def test_subscriber_customer_key_at_the_limit_or_disabled(clean_settings):
    clean_settings.DJSTRIPE_SUBSCRIBER_CUSTOMER_KEY = "k" * 40
    assert run() == []
    clean_settings.DJSTRIPE_SUBSCRIBER_CUSTOMER_KEY = ""
    assert run() == []


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("no_dot", "of the form"),
        ("missing.Model", "has not been installed"),
        ("contenttypes.ContentType", "email"),
    ],
)
def test_invalid_subscriber_model(clean_settings, value, fragment):
    clean_settings.DJSTRIPE_SUBSCRIBER_MODEL = value
    [message] = run()
    assert message.id == "djstripe.E012"
    assert fragment in message.msg
    assert "AUTH_USER_MODEL" in message.hint


def test_subscriber_model_with_email_passes(clean_settings):
    clean_settings.DJSTRIPE_SUBSCRIBER_MODEL = "auth.User"
    assert run() == []


@pytest.mark.parametrize(
    "name",
    [
        "DJSTRIPE_SUBSCRIBER_MODEL_REQUEST_CALLBACK",
        "DJSTRIPE_IDEMPOTENCY_KEY_CALLBACK",
        "DJSTRIPE_WEBHOOK_EVENT_CALLBACK",
    ],
)
def test_callback_that_cannot_be_imported(clean_settings, name):
    setattr(clean_settings, name, "nowhere.to_be_found")
    [message] = run()
    assert message.id == "djstripe.E013"
    assert name in message.msg


def test_callback_that_is_not_callable(clean_settings):
    clean_settings.DJSTRIPE_IDEMPOTENCY_KEY_CALLBACK = "django.conf.settings.DEBUG"
    assert ids(run()) == ["djstripe.E013"]


def test_callback_given_as_a_callable(clean_settings):
    clean_settings.DJSTRIPE_SUBSCRIBER_MODEL_REQUEST_CALLBACK = lambda request: request.user
    assert run() == []
