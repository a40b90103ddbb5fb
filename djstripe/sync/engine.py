"""The sync engine: Stripe data in, rows out, for one object or a whole page.

A sync builds a plan of rows from the data (:mod:`.plan`), completes it without
holding any database lock (:mod:`.resolve`: lookups, missing references fetched,
same-second ties re-read) and writes it in one transaction (:mod:`.write`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from django.db import router

from .. import settings as djstripe_settings
from .. import stripe_api
from .plan import Item, Plan, check_object
from .resolve import Resolver
from .source import Source
from .write import Outcome, write

logger = logging.getLogger(__name__)


@dataclass
class BatchResult:
    outcome: Outcome
    items: list[Item]
    """The objects handed in, in order (with their decisions)."""


def sync_one(
    model: Any,
    data: Any,
    *,
    api_key: str | None = None,
    stripe_account: str | None = None,
    source: Source | None = None,
    deleted: bool = False,
) -> Any:
    """Sync one object and return its row (``None`` when Stripe deleted it for good)."""
    raw = data
    data = stripe_api.as_data(data)
    stripe_account = stripe_account or _account_of(raw)
    if source is None:
        livemode = data.get("livemode") if isinstance(data, dict) else None
        source = Source.api(
            stamp=_stamp_of(raw),
            api_key=api_key
            or djstripe_settings.default_api_key(livemode if isinstance(livemode, bool) else None),
            stripe_account=stripe_account,
        )
    result = sync_batch(model, [data], source=source, strict=True, deleted=deleted)
    item = result.items[0]
    if item.decision == "gone" or (item.decision == "delete" and item.model.deletion == "hard"):
        return None
    return item.model._base_manager.using(_db(item.model)).filter(id=item.stripe_id).first()


def sync_batch(
    model: Any,
    objects: Iterable[Any],
    *,
    source: Source,
    strict: bool = False,
    deleted: bool = False,
) -> BatchResult:
    """Sync a batch (a page) of objects of one model in one plan and one transaction."""
    datas = [stripe_api.as_data(obj) for obj in objects]
    if strict:
        for data in datas:
            check_object(model, data)  # refuse bad input before anything else happens
    source = with_owner(source)
    plan = Plan(source)
    items: list[Item] = []
    for data in datas:
        item = plan.add(model, data, top_level=True, strict=strict, deleted=deleted)
        if item is not None:
            items.append(item)
    using = _db(model)
    resolver = Resolver(plan, using=using)
    resolver.run()
    outcome = write(plan, resolver, using=using)
    if resolver.rereads:
        _queue_rereads(resolver.rereads, using)
    items = [plan.items.get(item.key, item) for item in items]
    return BatchResult(outcome, items)


def with_owner(source: Source) -> Source:
    """Fill in the owner account: the connected account, else the key's platform account."""
    if source.owner_account:
        return source
    if source.stripe_account:
        return replace(source, owner_account=source.stripe_account)
    key = source.api_key or djstripe_settings.secret_key()
    if not key:
        return source
    try:
        _, account_id = stripe_api.platform_account(key)
    except Exception as error:  # noqa: BLE001 - the owner is optional; the sync goes on
        logger.warning("Could not look up the account of the API key: %s", error)
        return replace(source, api_key=key)
    return replace(source, api_key=key, owner_account=account_id)


def _queue_rereads(rereads: list[tuple[Item, str]], using: str) -> None:
    from ..models.sync_state import PendingReread

    for item, reason in rereads:
        PendingReread.objects.using(using).update_or_create(
            model_name=item.model.__name__,
            stripe_id=item.stripe_id,
            defaults={
                "reason": reason[:255],
                "stripe_account": item.source.stripe_account or "",
                "livemode": item.data.get("livemode")
                if isinstance(item.data.get("livemode"), bool)
                else None,
            },
        )


def _db(model: Any) -> str:
    return router.db_for_write(model)


def _account_of(obj: Any) -> str | None:
    value = getattr(obj, "stripe_account", None)
    return value if isinstance(value, str) and value else None


def _stamp_of(obj: Any) -> int | None:
    response = getattr(obj, "last_response", None)
    headers = getattr(response, "headers", None)
    if headers:
        return stripe_api.client.stamp_from_headers(headers)
    return None
