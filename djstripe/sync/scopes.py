"""The accounts a run lists: each key's platform account and its connected accounts,
each (account, mode) once.

For every key, ``GET /v1/account`` (the platform that owns it) and ``GET /v1/accounts``
(its connected accounts), written as they arrive. An account the run reaches twice
(listed among its own connected accounts, a platform of the run also connected to
another, one account connected to two platforms, one platform through two keys)
belongs to one scope only: a platform to its own key, a connected account to the
first platform that lists it.

A restricted key that may not read its own account is still used for what it may
read: Stripe's refusal names the account (else the key's ``APIKey`` row does), and a
row holding only the account's id stands for it until a key that may read it syncs it.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import replace
from typing import Any, cast

import stripe

from .. import stripe_api
from ..api_keys import livemode_of_key, mask_key
from ..exceptions import SyncError
from ..models import APIKey
from . import checkpoints, engine, partitions, refusals
from .listing import Context
from .partitions import LIST, Partition, Scope
from .report import Row
from .source import Source

#: Stripe time given to the placeholder of an account no key may read: any real read wins.
PLACEHOLDER_STAMP = 1


def scopes(keys: Sequence[str], ctx: Context, *, account: str | None = None) -> list[Scope]:
    """Each key's platform and connected accounts, synced; every account in one scope.

    ``account``: the platform account of the keys that may not read it, for when
    Stripe's refusal does not name it (a refusal naming another one fails that key);
    else the key's ``APIKey`` row says."""
    found: dict[tuple[str, bool], Scope] = {}
    for key in keys:
        livemode = livemode_of_key(key) is True
        listed = {platform for platform, mode in found if mode == livemode}
        scope = _scope_of(key, livemode, ctx, listed=listed, account=account)
        if scope is None:
            continue
        known = found.get((scope.platform, livemode))
        if known is None:
            found[(scope.platform, livemode)] = scope
        elif known.api_key.startswith("rk_") and not key.startswith("rk_"):
            found[(scope.platform, livemode)] = replace(known, api_key=key)  # reads more
    return disjoint(list(found.values()))


def platform_id(key: str, given: str | None = None) -> str | None:
    """The id of the platform account of ``key`` (one ``GET /v1/account`` per process), or,
    for a key that may not read it, the account Stripe's refusal names (else ``given``,
    else the key's APIKey row)."""
    try:
        return stripe_api.platform_account(key)[1]
    except stripe.PermissionError as error:
        account = refusals.account_named(error) or given or _stored_owner(key)
        if account:
            stripe_api.remember_platform_account(key, account)
        return account


def disjoint(scopes: Sequence[Scope]) -> list[Scope]:
    """The scopes with each (account, mode) in one of them: a platform in its own, a
    connected account in the first that lists it."""
    claimed = {(scope.platform, scope.livemode) for scope in scopes}
    result = []
    for scope in scopes:
        kept = []
        for account in scope.connected:
            if (account, scope.livemode) not in claimed:
                claimed.add((account, scope.livemode))
                kept.append(account)
        result.append(replace(scope, connected=tuple(kept)))
    return result


def _scope_of(
    key: str, livemode: bool, ctx: Context, *, listed: set[str], account: str | None
) -> Scope | None:
    model = partitions.account_model()
    started = time.monotonic()
    with stripe_api.counting() as counter:
        platform = _platform(key, ctx, counter, account)
        if platform is None:
            return None
        announce = Partition(LIST, model, Scope(key, platform, livemode), platform)
        ctx.progress.partition_started(announce)
        connected: list[str] = []
        if platform not in listed:  # one platform through a second key: listed once
            connected = _connected(key, platform, ctx)
    row = Row(requests=counter.total, seconds=time.monotonic() - started)
    ctx.report.add(model.__name__, platform, row)
    ctx.progress.partition_finished(announce, ctx.report.row(model.__name__, platform))
    return Scope(key, platform, livemode, tuple(connected))


def _platform(
    key: str, ctx: Context, counter: stripe_api.RequestCounter, given: str | None
) -> str | None:
    """The platform account of ``key`` (synced), or None (a failure is reported)."""
    try:
        data, stamp = stripe_api.retrieve("/v1/account", api_key=key)
    except stripe.PermissionError as error:
        return _unreadable_platform(key, error, ctx, counter, given)
    platform = data["id"]
    stripe_api.remember_platform_account(key, platform)
    with ctx.db_lock:
        _write_accounts([data], stamp, key, platform, ctx)
    return platform


def _unreadable_platform(
    key: str,
    error: stripe.PermissionError,
    ctx: Context,
    counter: stripe_api.RequestCounter,
    given: str | None,
) -> str | None:
    """A restricted key without the permission to read its account: which account it is."""
    account = refusals.account_named(error) or given or _stored_owner(key)
    problem = ""
    if account is None:
        problem = (
            "and Stripe's answer does not say which account it is: give it (--account), "
            "or use a key that may read it"
        )
    elif given and account != given:
        problem = f"and Stripe's answer says it belongs to {account}, not to {given} (--account)"
    if account is None or problem:
        ctx.report.fail(
            SyncError(
                f"The key {mask_key(key)} may not read its account (GET /v1/account) {problem}.",
                model=partitions.account_model().__name__,
                request_id=getattr(error, "request_id", None) or counter.last_request_id,
            )
        )
        return None
    stripe_api.remember_platform_account(key, account)
    ctx.report.notes.append(
        f"The key {mask_key(key)} may not read its account (GET /v1/account): syncing "
        f"what it may read of {account}."
    )
    with ctx.db_lock:
        _placeholder(account, key, ctx)
    return account


def _stored_owner(key: str) -> str | None:
    # The key points at Account.id (a string); django-stubs assumes the integer pk.
    return cast(
        "str | None",
        APIKey.objects.using(checkpoints.db_alias())
        .filter(secret=key)
        .values_list("djstripe_owner_account_id", flat=True)
        .first(),
    )


def _placeholder(account: str, key: str, ctx: Context) -> None:
    """A row for an account known only by its id, so the rows it owns can point at it."""
    model = partitions.account_model()
    if model._base_manager.using(checkpoints.db_alias()).filter(id=account).exists():
        return
    source = Source.api(PLACEHOLDER_STAMP, api_key=key, owner_account=account, fetch_missing=False)
    data = {"id": account, "object": "account"}
    result = engine.sync_page(model, [data], source=source, after_sync=False)
    ctx.report.add_outcome(result.outcome, account, count_listed=False)


def _connected(key: str, platform: str, ctx: Context) -> list[str]:
    """The accounts connected to ``platform`` (synced as they are listed)."""
    connected: list[str] = []
    try:
        for page in stripe_api.pages("/v1/accounts", api_key=key):
            connected.extend(o["id"] for o in page.objects if o.get("id") not in (None, platform))
            with ctx.db_lock:
                _write_accounts(page.objects, page.stamp, key, platform, ctx)
    except (stripe.PermissionError, stripe.InvalidRequestError) as error:
        ctx.report.notes.append(
            f"Connected accounts of {mask_key(key)} not listed "
            f"({refusals.describe(error)}); syncing the platform account only."
        )
    return connected


def _write_accounts(
    objects: list[dict[str, Any]], stamp: int, key: str, platform: str, ctx: Context
) -> None:
    model = partitions.account_model()
    source = Source.api(stamp, api_key=key, owner_account=platform, fetch_missing=False)
    result = engine.sync_page(model, objects, source=source, after_sync=False)
    ctx.report.add_outcome(result.outcome, platform, listed_model=model.__name__)
    ctx.report.add(model.__name__, platform, Row(listed=len(objects)))
