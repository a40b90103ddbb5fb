"""Repair what a drift check found: the only part of it that writes.

* missing and stale objects are written from the data the check just listed (no
  request), through the engine, stamped with the listing's time: a row a webhook
  wrote meanwhile is fresher and stays;
* each extra row is re-read (``GET {api_path}/{id}``, one request per extra row):
  a 404 means Stripe deleted it, and it is deleted as its model declares (removed
  with a tombstone, or marked deleted); an object Stripe still has is written.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import stripe

from .. import stripe_api
from . import engine
from .drift_report import Repair
from .outcome import Decision
from .source import Source

logger = logging.getLogger(__name__)

#: Objects per engine call.
BATCH = 100


def repair(checks: Sequence[Any]) -> Repair:
    """Sync what differs in each checked partition (see the module's docstring)."""
    done = Repair()
    with stripe_api.counting() as counter:
        for check in checks:
            if check.result.error:
                continue
            _rewrite(check, done)
            _recheck_extras(check, done)
    done.requests = counter.total
    return done


def _source(check: Any, stamp: int | None) -> Source:
    part = check.part
    return Source.api(
        stamp,
        api_key=part.api_key,
        stripe_account=part.stripe_account,
        owner_account=part.account,
    )


def _rewrite(check: Any, done: Repair) -> None:
    """Write the missing and stale objects from the data listed, grouped by page time."""
    by_stamp: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for data, stamp in check.data.values():
        by_stamp[stamp].append(data)
    for stamp, objects in sorted(by_stamp.items()):
        for start in range(0, len(objects), BATCH):
            batch = objects[start : start + BATCH]
            try:
                result = engine.sync_page(check.model, batch, source=_source(check, stamp))
            except Exception as error:  # noqa: BLE001 - reported; the other batches go on
                done.errors.append(f"{check.part}: {error!r}")
                continue
            done.synced += sum(result.outcome.created.values())
            done.synced += sum(result.outcome.updated.values())


def _recheck_extras(check: Any, done: Repair) -> None:
    """Re-read every extra row: delete it when Stripe says 404, else write what it has."""
    model, part = check.model, check.part
    gone: list[dict[str, Any]] = []
    for stripe_id in check.result.extra:
        try:
            data, stamp = model.fetch_for_reference(
                stripe_id, api_key=part.api_key, stripe_account=part.stripe_account
            )
        except stripe.InvalidRequestError as error:
            if getattr(error, "http_status", None) == 404:
                gone.append({"id": stripe_id, "object": model.stripe_object, "deleted": True})
            else:
                done.errors.append(f"{model.__name__} {stripe_id}: {error}")
            continue
        except stripe.StripeError as error:
            done.errors.append(f"{model.__name__} {stripe_id}: {error}")
            continue
        engine.sync_page(model, [data], source=_source(check, stamp))
        done.refreshed += 1
    for start in range(0, len(gone), BATCH):
        # As of the check's listing: a row written since is fresher and stays.
        result = engine.sync_page(
            model, gone[start : start + BATCH], source=_source(check, check.extra_stamp)
        )
        done.deleted += sum(1 for item in result.items if item.decision == Decision.DELETE)
