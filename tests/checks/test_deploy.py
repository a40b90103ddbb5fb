"""``manage.py check --deploy``: the production settings djstripe depends on."""

from __future__ import annotations

import pytest
from django.core import checks
from django.db import connections

from djstripe.deploy_checks import check_live_mode, check_persistent_connections


def deploy_messages() -> list[checks.CheckMessage]:
    return [
        m
        for m in checks.run_checks(tags=["djstripe"], include_deployment_checks=True, databases=[])
        if m.id in ("djstripe.W013", "djstripe.I002")
    ]


@pytest.fixture
def database(monkeypatch):
    """The default connection's settings, as if on PostgreSQL (only settings are read)."""
    connection = connections["default"]
    monkeypatch.setattr(connection, "vendor", "postgresql")
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 0)
    monkeypatch.setitem(connection.settings_dict, "OPTIONS", {})
    return connection.settings_dict


def test_conn_max_age_zero_on_postgresql_warns(database, settings):
    settings.STRIPE_LIVE_MODE = True
    [message] = deploy_messages()
    assert message.id == "djstripe.W013"
    assert "CONN_MAX_AGE = 0" in message.msg and "'default'" in message.msg
    assert '"CONN_MAX_AGE": 60' in message.hint


@pytest.mark.parametrize(
    "change", [{"CONN_MAX_AGE": 60}, {"CONN_MAX_AGE": None}, {"OPTIONS": {"pool": True}}]
)
def test_persistent_or_pooled_connections_pass(database, change):
    database.update(change)
    assert check_persistent_connections() == []


def test_sqlite_opens_a_file_and_is_not_judged(database, monkeypatch):
    monkeypatch.setattr(connections["default"], "vendor", "sqlite")
    assert check_persistent_connections() == []


def test_deploy_checks_run_only_with_deploy(database):
    assert [
        m for m in checks.run_checks(tags=["djstripe"], databases=[]) if m.id == "djstripe.W013"
    ] == []


def test_test_mode_deployment_is_noted(settings):
    settings.STRIPE_LIVE_MODE = False
    [message] = check_live_mode()
    assert message.id == "djstripe.I002"
    assert message.level == checks.INFO
    settings.STRIPE_LIVE_MODE = True
    assert check_live_mode() == []
