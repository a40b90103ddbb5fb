"""List pages read lean: a kept-alive ``http.client`` connection, the bytes parsed once.

stripe-python costs several times the CPU of the request itself (its requestor,
``requests``, an ``OrderedDict`` parse); a backfill reads thousands of list pages.
This module sends the same ``GET`` stripe-python would (headers: :func:`request_headers`;
query: :mod:`.query`) over one connection per thread and origin, and turns the
answer into the same :class:`~.client.Response`, or raises the same stripe-python
error for the same status and body (:mod:`.answers`). Retries, the request budget
and request counting are :func:`.client.attempts`', shared with every other request.

Only v1 ``GET`` list pages come here, and only when stripe-python would talk to the
host directly: a proxy (from the environment, as ``requests`` reads it, or
``stripe.proxy``), a custom ``stripe.default_http_client``, or
``DJSTRIPE_LEAN_LIST_READS = False`` sends them through stripe-python instead
(:func:`usable`). Writes and single retrieves always go through stripe-python.
"""

from __future__ import annotations

import functools
import http.client
import json
import os
import platform
import ssl
import threading
import zlib
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlsplit

import requests.utils
import stripe

from .. import __version__
from .. import settings as djstripe_settings
from ..error_reports import hide_secrets
from . import answers, client, query, retry
from .paths import check_path

#: Seconds to connect and to wait for each read: stripe-python's default (``requests``).
TIMEOUT = 80.0
#: Errors of a kept-alive connection the server closed while it sat idle: the request
#: never reached the server, so it is sent again at once on a new connection.
_STALE = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError)


def usable(path: str) -> bool:
    """Whether ``GET path`` may take the lean path (see the module doc)."""
    if not path.startswith("/v1/") or not djstripe_settings.lean_list_reads():
        return False
    if stripe.proxy or _custom_http_client(stripe.default_http_client):
        return False
    base = djstripe_settings.api_base()
    if urlsplit(base).scheme not in ("http", "https"):
        return False
    return not _environment_proxy(base)


def _environment_proxy(url: str) -> bool:
    """Whether ``requests`` (stripe-python's transport) would send ``url`` through a proxy
    named in the environment (``HTTPS_PROXY``, ``ALL_PROXY``, ... minus ``NO_PROXY``).
    Asking ``requests`` costs a scan of the environment per call; without any
    ``*_proxy`` variable the answer is no."""
    if not any(name[-6:].lower() == "_proxy" for name in os.environ):
        return False
    return bool(requests.utils.select_proxy(url, requests.utils.get_environ_proxies(url)))


def _custom_http_client(http_client: Any) -> bool:
    """A client the project configured (stripe-python sets a plain one up by itself)."""
    if http_client is None:
        return False
    return type(http_client) is not stripe.RequestsClient or bool(
        getattr(http_client, "_proxy", None) or getattr(http_client, "_session", None)
    )


@hide_secrets
def get(
    path: str,
    params: Mapping[str, Any] | None = None,
    *,
    api_key: str | None = None,
    stripe_account: str | None = None,
    policy: retry.RetryPolicy | None = None,
    sleep: Callable[[float], None] | None = None,
) -> client.Response:
    """``GET path`` (a v1 list page), through the lean path when :func:`usable`."""
    if not usable(path):
        return client.request(
            "get",
            path,
            params,
            api_key=api_key,
            stripe_account=stripe_account,
            policy=policy,
            sleep=sleep,
        )
    check_path(path)
    headers = request_headers(client.resolve_api_key(api_key), stripe_account)
    base = djstripe_settings.api_base()
    request_target = urlsplit(base).path.rstrip("/") + query.target(path, params)

    def send() -> client.Response:
        status, received, body = exchange(base, request_target, headers)
        return answers.response(status, received, body)

    return client.attempts("get", path, send, policy=policy, sleep=sleep)


@hide_secrets
def request_headers(api_key: str, stripe_account: str | None) -> dict[str, str]:
    """The headers of a lean ``GET``: those stripe-python sends, naming this project."""
    headers = {
        "Authorization": f"Bearer {api_key}",
        "Stripe-Version": djstripe_settings.api_version(),
        "User-Agent": _user_agent(),
        "X-Stripe-Client-User-Agent": _client_user_agent(),
        "Accept": "*/*",
        "Accept-Encoding": "gzip, deflate",
    }
    if stripe_account:
        headers["Stripe-Account"] = stripe_account
    return headers


def _user_agent() -> str:
    return _agents(repr(stripe.app_info))[0]


def _client_user_agent() -> str:
    return _agents(repr(stripe.app_info))[1]


@functools.lru_cache(maxsize=4)
def _agents(app_info: str) -> tuple[str, str]:
    """Both user-agent headers, for the ``stripe.app_info`` of that ``repr``."""
    return _make_user_agent(), _make_client_user_agent()


def _make_user_agent() -> str:
    agent = f"djstripe-mirror/{__version__} (stripe-python {stripe.VERSION}; http.client)"
    info = stripe.app_info
    if info:
        agent += f" {info['name']}" + (f"/{info['version']}" if info.get("version") else "")
        agent += f" ({info['url']})" if info.get("url") else ""
    return agent


def _make_client_user_agent() -> str:
    described: dict[str, Any] = {
        "bindings_version": stripe.VERSION,
        "lang": "python",
        "lang_version": platform.python_version(),
        "httplib": "http.client",
        "publisher": f"djstripe-mirror/{__version__}",
    }
    if stripe.app_info:
        described["application"] = stripe.app_info
    return json.dumps(described)


class _Connections(threading.local):
    """This thread's open connections, by origin; forgotten in a forked child (the
    parent still uses the sockets it would inherit)."""

    def __init__(self) -> None:
        self.pid = os.getpid()
        self.by_origin: dict[tuple[str, str, int | None], http.client.HTTPConnection] = {}

    def get(self, origin: tuple[str, str, int | None]) -> http.client.HTTPConnection | None:
        if self.pid != os.getpid():
            self.pid, self.by_origin = os.getpid(), {}
        return self.by_origin.get(origin)


_connections = _Connections()
_contexts: dict[str, ssl.SSLContext] = {}


def _context() -> ssl.SSLContext:
    """Verifying TLS context trusting the CA bundle stripe-python trusts."""
    cafile = stripe.ca_bundle_path
    context = _contexts.get(cafile)
    if context is None:
        context = _contexts[cafile] = ssl.create_default_context(cafile=cafile)
    return context


def _connect(origin: tuple[str, str, int | None]) -> http.client.HTTPConnection:
    scheme, host, port = origin
    connection: http.client.HTTPConnection
    if scheme == "https":
        connection = http.client.HTTPSConnection(host, port, timeout=TIMEOUT, context=_context())
    else:
        connection = http.client.HTTPConnection(host, port, timeout=TIMEOUT)
    _connections.by_origin[origin] = connection
    return connection


def close_connections() -> None:
    """Close this thread's connections (the next request opens a new one)."""
    for connection in _connections.by_origin.values():
        connection.close()
    _connections.by_origin.clear()


@hide_secrets
def exchange(
    base: str, request_target: str, headers: Mapping[str, str]
) -> tuple[int, http.client.HTTPMessage, bytes]:
    """Send ``GET request_target`` to ``base``'s origin: (status, headers, body bytes).

    A kept-alive connection the server closed while idle is replaced and the request
    sent again once; any other failure is stripe-python's ``APIConnectionError``.
    """
    url = urlsplit(base)
    origin = (url.scheme, url.hostname or "", url.port)
    connection = _connections.get(origin)
    reused = connection is not None
    if connection is None:
        connection = _connect(origin)
    while True:
        try:
            connection.request("GET", request_target, headers=dict(headers))
            response = connection.getresponse()
            body = response.read()
            break
        except _STALE as error:
            connection.close()
            if not reused:
                _connections.by_origin.pop(origin, None)
                raise answers.connection_error(error) from error
            reused = False
            connection = _connect(origin)
        except (OSError, http.client.HTTPException) as error:
            connection.close()
            _connections.by_origin.pop(origin, None)
            raise answers.connection_error(error) from error
    if response.will_close:
        connection.close()
        _connections.by_origin.pop(origin, None)
    try:
        body = _decoded(body, response.getheader("Content-Encoding"))
    except zlib.error as error:
        raise answers.connection_error(error) from error
    return response.status, response.msg, body


def _decoded(body: bytes, encoding: str | None) -> bytes:
    """The body without the ``Content-Encoding`` asked for (``gzip``, ``deflate``)."""
    encoding = (encoding or "").strip().lower()
    if encoding == "gzip":
        return zlib.decompress(body, 16 + zlib.MAX_WBITS)
    if encoding == "deflate":
        try:
            return zlib.decompress(body)
        except zlib.error:  # a raw deflate stream without the zlib header
            return zlib.decompress(body, -zlib.MAX_WBITS)
    return body
