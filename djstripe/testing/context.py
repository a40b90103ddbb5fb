"""What a handler works with: the parsed request and the state it may touch."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import errors
from .expand import Expander
from .params import expand_paths
from .store import Record, Space, Store

if TYPE_CHECKING:
    from .double import StripeDouble

DEFAULT_API_VERSION = "2026-10-28.endive"


@dataclass
class Request:
    """An authenticated API request, scoped to one account and mode."""

    method: str
    path: str
    params: dict[str, Any]
    headers: dict[str, str] = field(repr=False)
    """(Left out of the repr, like ``api_key``: it holds ``Authorization``.)"""
    request_id: str | None
    """None for work the double does on its own (test helpers): events show no request."""
    api_key: str = field(default="", repr=False)
    livemode: bool = False
    platform: str = ""
    account: str = ""
    """The account whose objects the request sees (platform, or Stripe-Account)."""
    idempotency_key: str | None = None

    @property
    def version(self) -> str:
        return self.headers.get("stripe-version") or DEFAULT_API_VERSION

    @property
    def connected(self) -> bool:
        return self.account != self.platform


@dataclass
class Response:
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


class Context:
    """A request plus the double's state; handlers get one and return an object."""

    def __init__(self, double: StripeDouble, request: Request) -> None:
        self.double = double
        self.request = request
        self.store: Store = double.store
        self.space: Space = self.store.space(request.account, request.livemode)
        self.ids = double.ids
        self.emitted: list[tuple[str, dict[str, Any]]] = []
        """(account, event) pairs created by this request, delivered after it."""

    @property
    def params(self) -> dict[str, Any]:
        return self.request.params

    @property
    def livemode(self) -> bool:
        return self.request.livemode

    def now(self) -> int:
        return self.double.clock.now()

    def get(
        self,
        object_id: str,
        object_names: tuple[str, ...] | str,
        param: str = "id",
        status: int = 404,
    ) -> Record:
        """Return the stored object or raise Stripe's ``No such <object>`` error."""
        names = (object_names,) if isinstance(object_names, str) else object_names
        record = self.space.get(object_id)
        if record is None or record.obj.get("object") not in names:
            error = errors.resource_missing(names[0], object_id, param)
            error.status = status
            raise error
        return record

    def ref(self, object_id: str, object_names: tuple[str, ...] | str, param: str) -> Record:
        """Like :meth:`get` for an id given as a parameter (400, not 404)."""
        return self.get(object_id, object_names, param, status=400)

    def emit(
        self,
        event_type: str,
        obj: dict[str, Any],
        previous_attributes: dict[str, Any] | None = None,
        space: Space | None = None,
    ) -> dict[str, Any]:
        """Record an event for ``obj``; deliveries happen after the request's writes."""
        space = space or self.space
        event = self.double.event_log.create(self, event_type, obj, previous_attributes, space)
        self.emitted.append((space.account, event))
        return event

    def expander(self) -> Expander:
        return Expander(self.space, self.double.account_object)

    def render(self, value: Record | dict[str, Any]) -> bytes:
        """Encode an object for the response, honouring ``expand[]``."""
        paths = expand_paths(self.params)
        data: dict[str, Any]
        if isinstance(value, Record):
            if not paths:
                return value.encoded
            data = value.copy()
        elif paths:
            data = json.loads(json.dumps(value))
        else:
            data = value
        if paths:
            data = self.expander().apply(data, paths)
        return json.dumps(data, separators=(",", ":")).encode()
