"""Account objects and the registry of platforms and their connected accounts."""

from __future__ import annotations

import copy
from typing import Any

from .ids import IdFactory
from .store import AccountEntry, Store
from .templates import template


def account_object(
    ids: IdFactory, created: int, account_id: str | None = None, **fields: Any
) -> dict[str, Any]:
    """A complete ``account`` object: Stripe's example with a fresh id and ``fields``."""
    obj = template("account")
    obj["id"] = account_id or ids.new("acct")
    obj["created"] = created
    obj["external_accounts"] = {
        "object": "list",
        "data": [],
        "has_more": False,
        "total_count": 0,
        "url": f"/v1/accounts/{obj['id']}/external_accounts",
    }
    obj["business_profile"] = dict(
        obj.get("business_profile") or {}, name="Double Inc.", url="https://example.com"
    )
    obj.update(copy.deepcopy(fields))
    return obj


def register_platform(store: Store, obj: dict[str, Any]) -> AccountEntry:
    with store.lock:
        entry = store.accounts[obj["id"]] = AccountEntry(obj["id"], None, obj)
        return entry


def register_connected(store: Store, platform: str, obj: dict[str, Any]) -> AccountEntry:
    """Remember ``obj`` as an account connected to ``platform``.

    The object itself is stored in the platform's spaces (``GET /v1/accounts``
    lists it from there); the registry says who may act on it.
    """
    with store.lock:
        entry = store.accounts[obj["id"]] = AccountEntry(obj["id"], platform, obj)
        return entry


def find_account(store: Store, account_id: str) -> dict[str, Any] | None:
    """The current object of any known account (a copy), or None."""
    with store.lock:
        entry = store.accounts.get(account_id)
        if entry is None:
            return None
        if entry.platform:
            for livemode in (False, True):
                space = store.spaces.get((entry.platform, livemode))
                record = space.get(account_id) if space else None
                if record is not None:
                    return record.copy()
        return copy.deepcopy(entry.obj)
