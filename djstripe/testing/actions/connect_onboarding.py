"""Connect onboarding: Account Links, Express login links, and finishing onboarding.

Account Links and login links are not stored (Stripe gives no way to read them
back); each answer carries a fresh single-use URL. ``complete_onboarding`` is a
test helper: the account's owner finished Stripe's hosted onboarding.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import errors
from ..context import Context
from ..crud import creating, update_object
from ..router import Router
from ..store import Record, Space
from .accounts import _connected
from .checkout import helper_context

if TYPE_CHECKING:
    from ..double import StripeDouble

LINK_TYPES = ("account_onboarding", "account_update")
LINK_LIFETIME = 300  # seconds; Stripe's links expire within minutes


#: What Stripe needs before a new account can take charges (simplified).
NEW_ACCOUNT_DUE = ["business_type", "external_account", "tos_acceptance.date", "tos_acceptance.ip"]


@creating("account")
def _new_account_is_not_onboarded(
    ctx: Context, obj: dict[str, Any], params: dict[str, Any]
) -> None:
    """A connected account created through the API has not been onboarded yet."""
    for name in ("details_submitted", "charges_enabled", "payouts_enabled"):
        if name not in params:
            obj[name] = False
    if "requirements" not in params:
        obj["requirements"] = {
            **(obj.get("requirements") or {}),
            "currently_due": list(NEW_ACCOUNT_DUE),
            "eventually_due": list(NEW_ACCOUNT_DUE),
            "past_due": list(NEW_ACCOUNT_DUE),
            "disabled_reason": "requirements.past_due",
            "current_deadline": None,
        }


def create_account_link(ctx: Context) -> dict[str, Any]:
    if ctx.request.connected:
        raise errors.StripeError(400, "Only a platform can create Account Links.")
    for name in ("account", "type"):
        if not ctx.params.get(name):
            raise errors.parameter_missing(name)
    if ctx.params["type"] not in LINK_TYPES:
        raise errors.parameter_invalid("type", f"Invalid type: {ctx.params['type']!r}.")
    account = _connected(ctx, ctx.params["account"])
    now = ctx.now()
    return {
        "object": "account_link",
        "created": now,
        "expires_at": now + LINK_LIFETIME,
        "url": f"https://connect.stripe.com/setup/e/{account.id}/{ctx.ids.text(24)}",
    }


def _is_express(account: dict[str, Any]) -> bool:
    dashboard = ((account.get("controller") or {}).get("stripe_dashboard") or {}).get("type")
    return account.get("type") == "express" or dashboard == "express"


def create_login_link(ctx: Context, account_id: str) -> dict[str, Any]:
    account = _connected(ctx, account_id)
    if not _is_express(account.obj):
        raise errors.invalid_state(
            "Login links can only be created for accounts that use the Express dashboard."
        )
    return {
        "object": "login_link",
        "created": ctx.now(),
        "url": f"https://connect.stripe.com/express/{ctx.ids.text(24)}",
    }


def _onboarded(ctx: Context, record: Record) -> Record:
    requirements = dict(record.obj.get("requirements") or {})
    requirements.update(
        currently_due=[],
        past_due=[],
        eventually_due=[],
        disabled_reason=None,
        current_deadline=None,
    )
    return update_object(
        ctx,
        record,
        emit=False,
        details_submitted=True,
        charges_enabled=True,
        payouts_enabled=True,
        requirements=requirements,
    )


def complete_onboarding(double: StripeDouble, account_id: str, space: Space) -> dict[str, Any]:
    """The owner of ``account_id`` finished onboarding: ``account.updated`` is sent."""
    ctx = helper_context(double, space)
    try:
        with double.store.lock:
            record = _onboarded(ctx, _connected(ctx, account_id))
            ctx.emit(
                "account.updated",
                record.copy(),
                None,
                space=ctx.store.space(account_id, ctx.livemode),
            )
            result = record.copy()
    finally:
        double.dispatcher.dispatch(ctx.emitted)
    return result


def register(router: Router) -> None:
    router.add("POST", "/v1/account_links", create_account_link)
    router.add("POST", "/v1/accounts/{id}/login_links", create_login_link)
