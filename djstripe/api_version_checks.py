"""System checks that the API version in use is the one the mirror was built with.

When ``STRIPE_API_VERSION`` is not set, djstripe requests the version the installed
stripe-python is built for, so upgrading stripe-python (or switching from dj-stripe
with an older stripe-python installed) moves the version without a word. Nothing
breaks (older shapes are mapped), but the webhook endpoints keep the version they
were created with, and the mirror holds data of the version it was synced at. These
checks say so on a plain ``manage.py check`` (and ``runserver``), where it is seen:

* ``djstripe.W011``: an endpoint that delivers to this site was created at another
  version (``WebhookEndpoint.api_version``, as Stripe reports it);
* ``djstripe.W012``: the last backfill ran at another version (the version each
  ``djstripe_sync_models`` run records in ``SyncRun.options["api_version"]``).

Like ``djstripe.W014`` they read the database (two small queries) without being
``database`` checks (Django runs those only when databases are named), where the
caller lets checks read it (:func:`may_read`), and stay quiet when it cannot be read.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import stripe
from django.apps import apps
from django.conf import settings
from django.core import checks
from django.db import DatabaseError, router

from . import settings as djstripe_settings

Messages = list[checks.CheckMessage]
UPGRADE_DOCS = 'the "API versions" page of the docs, "Upgrading the version"'


@checks.register("djstripe")
def check_endpoint_api_versions(
    app_configs: Any = None, databases: Iterable[str] | None = None, **kwargs: Any
) -> Messages:

    if not may_read(apps.get_model("djstripe", "WebhookEndpoint"), databases):
        return []
    version = djstripe_settings.api_version()
    try:
        others = _endpoints_at_other_versions(version)
    except DatabaseError:  # unreachable or not migrated yet: nothing to say
        return []
    if not others:
        return []
    (first_id, first_version), *rest = others
    more = f" (and {len(rest)} more)" if rest else ""
    return [
        checks.Warning(
            f"{in_use(version)}, but webhook endpoint {first_id}{more} was created at "
            f"{first_version}: its events come in that version's shapes.",
            hint="djstripe maps both shapes, so nothing breaks. If the version moved "
            "because stripe-python was upgraded, either keep the old one "
            f"(STRIPE_API_VERSION = {first_version!r}) or move the endpoints to the new one "
            "with `manage.py djstripe_webhook_endpoint --base-url https://your.site`; see "
            f"{UPGRADE_DOCS}.",
            id="djstripe.W011",
        )
    ]


@checks.register("djstripe")
def check_sync_api_version(
    app_configs: Any = None, databases: Iterable[str] | None = None, **kwargs: Any
) -> Messages:

    if not may_read(apps.get_model("djstripe", "SyncRun"), databases):
        return []
    version = djstripe_settings.api_version()
    try:
        last = _last_sync_run()
    except DatabaseError:
        return []
    if last is None or last[1] == version:
        return []
    run_id, synced_at, started = last
    return [
        checks.Warning(
            f"{in_use(version)}, but the last djstripe_sync_models run (#{run_id}, "
            f"{started:%Y-%m-%d}) synced at {synced_at}.",
            hint="Mirrored rows keep the data of the version they were synced at, and "
            "djstripe maps both. If the version moved because stripe-python was upgraded "
            f"and you did not mean it to, set STRIPE_API_VERSION = {synced_at!r}; otherwise "
            "run `manage.py djstripe_sync_models --full` to refresh the mirror at the new "
            f"version, after the steps in {UPGRADE_DOCS}.",
            id="djstripe.W012",
        )
    ]


def in_use(version: str) -> str:
    """The version djstripe requests, and where it comes from."""
    if getattr(settings, "STRIPE_API_VERSION", None):
        return f"STRIPE_API_VERSION is {version}"

    return (
        f"djstripe requests API version {version}, the version of the installed "
        f"stripe-python {stripe.VERSION} (STRIPE_API_VERSION is not set)"
    )


def may_read(model: Any, databases: Iterable[str] | None) -> bool:
    """Whether a check may read ``model``'s database: Django names the databases checks
    may consult (all of them on a plain ``check`` since 6.1; None, no limit, before)."""
    return databases is None or router.db_for_read(model) in databases


def _endpoints_at_other_versions(version: str) -> list[tuple[str, str]]:
    """(Stripe id, version) of the enabled endpoints that deliver to this site (their URL
    carries their djstripe uuid) and were created at another, known, version."""
    model = apps.get_model("djstripe", "WebhookEndpoint")
    rows = (
        model._base_manager.using(router.db_for_read(model))
        .exclude(api_version__in=("", version))
        .exclude(status="disabled")
        .order_by("pk")
        .values_list("id", "api_version", "url", "djstripe_uuid")
    )
    return [
        (stripe_id, api_version)
        for stripe_id, api_version, url, uuid in rows
        if uuid is not None and str(uuid) in (url or "")
    ]


def _last_sync_run() -> tuple[int, str, Any] | None:
    """(id, API version, start) of the newest run that recorded its version."""
    model = apps.get_model("djstripe", "SyncRun")
    row = (
        model._base_manager.using(router.db_for_read(model))
        .filter(options__has_key="api_version")
        .order_by("-pk")
        .values_list("pk", "options", "started")
        .first()
    )
    if row is None or not isinstance(row[1].get("api_version"), str):
        return None
    return row[0], row[1]["api_version"], row[2]
