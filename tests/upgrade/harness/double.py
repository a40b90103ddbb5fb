"""Plain HTTP reads from the Stripe API double (no stripe-python objects: dicts as Stripe sends)."""

from __future__ import annotations

import json
import os
import urllib.parse
import urllib.request
from collections.abc import Iterator
from typing import Any

from . import known


def api_base() -> str:
    return os.environ["STRIPE_API_HOST"].rstrip("/")


def get(path: str, **params: Any) -> dict[str, Any]:
    """``GET /v1/<path>`` with the test key; the decoded JSON answer."""
    query = f"?{urllib.parse.urlencode(params)}" if params else ""
    request = urllib.request.Request(
        f"{api_base()}/v1/{path}{query}",
        headers={"Authorization": f"Bearer {known.SECRET_KEY}"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # 127.0.0.1 only
        return json.loads(response.read())


def list_all(path: str, **params: Any) -> Iterator[dict[str, Any]]:
    """Every object of a list endpoint, page by page."""
    after = None
    while True:
        page_params = {"limit": 100, **params}
        if after:
            page_params["starting_after"] = after
        page = get(path, **page_params)
        yield from page["data"]
        if not page.get("has_more") or not page["data"]:
            return
        after = page["data"][-1]["id"]
