"""A small subset of Stripe's Search API (``GET /v1/customers/search?query=...``).

Supported query language: clauses ``field:'value'`` (exact), ``field~'value'``
(substring), ``field>n``/``<``/``>=``/``<=`` (numbers), ``metadata['key']:'value'``,
``-field:'value'`` (negation), joined by ``AND`` or by ``OR`` (not both).  Results
are newest first; ``page`` is the ``next_page`` token of the previous result.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from . import errors
from .context import Context
from .listing import parse_limit
from .router import Router
from .store import Record, field_value

SEARCHABLE = {
    "charges": "charge",
    "customers": "customer",
    "invoices": "invoice",
    "payment_intents": "payment_intent",
    "prices": "price",
    "products": "product",
    "subscriptions": "subscription",
}
_CLAUSE = re.compile(
    r"""\s*(?P<negate>-)?(?P<field>metadata\[['"](?P<key>[^'"]+)['"]\]|[a-z_.]+)\s*
        (?P<op>:|~|>=|<=|>|<)\s*(?P<value>'[^']*'|"[^"]*"|[^\s]+)\s*""",
    re.VERBOSE,
)
Predicate = Callable[[Record], bool]


def parse(query: str) -> Predicate:
    """Compile a search query into a predicate on records."""
    upper = f" {query} "
    joiner = "OR" if " OR " in upper else "AND"
    if " OR " in upper and " AND " in upper:
        raise errors.parameter_invalid("query", "Mixing AND and OR is not supported.")
    clauses = [_clause(part) for part in re.split(rf"\s+{joiner}\s+", query.strip()) if part]
    if not clauses:
        raise errors.parameter_missing("query")
    if joiner == "OR":
        return lambda record: any(clause(record) for clause in clauses)
    return lambda record: all(clause(record) for clause in clauses)


def _clause(text: str) -> Predicate:
    match = _CLAUSE.fullmatch(text)
    if match is None:
        raise errors.parameter_invalid("query", f"Could not parse the search clause: {text}")
    value = match["value"].strip("'\"")
    path = f"metadata.{match['key']}" if match["key"] else match["field"]
    op = match["op"]

    def test(record: Record) -> bool:
        found = field_value(record.obj, path)
        if op == ":":
            return found is not None and str(found).lower() == value.lower()
        if op == "~":
            return found is not None and value.lower() in str(found).lower()
        if not isinstance(found, (int, float)):
            return False
        number = float(value)
        return {
            ">": found > number,
            "<": found < number,
            ">=": found >= number,
            "<=": found <= number,
        }[op]

    return (lambda record: not test(record)) if match["negate"] else test


def search_handler(path: str, object_name: str) -> Callable[[Context], dict[str, Any]]:
    def handle(ctx: Context) -> dict[str, Any]:
        query = ctx.params.get("query")
        if not query:
            raise errors.parameter_missing("query")
        predicate = parse(query)
        limit = parse_limit(ctx.params.get("limit"))
        offset = _offset(ctx.params.get("page"))
        matches = [record for record in ctx.space.records(object_name) if predicate(record)]
        page = matches[offset : offset + limit]
        more = len(matches) > offset + limit
        return {
            "object": "search_result",
            "data": [record.copy() for record in page],
            "has_more": more,
            "next_page": f"page_{offset + limit}" if more else None,
            "url": f"/v1/{path}/search",
        }

    return handle


def _offset(page: Any) -> int:
    if not page:
        return 0
    if not isinstance(page, str) or not page.startswith("page_") or not page[5:].isdigit():
        raise errors.parameter_invalid("page", f"Invalid page token: {page}")
    return int(page[5:])


def register(router: Router) -> None:
    for path, object_name in SEARCHABLE.items():
        router.add("GET", f"/v1/{path}/search", search_handler(path, object_name))
