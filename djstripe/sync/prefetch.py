"""Reading per-parent lists side by side, so the network waits overlap.

:func:`fetch_lists` reads the lists of several parents at once (a customer's payment
methods, a product's features), in the caller's order. A model's own list is read
one page at a time instead (see :mod:`.listing`): a page read ahead would be a second
page to read again after an interruption.

Helper threads make requests only, never database calls; their requests are counted
apart and added to the caller's counter, which only the caller's thread writes.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import stripe

from .. import stripe_api

#: Parents whose lists are requested at the same time (within the request budget).
PARALLEL_LISTS = 4


def merge(counter: stripe_api.RequestCounter, other: stripe_api.RequestCounter) -> None:
    counter.total += other.total
    counter.retries += other.retries
    counter.by_route.update(other.by_route)
    counter.last_request_id = other.last_request_id or counter.last_request_id


@dataclass
class ParentList:
    """The whole list under one parent, or ``gone`` when Stripe no longer has the parent."""

    parent_id: str
    objects: list[dict[str, Any]] = field(default_factory=list)
    stamp: int = 0
    gone: bool = False


def fetch_lists(
    parent_ids: Sequence[str],
    read: Callable[[str], Iterator[stripe_api.Page]],
    counter: stripe_api.RequestCounter,
) -> list[ParentList]:
    """Read each parent's list (all pages) with ``read(parent_id)``, several at a time."""

    def one(parent_id: str) -> tuple[ParentList, stripe_api.RequestCounter]:
        with stripe_api.counting() as own:
            found = ParentList(parent_id)
            try:
                for page in read(parent_id):
                    found.objects.extend(page.objects)
                    found.stamp = max(found.stamp, page.stamp)
            except stripe.InvalidRequestError as error:
                if getattr(error, "http_status", None) != 404:
                    raise
                found.gone = True
        return found, own

    results: list[ParentList] = []
    with ThreadPoolExecutor(
        max_workers=PARALLEL_LISTS, thread_name_prefix="djstripe-lists"
    ) as pool:
        futures = [pool.submit(contextvars.copy_context().run, one, pid) for pid in parent_ids]
        for future in futures:
            found, own = future.result()
            merge(counter, own)
            results.append(found)
    return results
