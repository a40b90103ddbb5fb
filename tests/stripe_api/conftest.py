"""Fixtures for the lean list reader: what reached the double, and the double's sockets."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from djstripe.stripe_api import lean


@dataclass
class Seen:
    """One request as the double received it (header names lower-cased)."""

    method: str
    target: str
    headers: dict[str, str]


@dataclass
class Recorder:
    requests: list[Seen] = field(default_factory=list)

    @property
    def last(self) -> Seen:
        return self.requests[-1]


@pytest.fixture
def seen(stripe_double: Any, settings: Any) -> Iterator[Recorder]:
    """Every request the double answers during the test, recorded before it is answered."""
    settings.STRIPE_TEST_SECRET_KEY = stripe_double.api_key
    app = stripe_double.app
    handle = app.handle
    recorder = Recorder()

    def recording(method: str, target: str, headers: dict[str, str], body: bytes) -> Any:
        if not target.startswith("/__double/"):
            recorder.requests.append(Seen(method, target, dict(headers)))
        return handle(method, target, headers, body)

    app.handle = recording
    lean.close_connections()
    try:
        yield recorder
    finally:
        del app.handle
        lean.close_connections()


def drop_server_connections(double: Any) -> int:
    """Close, from the server's side, every connection the double holds open."""
    server = double._frontend._server
    with server.connections_lock:
        connections = list(server.connections)
    for connection in connections:
        connection.shutdown(2)  # socket.SHUT_RDWR
    return len(connections)
