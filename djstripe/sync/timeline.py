"""Where a large listing's timeline starts: the lower bound of its creation-time windows.

The account's creation is no bound: a connected account's objects can be older than
its connection to the platform. So the oldest object is found by asking Stripe, with
pages of one, whether any object was created before a time: a binary search to the
hour, about 18 requests per split listing, once per run. The result is kept in the
run's options, so a resumed run cuts exactly the same windows (its checkpoints name
them).
"""

from __future__ import annotations

from collections.abc import Sequence

import stripe

from .. import stripe_api
from . import checkpoints
from .partitions import EARLIEST, Partition, listing_label, splittable
from .state import SyncRun

#: Key of the bounds in ``SyncRun.options``.
STORED = "window_starts"
#: Precision of the search (seconds).
HOUR = 3600


def starts(run: SyncRun, parts: Sequence[Partition], ranges: int) -> dict[str, int]:
    """Per split listing (:func:`~.partitions.listing_label`), the creation time of its
    oldest object (to the hour)."""
    if ranges <= 1:
        return {}
    options = dict(run.options or {})
    kept: dict[str, int] = dict(options.get(STORED) or {})
    missing = [part for part in parts if splittable(part) and listing_label(part) not in kept]
    if not missing:
        return kept
    now = int(run.started.timestamp())
    for part in missing:
        kept[listing_label(part)] = oldest(part, EARLIEST, now)
    options[STORED] = kept
    SyncRun.objects.using(checkpoints.db_alias()).filter(pk=run.pk).update(options=options)
    run.options = options
    return kept


def oldest(part: Partition, low: int, high: int) -> int:
    """A time at most an hour before the listing's oldest object (``high`` when it has
    none; ``low`` when Stripe refuses the listing, which then reports it itself)."""
    try:
        if not _any_before(part, high):
            return high
        while high - low > HOUR:
            middle = (low + high) // 2
            if _any_before(part, middle):
                high = middle
            else:
                low = middle
    except stripe.StripeError:
        return low
    return low


def _any_before(part: Partition, moment: int) -> bool:
    params = {**part.model.list_params, "created": {"lt": moment}}
    pages = stripe_api.pages(
        part.model.api_list_path(),
        params,
        api_key=part.api_key,
        stripe_account=part.stripe_account,
        page_size=1,
    )
    return bool(next(pages).objects)
