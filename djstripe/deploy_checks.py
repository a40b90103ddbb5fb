"""Checks of ``manage.py check --deploy``: production settings that djstripe's speed or
safety depends on (the going-live page of the docs explains each)."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.conf import settings
from django.core import checks
from django.db import connections, router

Messages = list[checks.CheckMessage]
#: Databases on which a new connection per request is expensive (a server process to
#: start and authenticate); SQLite opens a file.
SERVER_DATABASES = ("postgresql", "mysql")


@checks.register("djstripe", deploy=True)
def check_persistent_connections(app_configs: Any = None, **kwargs: Any) -> Messages:
    """Django's default ``CONN_MAX_AGE = 0`` opens a database connection per request."""
    alias = router.db_for_write(apps.get_model("djstripe", "Event"))
    connection = connections[alias]
    config = connection.settings_dict
    if connection.vendor not in SERVER_DATABASES or config.get("CONN_MAX_AGE") != 0:
        return []
    if (config.get("OPTIONS") or {}).get("pool"):  # Django's connection pool (PostgreSQL)
        return []
    return [
        checks.Warning(
            f"Database {alias!r} ({connection.vendor}) holds djstripe's tables with "
            "CONN_MAX_AGE = 0: every webhook delivery opens and closes a connection, which "
            "costs more than processing the event (see the going-live page of the docs).",
            hint='Set "CONN_MAX_AGE": 60 and "CONN_HEALTH_CHECKS": True in '
            f"DATABASES[{alias!r}], or on PostgreSQL a connection pool "
            '("OPTIONS": {"pool": True}) or PgBouncer.',
            id="djstripe.W013",
        )
    ]


@checks.register("djstripe", deploy=True)
def check_live_mode(app_configs: Any = None, **kwargs: Any) -> Messages:
    """A deployment in test mode is often a staging site, sometimes a mistake."""
    if getattr(settings, "STRIPE_LIVE_MODE", False):
        return []
    return [
        checks.Info(
            "STRIPE_LIVE_MODE is off: this deployment uses test keys and takes no real payments.",
            hint="Right for a staging site. To take payments, set STRIPE_LIVE_MODE = True "
            "and STRIPE_LIVE_SECRET_KEY, and create the live webhook endpoint.",
            id="djstripe.I002",
        )
    ]
