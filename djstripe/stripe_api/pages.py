"""Listing: pages of a Stripe list endpoint, followed to the end.

The cursor is the last item's id (``starting_after``); the loop ends when Stripe
says ``has_more`` is false, never on a short page.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from . import lean

MAX_PAGE_SIZE = 100


@dataclass
class Page:
    objects: list[dict[str, Any]]
    has_more: bool
    stamp: int
    request_id: str | None
    last_id: str | None


def pages(
    path: str,
    params: Mapping[str, Any] | None = None,
    *,
    api_key: str | None = None,
    stripe_account: str | None = None,
    starting_after: str | None = None,
    page_size: int = MAX_PAGE_SIZE,
) -> Iterator[Page]:
    """Every page of ``GET path`` from ``starting_after`` on (newest first, as Stripe lists)."""
    query: dict[str, Any] = {**(params or {}), "limit": page_size}
    cursor = starting_after
    while True:
        if cursor:
            query["starting_after"] = cursor
        response = lean.get(path, query, api_key=api_key, stripe_account=stripe_account)
        body = response.data if isinstance(response.data, dict) else {}
        objects = [obj for obj in body.get("data") or [] if isinstance(obj, dict)]
        last_id = objects[-1].get("id") if objects else None
        has_more = bool(body.get("has_more")) and bool(last_id)
        yield Page(objects, has_more, response.stamp, response.request_id, last_id)
        if not has_more:
            return
        cursor = last_id


def rest_of_list(
    embedded: Mapping[str, Any],
    path: str,
    *,
    api_key: str | None = None,
    stripe_account: str | None = None,
) -> list[dict[str, Any]]:
    """All items of an embedded list (``invoice.lines``), paging ``path`` past the first ones."""
    items = [obj for obj in embedded.get("data") or [] if isinstance(obj, dict)]
    if not embedded.get("has_more"):
        return items
    cursor = items[-1].get("id") if items else None  # no items: the whole list, from the start
    for page in pages(path, api_key=api_key, stripe_account=stripe_account, starting_after=cursor):
        items.extend(page.objects)
    return items


def iterate(
    path: str,
    *,
    params: Mapping[str, Any] | None = None,
    api_key: str | None = None,
    stripe_account: str | None = None,
) -> Iterator[dict[str, Any]]:
    for page in pages(path, params, api_key=api_key, stripe_account=stripe_account):
        yield from page.objects
