"""The shapes of Stripe-generated ids, to check ids from untrusted input before a request.

Stripe generates event and account ids as a fixed prefix and an underscore followed
by letters and digits (``evt_1NG8Du2eZvKYlo2CUI79vXWy``, ``acct_1032D82eZvKYlo2C``;
some newer ids add words joined by underscores, ``evt_test_...``). Ids a user may
choose (coupons, plans) have no shape: those are only quoted (:func:`.paths.path`).
"""

from __future__ import annotations

import re
from typing import Any

#: Longest id accepted (the ``id`` columns hold 255 characters; Stripe's are far shorter).
MAX_ID_LENGTH = 255

_BODY = r"_[A-Za-z0-9]+(?:_[A-Za-z0-9]+)*\Z"
_SHAPES = {prefix: re.compile(rf"\A{prefix}{_BODY}") for prefix in ("evt", "acct")}


def has_shape(prefix: str, value: Any) -> bool:
    """Whether ``value`` looks like a Stripe-generated id with ``prefix`` (``evt``, ``acct``)."""
    return (
        isinstance(value, str)
        and len(value) <= MAX_ID_LENGTH
        and bool(_SHAPES[prefix].match(value))
    )


def is_event_id(value: Any) -> bool:
    return has_shape("evt", value)


def is_account_id(value: Any) -> bool:
    return has_shape("acct", value)
