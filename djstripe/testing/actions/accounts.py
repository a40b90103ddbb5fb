"""Connect: ``/v1/account``, ``/v1/accounts`` and the accounts connected to a platform.

Connected account objects live in the platform's space (so ``GET /v1/accounts``
is an ordinary list); the registry in the store says which platform owns each
one, which is what ``Stripe-Account`` checks.
"""

from __future__ import annotations

from typing import Any

from .. import accounts, errors
from ..build import merge
from ..context import Context
from ..crud import create_object, creating, delete_object, update_object
from ..params import coerce
from ..router import Router
from ..store import Record


def retrieve_own(ctx: Context) -> dict[str, Any]:
    """``GET /v1/account``: the key's platform, or the ``Stripe-Account`` one."""
    found = accounts.find_account(ctx.store, ctx.request.account)
    if found is None:
        raise errors.account_invalid(ctx.request.account)
    return found


def retrieve(ctx: Context, account_id: str) -> dict[str, Any] | Record:
    if account_id in (ctx.request.platform, ctx.request.account):
        return (
            retrieve_own(ctx)
            if account_id == ctx.request.account
            else (accounts.find_account(ctx.store, account_id) or {})
        )
    return _connected(ctx, account_id)


def _connected(ctx: Context, account_id: str) -> Record:
    entry = ctx.store.accounts.get(account_id)
    if entry is None or entry.platform != ctx.request.platform:
        raise errors.resource_missing("account", account_id)
    for livemode in (ctx.livemode, not ctx.livemode):
        record = ctx.store.space(entry.platform, livemode).get(account_id)
        if record is not None:
            return record
    raise errors.resource_missing("account", account_id)


def create(ctx: Context) -> Record:
    if ctx.request.connected:
        raise errors.StripeError(400, "Connected accounts cannot create other accounts.")
    record = create_object(ctx, "account", ctx.params, emit=False)
    accounts.register_connected(ctx.store, ctx.request.platform, record.obj)
    return record


def update(ctx: Context, account_id: str) -> Record | dict[str, Any]:
    if account_id == ctx.request.platform and not ctx.request.connected:
        entry = ctx.store.accounts[account_id]
        merge(entry.obj, coerce(ctx.params, entry.obj))
        return dict(entry.obj)
    record = update_object(ctx, _connected(ctx, account_id), ctx.params, emit=False)
    connected_space = ctx.store.space(account_id, ctx.livemode)
    ctx.emit("account.updated", record.copy(), None, space=connected_space)
    return record


def delete(ctx: Context, account_id: str) -> dict[str, Any]:
    record = _connected(ctx, account_id)
    ctx.store.accounts.pop(account_id, None)
    return delete_object(ctx, record, emit=False)


@creating("transfer")
def _new_transfer(ctx: Context, obj: dict[str, Any], params: dict[str, Any]) -> None:
    for name in ("amount", "currency", "destination"):
        if not params.get(name):
            raise errors.parameter_missing(name)
    entry = ctx.store.accounts.get(params["destination"])
    if entry is None or entry.platform != ctx.request.platform:
        raise errors.param_resource_missing("account", params["destination"], "destination")


@creating("transfer_reversal")
def _new_reversal(ctx: Context, obj: dict[str, Any], params: dict[str, Any]) -> None:
    transfer = ctx.get(obj["transfer"], "transfer")
    remaining = transfer.obj["amount"] - (transfer.obj.get("amount_reversed") or 0)
    amount = obj.get("amount") or remaining
    if not 0 < amount <= remaining:
        raise errors.parameter_invalid(
            "amount",
            f"Reversal amount ({amount}) is greater than the amount left on the "
            f"transfer ({remaining}).",
        )
    obj.update(amount=amount, currency=transfer.obj.get("currency"))
    reversed_total = (transfer.obj.get("amount_reversed") or 0) + amount
    updated = update_object(
        ctx,
        transfer,
        emit=False,
        amount_reversed=reversed_total,
        reversed=reversed_total >= transfer.obj["amount"],
    )
    ctx.emit(
        "transfer.reversed",
        updated.copy(),
        {
            "amount_reversed": transfer.obj.get("amount_reversed"),
            "reversed": transfer.obj.get("reversed"),
        },
    )


def register(router: Router) -> None:
    router.add("GET", "/v1/account", retrieve_own)
    router.add("GET", "/v1/accounts/{id}", retrieve)
    router.add("POST", "/v1/accounts", create)
    router.add("POST", "/v1/accounts/{id}", update)
    router.add("DELETE", "/v1/accounts/{id}", delete)
