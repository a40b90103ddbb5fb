"""Webhook checks: validation, processing mode, and endpoints stored in the database."""

from __future__ import annotations

import pytest
from django.apps import apps

from .conftest import ids, run

try:  # the tasks framework of this Django: built in since 6.0, a package before
    import django.tasks  # noqa: F401

    BACKENDS = "django.tasks.backends"
except ImportError:
    BACKENDS = "django_tasks.backends"


def test_validation_disabled_warns(clean_settings):
    clean_settings.DJSTRIPE_WEBHOOK_VALIDATION = "none"
    [message] = run()
    assert message.id == "djstripe.W004"
    assert "verify_signature" in message.hint


@pytest.mark.parametrize("value", ["verify_signature", "retrieve_event"])
def test_accepted_validation_values(clean_settings, value):
    clean_settings.DJSTRIPE_WEBHOOK_VALIDATION = value
    assert run() == []


def test_unknown_validation_value(clean_settings):
    clean_settings.DJSTRIPE_WEBHOOK_VALIDATION = "trust_me"
    [message] = run()
    assert message.id == "djstripe.E009"
    assert "'retrieve_event'" in message.hint


@pytest.mark.parametrize("value", [0, -5, "soon", 10**6])
def test_tolerance_that_is_not_a_usable_number_of_seconds_warns(clean_settings, value):
    """0 used to mean "no limit"; now it means the default, and the user is told."""
    clean_settings.DJSTRIPE_WEBHOOK_TOLERANCE = value
    [message] = run()
    assert message.id == "djstripe.W009"
    assert "DJSTRIPE_WEBHOOK_TOLERANCE" in message.msg


@pytest.mark.parametrize("value", [1, 300, 32767])
def test_positive_tolerance_is_fine(clean_settings, value):
    clean_settings.DJSTRIPE_WEBHOOK_TOLERANCE = value
    assert run() == []


def test_unknown_processing_mode(clean_settings):
    clean_settings.DJSTRIPE_WEBHOOK_PROCESSING = "async"
    assert ids(run()) == ["djstripe.E011"]


def test_task_mode_with_a_working_backend_passes(clean_settings):
    clean_settings.DJSTRIPE_WEBHOOK_PROCESSING = "task"
    clean_settings.TASKS = {"default": {"BACKEND": f"{BACKENDS}.immediate.ImmediateBackend"}}
    assert run() == []


def test_task_mode_with_a_backend_that_cannot_load(clean_settings):
    clean_settings.DJSTRIPE_WEBHOOK_PROCESSING = "task"
    clean_settings.TASKS = {"default": {"BACKEND": "nowhere.Backend"}}
    [message] = run()
    assert message.id == "djstripe.E010"
    assert "cannot be loaded" in message.msg
    assert '"inline"' in message.hint


def test_task_mode_with_a_backend_that_never_runs_tasks(clean_settings):
    clean_settings.DJSTRIPE_WEBHOOK_PROCESSING = "task"
    clean_settings.TASKS = {"default": {"BACKEND": f"{BACKENDS}.dummy.DummyBackend"}}
    [message] = run()
    assert message.id == "djstripe.W008"


def test_inline_mode_ignores_the_tasks_backend(clean_settings):
    clean_settings.TASKS = {"default": {"BACKEND": "nowhere.Backend"}}
    assert run() == []


def _endpoint_model():
    try:
        return apps.get_model("djstripe", "WebhookEndpoint")
    except LookupError:
        pytest.skip("WebhookEndpoint is not in the tree yet")


def _endpoint(**fields):
    model = _endpoint_model()
    values = {"id": "we_check", "url": "https://example.com/stripe/webhook/x/", "livemode": False}
    values.update(fields)
    return model.objects.create(**values)


def test_endpoint_check_without_database_access_reads_nothing(clean_settings):
    # No django_db mark: any query would raise, so passing proves the check stays away.
    assert run() == []


@pytest.mark.django_db
def test_endpoint_without_secret_while_verifying(clean_settings):
    endpoint = _endpoint(secret="")
    assert run() == []  # database checks need databases=
    [message] = run(databases=["default"])
    assert message.id == "djstripe.W005"
    assert message.obj == endpoint
    assert "djstripe_webhook_endpoint" in message.hint


@pytest.mark.django_db
def test_endpoint_without_secret_is_fine_when_events_are_retrieved(clean_settings):
    _endpoint(secret="", djstripe_validation_method="retrieve_event")
    assert run(databases=["default"]) == []


@pytest.mark.django_db
def test_the_endpoints_own_validation_method_counts(clean_settings):
    clean_settings.DJSTRIPE_WEBHOOK_VALIDATION = "retrieve_event"
    _endpoint(secret="", djstripe_validation_method="verify_signature")
    assert ids(run(databases=["default"])) == ["djstripe.W005"]


@pytest.mark.django_db
def test_endpoint_with_secret_passes(clean_settings):
    _endpoint(secret="whsec_abc")
    assert run(databases=["default"]) == []


@pytest.mark.django_db
def test_the_endpoint_database_check_leaves_api_versions_to_w011(clean_settings):
    clean_settings.STRIPE_API_VERSION = "2026-10-28.endive"
    _endpoint(secret="whsec_abc", api_version="2020-08-27")
    assert run(databases=["default"]) == []  # see test_api_versions.py
