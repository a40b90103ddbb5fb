"""Match request paths to handlers; name each match by its route template.

Templates look like ``GET /v1/invoices/{id}/lines``: literal segments beat
``{id}`` wildcards, so ``/v1/invoices/upcoming`` finds its own handler
before the retrieve route.  The template is also the name requests are
counted under and faults are matched against.  Segments are percent-decoded
after splitting, as Stripe does: an id with a ``/`` (quoted ``%2F``) is one
segment.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

Handler = Callable[..., Any]
WILDCARD = "{id}"


@dataclass
class _Node:
    literal: dict[str, _Node] = field(default_factory=dict)
    wildcard: _Node | None = None
    handlers: dict[str, tuple[str, Handler]] = field(default_factory=dict)


@dataclass(frozen=True)
class Match:
    template: str
    handler: Handler
    args: tuple[str, ...]


class Router:
    """A trie of path segments; later registrations replace earlier ones."""

    def __init__(self) -> None:
        self._root = _Node()

    def add(self, method: str, path: str, handler: Handler) -> None:
        node = self._root
        for segment in _segments(path):
            if segment.startswith("{"):
                node.wildcard = node.wildcard or _Node()
                node = node.wildcard
            else:
                node = node.literal.setdefault(segment, _Node())
        node.handlers[method] = (f"{method} {path}", handler)

    def match(self, method: str, path: str) -> Match | None:
        found = self._find(self._root, [unquote(s) for s in _segments(path)], method, ())
        if found is None:
            return None
        (template, handler), args = found
        return Match(template, handler, args)

    def _find(
        self, node: _Node, segments: list[str], method: str, args: tuple[str, ...]
    ) -> tuple[tuple[str, Handler], tuple[str, ...]] | None:
        if not segments:
            entry = node.handlers.get(method)
            return (entry, args) if entry else None
        head, rest = segments[0], segments[1:]
        child = node.literal.get(head)
        if child is not None:
            found = self._find(child, rest, method, args)
            if found is not None:
                return found
        if node.wildcard is not None and head:
            return self._find(node.wildcard, rest, method, (*args, head))
        return None

    def templates(self) -> list[str]:
        """Every registered route template, sorted (for documentation and tests)."""
        out: list[str] = []
        stack = [self._root]
        while stack:
            node = stack.pop()
            out.extend(template for template, _ in node.handlers.values())
            stack.extend(node.literal.values())
            if node.wildcard is not None:
                stack.append(node.wildcard)
        return sorted(out)


def _segments(path: str) -> list[str]:
    return [segment for segment in path.split("/") if segment != ""]
