"""Reading ahead, so the network and Stripe's answer time overlap the database work.

* :func:`read_ahead` requests the next page of a list on a helper thread while the
  caller writes the current one (one page ahead, never more: a stopped run re-reads at
  most that page).
* :func:`fetch_lists` reads the lists of several parents side by side (a customer's
  payment methods, a product's features), in the caller's order.

Helper threads make requests only, never database calls; their requests are counted
apart and added to the caller's counter, which only the caller's thread writes.
"""

from __future__ import annotations

import contextvars
import queue
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar

import stripe

from .. import stripe_api

T = TypeVar("T")

#: Parents whose lists are requested at the same time (within the request budget).
PARALLEL_LISTS = 4

_END = object()


def merge(counter: stripe_api.RequestCounter, other: stripe_api.RequestCounter) -> None:
    counter.total += other.total
    counter.retries += other.retries
    counter.by_route.update(other.by_route)
    counter.last_request_id = other.last_request_id or counter.last_request_id


def read_ahead(items: Iterator[T], counter: stripe_api.RequestCounter) -> Iterator[T]:
    """Yield ``items`` while the next one is being produced on a helper thread.

    The helper starts on item ``n + 1`` when the caller takes item ``n``, never earlier,
    so at most one item is produced that the caller may not use.
    """
    slot: queue.Queue[tuple[Any, Any]] = queue.Queue(maxsize=1)
    wanted = threading.Semaphore(1)
    closing = threading.Event()
    own = stripe_api.RequestCounter()

    def produce() -> None:
        with stripe_api.counting() as produced:
            try:
                iterator = iter(items)
                while _acquire(wanted, closing):
                    try:
                        item = next(iterator)
                    except StopIteration:
                        _offer(slot, (_END, None), closing)
                        return
                    if not _offer(slot, (item, None), closing):
                        return
            except BaseException as error:  # noqa: BLE001 - handed to the consumer
                _offer(slot, (_END, error), closing)
            finally:
                merge(own, produced)

    helper = threading.Thread(
        target=contextvars.copy_context().run, args=(produce,), name="djstripe-read-ahead"
    )
    helper.daemon = True
    helper.start()
    try:
        while True:
            item, error = slot.get()
            if error is not None:
                raise error
            if item is _END:
                return
            wanted.release()  # the helper may start on the next one now
            yield item
    finally:
        closing.set()
        helper.join()
        merge(counter, own)


def _acquire(wanted: threading.Semaphore, closing: threading.Event) -> bool:
    while not closing.is_set():
        if wanted.acquire(timeout=0.1):
            return True
    return False


def _offer(
    slot: queue.Queue[tuple[Any, Any]], entry: tuple[Any, Any], closing: threading.Event
) -> bool:
    while not closing.is_set():
        try:
            slot.put(entry, timeout=0.1)
            return True
        except queue.Full:
            continue
    return False


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
