"""Webhook endpoints: the secret is shown once, on create; endpoints become delivery targets."""

from __future__ import annotations

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
    ctx.store.endpoint_private[obj["id"]] = {
        "secret": ctx.ids.webhook_secret(),
        "connect": coerce(params.get("connect"), False) is True,
    }


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
