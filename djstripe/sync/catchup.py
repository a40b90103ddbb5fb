"""Catch up from the Events API: what changed (not created) since each model's window began.

A listing sees each object as it was when its page was read; objects changed later
(or, on an incremental run, changed since the previous run) are brought up to date
from ``GET /v1/events``. Stripe lists events newest first; only each object's newest
event matters for its final state, so the run keeps that one per object (memory
grows with the objects changed, not the events) and applies them oldest first, each
under its event's stamp, so an event older than a row never overwrites it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .. import stripe_api
from . import engine, registry
from .events import EventAction, event_action
from .outcome import Outcome
from .source import Source

if TYPE_CHECKING:
    from ..models.base import StripeModel

logger = logging.getLogger(__name__)

BATCH = 100


@dataclass
class CatchUp:
    events: int = 0
    applied: int = 0
    outcome: Outcome | None = None


def covered_models(window_models: dict[str, int]) -> dict[Any, int]:
    """Model -> window start, for listed models and the children their pages carry."""
    covered: dict[Any, int] = {}
    for name, start in window_models.items():
        model = registry.model_by_name(name)
        if model is None:
            continue
        for target in (model, *_carried(model)):
            covered[target] = min(start, covered.get(target, start))
    return covered


def _carried(model: type[StripeModel]) -> list[Any]:
    """Child models whose objects a page of ``model``'s listing carries."""
    found = []
    for spec in model.child_lists:
        child = registry.model_by_name(spec.model)
        if child is not None and not spec.many_to_many and spec.carried_by_pages(model):
            found.append(child)
    return found


def catch_up(
    *,
    api_key: str,
    stripe_account: str | None,
    owner: str,
    windows: dict[str, int],
    on_batch: Any = None,
    within: engine.Within | None = None,
) -> CatchUp:
    """Apply the events of one account that fall in the models' windows.

    Objects they reference but the mirror lacks are not fetched here: ``within``
    records them (see :mod:`.links`), like a listing's pages."""
    covered = covered_models(windows)
    merged = Outcome()
    result = CatchUp(outcome=merged)
    if not covered:
        return result
    start = min(covered.values())
    newest: dict[tuple[str, str], engine.Entry] = {}
    for event in _events(api_key, stripe_account, start):  # newest first
        result.events += 1
        entry = _entry(event, covered, api_key, stripe_account, owner)
        if entry is not None:
            newest.setdefault((entry.model.__name__, entry.data["id"]), entry)
    entries = sorted(newest.values(), key=lambda e: (e.source.stamp, e.source.event_id))
    for position in range(0, len(entries), BATCH):
        batch = entries[position : position + BATCH]
        outcome = engine.sync_entries(batch, within=within, after_sync=False).outcome
        result.applied += len(batch)
        merged.merge(outcome)
        if on_batch is not None:
            on_batch(outcome)
    return result


def _events(api_key: str, stripe_account: str | None, start: int) -> Iterator[dict[str, Any]]:
    for page in stripe_api.pages(
        "/v1/events", {"created": {"gt": start}}, api_key=api_key, stripe_account=stripe_account
    ):
        yield from page.objects


def _entry(
    event: dict[str, Any],
    covered: dict[Any, int],
    api_key: str,
    stripe_account: str | None,
    owner: str,
) -> engine.Entry | None:
    deleted = _deletes(str(event.get("type", "")))
    obj = (event.get("data") or {}).get("object")
    if deleted is None or not isinstance(obj, dict) or not obj.get("id"):
        return None
    model = registry.model_for_object(obj.get("object"))
    if model is None:
        return None
    start = _window(model, covered)
    created = int(event.get("created") or 0)
    if start is None or created <= start:
        return None
    source = Source.event(
        event["id"],
        created,
        api_key=api_key,
        stripe_account=stripe_account,
        owner_account=owner,
        fetch_missing=False,
    )
    return engine.Entry(model, obj, source, deleted=deleted)


def _deletes(event_type: str) -> bool | None:
    """What the webhook processing's built-in handler does with this type: mirror the
    object (False), mirror its deletion (True), or something else (None: skipped here,
    e.g. ``invoice.upcoming`` or a type djstripe does not know)."""
    action = event_action(event_type)
    if action == EventAction.SYNC:
        return False
    if action == EventAction.DELETE:
        return True
    return None


def _window(model: type[StripeModel] | None, covered: dict[Any, int]) -> int | None:
    if model is None:
        return None
    if model in covered:
        return covered[model]
    for target, start in covered.items():
        if issubclass(model, target):
            return start
    return None
