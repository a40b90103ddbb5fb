"""Objects of Stripe's v2 API the double serves: accounts and event destinations.

v2 requests post JSON, name a connected account in ``Stripe-Context``, and write
times as RFC 3339 strings. A v2 account shows its larger fields (``identity``,
``configuration.*``, ``defaults``, ``requirements``, ``future_requirements``) only
when the request lists them in ``include``, as Stripe does; without it they are null.

v2 accounts live in a space of their own (the platform's ``<platform>/v2``), so an
account reached through both APIs keeps a v1 and a v2 shape side by side. Every
change records a thin event (``v2.core.account.created``, ``.updated``, ``.closed``)
that enabled thin destinations receive (:mod:`.v2_events`).
"""

from __future__ import annotations

import copy
from typing import Any

from . import errors, objects
from .context import Context
from .router import Router
from .store import Space
from .v2_events import DESTINATION, rfc3339

ACCOUNT = "v2.core.account"
#: ``include`` values of ``GET /v2/core/accounts/{id}`` and the fields they show.
INCLUDABLE = (
    "configuration.customer",
    "configuration.merchant",
    "configuration.recipient",
    "defaults",
    "future_requirements",
    "identity",
    "requirements",
)
#: Fields a create or update may set directly.
ACCOUNT_FIELDS = (
    "contact_email",
    "contact_phone",
    "dashboard",
    "display_name",
    "identity",
    "configuration",
    "defaults",
    "metadata",
)
DESTINATION_FIELDS = ("name", "description", "enabled_events", "metadata", "events_from")


def v2_space(ctx: Context) -> Space:
    """Where the platform's v2 accounts are kept."""
    return ctx.store.space(f"{ctx.request.platform}/v2", ctx.livemode)


def includes(params: dict[str, Any]) -> set[str]:
    """The ``include`` values of a request (``include=a``, ``include[0]=a``, a JSON list)."""
    value = params.get("include") or []
    if isinstance(value, str):
        value = [value]
    if isinstance(value, dict):  # include[0]=...&include[1]=...
        value = list(value.values())
    return {item for item in value if isinstance(item, str)}


def shown_account(obj: dict[str, Any], include: set[str]) -> dict[str, Any]:
    """The account as a request with ``include`` sees it."""
    shown = copy.deepcopy(obj)
    configuration = shown.get("configuration") or {}
    for name in ("customer", "merchant", "recipient"):
        if f"configuration.{name}" not in include:
            configuration[name] = None
    shown["configuration"] = configuration
    for name in ("defaults", "future_requirements", "identity", "requirements"):
        if name not in include:
            shown[name] = None
    return shown


def _emit(ctx: Context, event_type: str, obj: dict[str, Any]) -> None:
    related = {"id": obj["id"], "type": ACCOUNT, "url": f"/v2/core/accounts/{obj['id']}"}
    request = {"id": ctx.request.request_id, "idempotency_key": ctx.request.idempotency_key}
    event = ctx.double.thin_events.record(ctx.space, event_type, related, request=request)
    ctx.emitted.append((ctx.space.account, event))


def _store_account(ctx: Context, obj: dict[str, Any]) -> dict[str, Any]:
    objects.save(ctx.store, v2_space(ctx), obj)
    return obj


def _account(ctx: Context, account_id: str) -> dict[str, Any]:
    record = v2_space(ctx).get(account_id)
    if record is None:
        raise errors.resource_missing(ACCOUNT, account_id)
    return record.copy()


def _apply(obj: dict[str, Any], params: dict[str, Any]) -> None:
    for name in ACCOUNT_FIELDS:
        if name in params:
            obj[name] = copy.deepcopy(params[name])
    configuration = obj.get("configuration") or {}
    obj["applied_configurations"] = sorted(k for k, v in configuration.items() if v is not None)


def create_account(ctx: Context) -> dict[str, Any]:
    obj: dict[str, Any] = {
        "id": ctx.ids.new("acct"),
        "object": ACCOUNT,
        "applied_configurations": [],
        "closed": False,
        "configuration": {"customer": None, "merchant": None, "recipient": None},
        "contact_email": None,
        "contact_phone": None,
        "created": rfc3339(ctx.now()),
        "dashboard": None,
        "defaults": None,
        "display_name": None,
        "future_requirements": None,
        "identity": None,
        "livemode": ctx.livemode,
        "metadata": {},
        "requirements": None,
    }
    _apply(obj, ctx.params)
    _store_account(ctx, obj)
    _emit(ctx, "v2.core.account.created", obj)
    return shown_account(obj, includes(ctx.params))


def retrieve_account(ctx: Context, account_id: str) -> dict[str, Any]:
    return shown_account(_account(ctx, account_id), includes(ctx.params))


def update_account(ctx: Context, account_id: str) -> dict[str, Any]:
    obj = _account(ctx, account_id)
    _apply(obj, ctx.params)
    _store_account(ctx, obj)
    _emit(ctx, "v2.core.account.updated", obj)
    return shown_account(obj, includes(ctx.params))


def close_account(ctx: Context, account_id: str) -> dict[str, Any]:
    obj = _account(ctx, account_id)
    obj["closed"] = True
    _store_account(ctx, obj)
    _emit(ctx, "v2.core.account.closed", obj)
    return shown_account(obj, includes(ctx.params))


def list_accounts(ctx: Context) -> dict[str, Any]:
    limit = int(ctx.params.get("limit") or 10)
    with ctx.store.lock:
        found = [record.copy() for record in v2_space(ctx).records(ACCOUNT)]
    data = [shown_account(obj, includes(ctx.params)) for obj in found[:limit]]
    return {"data": data, "next_page_url": None, "previous_page_url": None}


# ----------------------------------------------------------- event destinations


def create_destination(ctx: Context) -> dict[str, Any]:
    params = ctx.params
    for name in ("name", "type", "event_payload", "enabled_events"):
        if not params.get(name):
            raise errors.parameter_missing(name)
    if params["event_payload"] not in ("thin", "snapshot"):
        raise errors.parameter_invalid("event_payload", "event_payload must be thin or snapshot.")
    url = (params.get("webhook_endpoint") or {}).get("url")
    if params["type"] == "webhook_endpoint" and not url:
        raise errors.parameter_missing("webhook_endpoint.url")
    now = rfc3339(ctx.now())
    obj: dict[str, Any] = {
        "id": ctx.ids.new("ed"),
        "object": DESTINATION,
        "created": now,
        "updated": now,
        "description": params.get("description") or "",
        "enabled_events": list(params["enabled_events"]),
        "event_payload": params["event_payload"],
        "events_from": list(params.get("events_from") or ["@self"]),
        "livemode": ctx.livemode,
        "metadata": dict(params.get("metadata") or {}),
        "name": params["name"],
        "snapshot_api_version": params.get("snapshot_api_version"),
        "status": "enabled",
        "status_details": None,
        "type": params["type"],
        "webhook_endpoint": {"signing_secret": None, "url": None} if url else None,
    }
    secret = ctx.ids.webhook_secret()
    ctx.store.endpoint_private[obj["id"]] = {"secret": secret, "url": url, "thin": True}
    objects.save(ctx.store, ctx.space, obj)
    return _shown_destination(ctx, obj, creating=True)


def _destination(ctx: Context, destination_id: str) -> dict[str, Any]:
    return ctx.get(destination_id, DESTINATION).copy()


def _shown_destination(
    ctx: Context, obj: dict[str, Any], *, creating: bool = False
) -> dict[str, Any]:
    """The destination with the fields ``include`` reveals (the secret only on creation)."""
    shown = copy.deepcopy(obj)
    include = includes(ctx.params)
    private = ctx.store.endpoint_private.get(obj["id"], {})
    if shown.get("webhook_endpoint") is not None:
        if "webhook_endpoint.url" in include:
            shown["webhook_endpoint"]["url"] = private.get("url")
        if creating and "webhook_endpoint.signing_secret" in include:
            shown["webhook_endpoint"]["signing_secret"] = private.get("secret")
    return shown


def retrieve_destination(ctx: Context, destination_id: str) -> dict[str, Any]:
    return _shown_destination(ctx, _destination(ctx, destination_id))


def update_destination(ctx: Context, destination_id: str) -> dict[str, Any]:
    obj = _destination(ctx, destination_id)
    for name in DESTINATION_FIELDS:
        if name in ctx.params:
            obj[name] = copy.deepcopy(ctx.params[name])
    url = (ctx.params.get("webhook_endpoint") or {}).get("url")
    if url:
        ctx.store.endpoint_private.setdefault(obj["id"], {})["url"] = url
    obj["updated"] = rfc3339(ctx.now())
    objects.save(ctx.store, ctx.space, obj)
    return _shown_destination(ctx, obj)


def _set_status(ctx: Context, destination_id: str, status: str) -> dict[str, Any]:
    obj = _destination(ctx, destination_id)
    obj["status"] = status
    obj["updated"] = rfc3339(ctx.now())
    objects.save(ctx.store, ctx.space, obj)
    return _shown_destination(ctx, obj)


def delete_destination(ctx: Context, destination_id: str) -> dict[str, Any]:
    _destination(ctx, destination_id)
    objects.delete(ctx.store, ctx.space, destination_id)
    ctx.store.endpoint_private.pop(destination_id, None)
    return {"id": destination_id, "object": DESTINATION, "deleted": True}


def list_destinations(ctx: Context) -> dict[str, Any]:
    with ctx.store.lock:
        found = [record.copy() for record in ctx.space.records(DESTINATION)]
    data = [_shown_destination(ctx, obj) for obj in found]
    return {"data": data, "next_page_url": None, "previous_page_url": None}


def register(router: Router) -> None:
    router.add("POST", "/v2/core/accounts", create_account)
    router.add("GET", "/v2/core/accounts", list_accounts)
    router.add("GET", "/v2/core/accounts/{id}", retrieve_account)
    router.add("POST", "/v2/core/accounts/{id}", update_account)
    router.add("POST", "/v2/core/accounts/{id}/close", close_account)
    router.add("POST", "/v2/core/event_destinations", create_destination)
    router.add("GET", "/v2/core/event_destinations", list_destinations)
    router.add("GET", "/v2/core/event_destinations/{id}", retrieve_destination)
    router.add("POST", "/v2/core/event_destinations/{id}", update_destination)
    router.add("DELETE", "/v2/core/event_destinations/{id}", delete_destination)
    router.add(
        "POST",
        "/v2/core/event_destinations/{id}/disable",
        lambda ctx, i: _set_status(ctx, i, "disabled"),
    )
    router.add(
        "POST",
        "/v2/core/event_destinations/{id}/enable",
        lambda ctx, i: _set_status(ctx, i, "enabled"),
    )
