"""Make sure Stripe delivers events to this site: one endpoint per base URL and mode.

:func:`ensure_endpoint` (run by ``manage.py djstripe_webhook_endpoint``) lists the
account's endpoints, keeps the one that already delivers to this site at the
pinned API version (updating its events if they changed), or creates one, stores
the signing secret Stripe returns, and removes the site's other djstripe
endpoints, so every event arrives once, rendered at the pinned version.

Stripe cannot change an endpoint's API version, and shows a secret only when an
endpoint is created: an endpoint at another version, or one whose secret this
database does not have, is replaced by a new one.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse

from .. import settings as djstripe_settings
from .. import stripe_api
from ..actions import calls
from ..api_keys import livemode_of_key
from ..event_handlers import BUILTIN_HANDLERS
from ..event_types import EVENT_TYPES
from ..models import WebhookEndpoint
from ..sync import sync_deleted, sync_read_page

#: Metadata keys djstripe puts on the endpoints it creates.
UUID_KEY = "djstripe_uuid"
CONNECT_KEY = "djstripe_connect"


@dataclass
class Result:
    endpoint: Any
    """The WebhookEndpoint row that now receives this site's events."""
    action: str
    """``created``, ``updated`` or ``unchanged``."""
    removed: list[str] = field(default_factory=list)
    """Ids of the site's other endpoints, deleted on Stripe."""


def handled_events() -> list[str]:
    """The event types the app handles: ``["*"]`` while the built-in handlers mirror all."""
    import fnmatch

    patterns = [pattern for pattern, _ in BUILTIN_HANDLERS]
    if "*" in patterns:
        return ["*"]
    return sorted({t for t in EVENT_TYPES for p in patterns if fnmatch.fnmatchcase(t, p)})


def webhook_url(base_url: str, endpoint_uuid: uuid.UUID) -> str:
    path = reverse("djstripe:djstripe_webhook_by_uuid", kwargs={"uuid": endpoint_uuid})
    return base_url.rstrip("/") + path


def site_prefix(base_url: str) -> str:
    """The URL every djstripe endpoint of this site starts with (``.../webhook/``)."""
    sample = uuid.UUID(int=0)
    return webhook_url(base_url, sample).replace(str(sample), "").rstrip("/")


def ensure_endpoint(
    base_url: str,
    *,
    events: list[str] | None = None,
    connect: bool = False,
    description: str | None = None,
    api_key: str | None = None,
    keep_old: bool = False,
) -> Result:
    """Create or update the endpoint that delivers this site's events; see the module."""
    key = stripe_api.resolve_api_key(api_key)
    events = sorted(events or handled_events())
    version = djstripe_settings.api_version()
    candidates = _site_endpoints(base_url, key, connect)
    keeper = next((e for e in candidates if e.secret and e.api_version == version), None)
    if keeper is None:
        endpoint_uuid = uuid.uuid4()
        metadata = {UUID_KEY: str(endpoint_uuid), **({CONNECT_KEY: "true"} if connect else {})}
        params = {
            "url": webhook_url(base_url, endpoint_uuid),
            "enabled_events": events,
            "api_version": version,
            "metadata": metadata,
            "connect": True if connect else None,
            "description": description,
        }
        endpoint = calls.write(
            WebhookEndpoint, "post", WebhookEndpoint.api_path, params, api_key=key
        )
        result = Result(endpoint, "created")
    else:
        result = _refresh(keeper, events, description, key)
    if not keep_old:
        for old in candidates:
            if old.id != result.endpoint.id:
                _delete(old, key)
                result.removed.append(old.id)
    return result


def _site_endpoints(base_url: str, api_key: str, connect: bool) -> list[Any]:
    """Mirror the account's endpoints; return this site's, in this mode, oldest first."""
    listed: list[str] = []
    for page in stripe_api.pages(WebhookEndpoint.api_path, api_key=api_key):
        sync_read_page(WebhookEndpoint, page, api_key=api_key)
        listed.extend(obj["id"] for obj in page.objects)
    rows = WebhookEndpoint.objects.filter(
        id__in=listed,
        url__startswith=site_prefix(base_url),
        livemode=livemode_of_key(api_key),
    ).order_by("created", "djstripe_id")
    return [row for row in rows if row.connect == connect]


def _refresh(endpoint: Any, events: list[str], description: str | None, api_key: str) -> Result:
    params: dict[str, Any] = {}
    if sorted(endpoint.enabled_events or []) != events:
        params["enabled_events"] = events
    if description is not None and description != (endpoint.description or ""):
        params["description"] = description
    if endpoint.status == "disabled":
        params["disabled"] = False
    if not params:
        return Result(endpoint, "unchanged")
    path = type(endpoint).retrieve_path(endpoint.id)
    updated = calls.write(type(endpoint), "post", path, params, api_key=api_key)
    return Result(updated, "updated")


def _delete(endpoint: Any, api_key: str) -> None:
    path = type(endpoint).retrieve_path(endpoint.id)
    stamp = calls.send("delete", path, api_key=api_key).stamp
    sync_deleted(type(endpoint), endpoint.id, stamp, api_key=api_key)
