"""An event destination delivering thin events here (``POST /v2/core/event_destinations``).

Stripe gives every event destination its own signing secret, so each gets its own
:class:`~djstripe.models.WebhookEndpoint` row (id ``ed_...``, its own uuid and URL,
the destination's secret): the same webhook view receives it, verifies it with that
secret and applies the endpoint's rules (mode, Connect, tolerance). A destination
for connected accounts' events (``events_from: ["@accounts"]``) is a Connect
endpoint, one for the account's own (``["@self"]``) is not, as for snapshot endpoints.

:func:`ensure_destination` (``manage.py djstripe_webhook_endpoint --thin``) keeps the
site's destination of this mode if this database has its secret (updating its event
types when they changed), or creates one and stores the secret Stripe returns.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db import transaction

from .. import stripe_api
from ..api_keys import livemode_of_key
from ..event_types import EVENT_TYPES
from ..models import Account, WebhookEndpoint
from ..sync import EventAction, event_action
from ..webhooks import thin
from .webhook_endpoints import UUID_KEY, Result, site_prefix, webhook_url

#: Thin events of v2 accounts (``AccountV2``): the account, or one of its parts, changed.
V2_ACCOUNT_EVENTS = (
    "v2.core.account.closed",
    "v2.core.account.created",
    "v2.core.account.updated",
    "v2.core.account[configuration.customer].updated",
    "v2.core.account[configuration.merchant].updated",
    "v2.core.account[configuration.recipient].updated",
    "v2.core.account[defaults].updated",
    "v2.core.account[future_requirements].updated",
    "v2.core.account[identity].updated",
    "v2.core.account[requirements].updated",
)
#: Prefix of the destinations' ids: their WebhookEndpoint rows are not v1 endpoints.
DESTINATION_PREFIX = "ed_"
DESTINATIONS_PATH = "/v2/core/event_destinations"


def handled_thin_events() -> list[str]:
    """The thin event types the app mirrors: ``v1.<type>`` for each snapshot type with a
    built-in handler (Stripe makes a thin twin of each), and the v2 account events."""
    v1 = [f"v1.{t}" for t in EVENT_TYPES if event_action(t) not in (None, EventAction.IGNORE)]
    return sorted(v1) + list(V2_ACCOUNT_EVENTS)


def is_thin_type(value: str) -> bool:
    """Whether ``value`` names a thin event type (``v1.<snapshot type>`` or ``v2.*``)."""
    if value.startswith("v1."):
        return value[3:] in EVENT_TYPES
    return value.startswith("v2.") and len(value) <= 250


def ensure_destination(
    base_url: str,
    *,
    events: list[str] | None = None,
    connect: bool = False,
    description: str | None = None,
    api_key: str | None = None,
) -> Result:
    """Create or update the destination that delivers thin events here; see the module."""
    key = stripe_api.resolve_api_key(api_key)
    events = sorted(events or handled_thin_events())
    existing = (
        WebhookEndpoint.objects.filter(
            id__startswith=DESTINATION_PREFIX,
            url__startswith=site_prefix(base_url),
            livemode=livemode_of_key(key),
            connect=connect,
        )
        .exclude(secret__isnull=True)
        .exclude(secret="")
        .order_by("djstripe_id")
        .first()
    )
    if existing is not None:
        return _refresh(existing, events, key)
    return Result(_create(base_url, events, connect, description, key), "created")


def _create(
    base_url: str, events: list[str], connect: bool, description: str | None, api_key: str
) -> Any:
    endpoint_uuid = uuid.uuid4()
    url = webhook_url(base_url, endpoint_uuid)
    params: dict[str, Any] = {
        "name": "djstripe thin events" + (" (connected accounts)" if connect else ""),
        "type": "webhook_endpoint",
        "event_payload": "thin",
        "enabled_events": events,
        "events_from": ["@accounts"] if connect else ["@self"],
        "webhook_endpoint": {"url": url},
        "metadata": {UUID_KEY: str(endpoint_uuid)},
        "include": ["webhook_endpoint.signing_secret", "webhook_endpoint.url"],
    }
    if description:
        params["description"] = description
    created = stripe_api.create(DESTINATIONS_PATH, params, api_key=api_key)
    secret = (created.get("webhook_endpoint") or {}).get("signing_secret") or ""
    owner = Account.get_or_retrieve_for_api_key(api_key)
    with transaction.atomic(using=WebhookEndpoint.objects.db):
        return WebhookEndpoint.objects.create(
            id=created["id"],
            livemode=bool(created.get("livemode")),
            created=thin.created_at(created.get("created")),
            url=url,
            secret=secret,
            enabled_events=list(created.get("enabled_events") or events),
            status=created.get("status") or "enabled",
            connect=connect,
            stripe_data=_without_secret(created),
            djstripe_uuid=endpoint_uuid,
            djstripe_owner_account=owner,
        )


def _refresh(endpoint: Any, events: list[str], api_key: str) -> Result:
    """Enable the destination if it was disabled, and set its event types if they changed."""
    path = stripe_api.path(f"{DESTINATIONS_PATH}/{{id}}", id=endpoint.id)
    changed = False
    if endpoint.status == "disabled":
        stripe_api.create(f"{path}/enable", {}, api_key=api_key)
        endpoint.status = "enabled"
        changed = True
    if sorted(endpoint.enabled_events or []) != events:
        updated = stripe_api.update(path, {"enabled_events": events}, api_key=api_key)
        endpoint.enabled_events = list(updated.get("enabled_events") or events)
        endpoint.stripe_data = _without_secret(updated)
        changed = True
    if not changed:
        return Result(endpoint, "unchanged")
    endpoint.save(update_fields=["enabled_events", "stripe_data", "status", "djstripe_updated"])
    return Result(endpoint, "updated")


def _without_secret(destination: dict[str, Any]) -> dict[str, Any]:
    """The destination as Stripe sent it, less the signing secret (kept in ``secret`` only,
    so ``stripe_data`` never shows it in the admin or in a report)."""
    shown = dict(destination)
    webhook = shown.get("webhook_endpoint")
    if isinstance(webhook, dict) and "signing_secret" in webhook:
        shown["webhook_endpoint"] = {k: v for k, v in webhook.items() if k != "signing_secret"}
    return shown
