"""The HTTP side: a threaded HTTP/1.1 server on 127.0.0.1 and its lifecycle.

Keep-alive connections (stripe-python keeps them open) each hold a thread;
``stop()`` shuts their sockets down, so stopping never waits for clients.
"""

from __future__ import annotations

import socket
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from .app import App

HOST = "127.0.0.1"


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # keep-alive threads are closed by stop(), never joined
    request_queue_size = 128

    def __init__(self, port: int, app: App) -> None:
        self.app = app
        self.connections: set[socket.socket] = set()
        self.connections_lock = threading.Lock()
        super().__init__((HOST, port), _Handler)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def setup(self) -> None:
        super().setup()
        # Nagle + delayed ACK would add ~40 ms to every keep-alive exchange.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        with self.server.connections_lock:
            self.server.connections.add(self.connection)

    def finish(self) -> None:
        with self.server.connections_lock:
            self.server.connections.discard(self.connection)
        try:
            super().finish()
        except OSError:
            pass

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (stdlib name)
        """Stay quiet: the double counts requests instead of logging them."""

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = {name.lower(): value for name, value in self.headers.items()}
        response = self.server.app.handle(self.command, self.path, headers, body)
        self._write(response.status, response.headers, response.body)

    def _write(self, status: int, headers: dict[str, str], body: bytes) -> None:
        try:
            phrase = HTTPStatus(status).phrase
        except ValueError:
            phrase = ""
        lines = [f"HTTP/1.1 {status} {phrase}"]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        lines.append(f"Content-Length: {len(body)}")
        if self.close_connection:
            lines.append("Connection: close")
        head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
        self.wfile.write(head + body)  # one send: no partial writes on the socket

    do_GET = do_POST = do_DELETE = do_PUT = do_PATCH = _serve  # noqa: N815 (stdlib names)


class HTTPFrontend:
    """Serve an :class:`App` over HTTP on 127.0.0.1 in a background thread."""

    def __init__(self, app: App, port: int = 0) -> None:
        self.app = app
        self._server = _Server(port, app)
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self) -> None:
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.02},
            name="stripe-double-http",
            daemon=True,
        )
        self._thread.start()

    def stop(self) -> None:
        self.app.stopping.set()  # wake injected delays
        self._server.shutdown()
        with self._server.connections_lock:
            connections = list(self._server.connections)
        for connection in connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
