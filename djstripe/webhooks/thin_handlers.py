"""Processing a thin event: read its related object and mirror it.

A thin event carries no object, only where to read it (``related_object.url``).
Preparing it (outside any transaction, like every built-in handler) reads the
object from the API in the event's ``context`` (the connected account) and plans
its sync; the write happens in the transaction that marks the event processed
(:func:`djstripe.sync.apply`).

Freshness is the engine's, as for any event: the event's RFC 3339 ``created`` is
the event's stamp; the object read from the API is stamped with the time Stripe
rendered it (the response's ``Date``, never earlier than the event's ``created``),
so it never overwrites fresher data and a late, older snapshot cannot undo it.
An object Stripe answers 404 for is gone: its deletion is mirrored with the
model's deletion semantics, stamped with the event. An object reported deleted
(``"deleted": true``) is a deletion too. Events whose related object the mirror does
not model (or that name none) are stored and acknowledged as ``unhandled``.
"""

from __future__ import annotations

import logging
from typing import Any

import stripe

from .. import stripe_api, sync
from ..error_reports import hide_secrets
from ..exceptions import InvalidStripeDataError
from ..models import Event
from ..models.events import DONE, EventStatus
from . import thin

logger = logging.getLogger(__name__)


def related_model(data: dict[str, Any]) -> Any | None:
    """The mirrored model of the event's related object, or None."""
    found = thin.related(data)
    name = found.get("type") if found else None
    return sync.model_for_object(name) if isinstance(name, str) else None


def status(data: dict[str, Any]) -> str:
    """``processed`` when the related object is mirrored, else ``unhandled``."""
    return EventStatus.processed if related_model(data) is not None else EventStatus.unhandled


@hide_secrets
def prepare(data: dict[str, Any], *, api_key: str | None) -> sync.Prepared | None:
    """Read the related object and plan its sync (None: nothing to mirror)."""
    model = related_model(data)
    if model is None or _already_processed(data["id"]):
        return None  # nothing to mirror, or a redelivery: no read of the object
    reference = thin.related(data) or {}
    livemode = data.get("livemode")
    source = sync.Source.event(
        data["id"],
        thin.stamp(data),
        api_key=api_key,
        stripe_account=thin.account_of(data),
        livemode=livemode if isinstance(livemode, bool) else None,
    )
    read = read_related(model, reference, source)
    if read is None:  # gone upstream: the deletion is the object's newest state
        stub = {"id": reference["id"], "object": model.stripe_object, "deleted": True}
        return sync.prepare(model, stub, source=source, deleted=True)
    obj, stamp = read
    if not isinstance(obj, dict) or obj.get("object") != reference["type"]:
        # what the URL answered is not the object the event names: never mirror it as one
        raise InvalidStripeDataError(
            f"Event {data['id']}: {reference['url']} is not a {reference['type']}."
        )
    deleted = obj.get("deleted") is True
    if deleted and model.deletion == "state":
        deleted = False
    fresh = source.read_at(max(stamp, source.stamp))
    return sync.prepare(model, obj, source=fresh, deleted=deleted)


def _already_processed(event_id: str) -> bool:
    """Whether the event's handlers ran (one indexed query, cheaper than a Stripe read; a
    delivery racing this one is still settled by the claim, :mod:`.processing`)."""
    return Event.objects.filter(id=event_id, djstripe_status__in=DONE).exists()


@hide_secrets
def read_related(
    model: Any, reference: dict[str, Any], source: sync.Source
) -> tuple[dict[str, Any], int] | None:
    """(The object, Stripe's time) from the API; None when Stripe answers 404.

    Models that read themselves specially (the v2 account's ``include``, the platform
    account at ``/v1/account``) do; others are read at the event's URL, expanded as
    the model's reads are. Other errors raise: the event fails and is retried.
    """
    try:
        if "fetch_for_reference" in vars(model):
            return model.fetch_for_reference(
                reference["id"], api_key=source.api_key, stripe_account=source.stripe_account
            )
        return stripe_api.retrieve(
            reference["url"],
            api_key=source.api_key,
            stripe_account=source.stripe_account,
            expand=tuple(getattr(model, "expand_fields", ()) or ()),
        )
    except stripe.InvalidRequestError as error:
        if getattr(error, "http_status", None) == 404:
            logger.info("The object %s of event %s is gone", reference["id"], source.event_id)
            return None
        raise
