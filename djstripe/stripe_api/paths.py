"""Request paths: ids go into a path quoted, and every path is checked before it is sent.

An id can come from untrusted input (a webhook body, a form field) or be chosen by
a user (coupon and plan ids may hold any character). Put into a path unquoted,
``evt_1/../../account`` becomes ``GET /v1/account``: HTTP clients resolve dot
segments before sending. :func:`path` quotes each id into exactly one segment, and
:func:`check_path` refuses, before anything is sent, a path that still holds dot
segments or characters no Stripe path has.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote, unquote

#: Characters a path may hold: RFC 3986 path characters and the ``?``/``=``/``&`` of a
#: query some list paths carry (``/v1/subscription_items?subscription={id}``).
_PATH_CHARACTERS = re.compile(r"\A/[A-Za-z0-9\-._~%!$&'()*+,;=:@/?]*\Z")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def quote_id(value: Any) -> str:
    """``value`` as one path segment (``/`` ``?`` ``#`` ``%`` and the like quoted).

    Raises ``ValueError`` for what cannot be an id: a non-string, ``""``, ``.``, ``..``.
    """
    if not isinstance(value, str) or value in ("", ".", ".."):
        raise ValueError(f"{value!r} is not a Stripe id that can go into a request path.")
    return quote(value, safe="")


def path(template: str, **ids: Any) -> str:
    """``template`` with each ``{name}`` replaced by the quoted id ``ids[name]``.

    >>> path("/v1/customers/{id}/sources/{source}", id="cus_1", source="card_1")
    '/v1/customers/cus_1/sources/card_1'
    """

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in ids:
            raise ValueError(f"No id given for {{{name}}} in {template!r}.")
        return quote_id(ids[name])

    return _PLACEHOLDER.sub(fill, template)


def check_path(value: str) -> str:
    """``value`` if it is safe to send; ``ValueError`` naming the problem otherwise."""
    if not isinstance(value, str) or not _PATH_CHARACTERS.match(value):
        raise ValueError(
            f"Refusing to request the path {value!r}: it holds characters that no Stripe "
            "path has (build paths with djstripe.stripe_api.path, which quotes ids)."
        )
    segments = value.split("?", 1)[0].split("/")[1:]
    if any(unquote(segment) in ("", ".", "..") for segment in segments):
        raise ValueError(
            f"Refusing to request the path {value!r}: it has an empty, '.' or '..' segment "
            "(build paths with djstripe.stripe_api.path, which quotes ids)."
        )
    return value
