"""Webhook endpoints: the secret is shown once, on create; endpoints become delivery targets.

``connect=true`` makes a Connect endpoint (events of connected accounts). Stripe does
not echo ``connect``: it reports a Connect endpoint by its ``application``, the
platform's Connect application id, which account endpoints have as null.
"""

from __future__ import annotations

import hashlib
from typing import Any

from .. import errors
from ..context import Context
from ..crud import create_object, creating, updating
from ..params import coerce
from ..router import Router


@creating("webhook_endpoint")
def _new_endpoint(ctx: Context, obj: dict[str, Any], params: dict[str, Any]) -> None:
    for name in ("url", "enabled_events"):
        if not params.get(name):
            raise errors.parameter_missing(name)
    if isinstance(obj.get("enabled_events"), str):
        obj["enabled_events"] = [obj["enabled_events"]]
    connect = coerce(params.get("connect"), False) is True
    obj.pop("connect", None)
    obj["application"] = connect_application(ctx.request.platform) if connect else None
    ctx.store.endpoint_private[obj["id"]] = {
        "secret": ctx.ids.webhook_secret(),
        "connect": connect,
    }


def connect_application(platform: str) -> str:
    """The platform's Connect application id (``ca_...``), the same on every call."""
    return "ca_" + hashlib.sha256(platform.encode()).hexdigest()[:32]


@updating("webhook_endpoint")
def _disable_endpoint(ctx: Context, obj: dict[str, Any], params: dict[str, Any]) -> None:
    if "disabled" in params:
        obj["status"] = "disabled" if params["disabled"] == "true" else "enabled"


def create_endpoint(ctx: Context) -> dict[str, Any]:
    record = create_object(ctx, "webhook_endpoint", ctx.params)
    shown = record.copy()
    shown["secret"] = ctx.store.endpoint_private[record.id]["secret"]
    return shown


def register(router: Router) -> None:
    router.add("POST", "/v1/webhook_endpoints", create_endpoint)
