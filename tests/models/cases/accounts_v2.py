"""Accounts of Stripe's v2 Accounts API (dj-stripe 2.11's ``AccountV2``)."""

from __future__ import annotations

import datetime

from ...conftest import example
from ..roundtrip import Case

#: ``created`` is an RFC 3339 string in the v2 API: "2025-06-09T21:16:03.000Z".
CREATED = datetime.datetime(2025, 6, 9, 21, 16, 3, tzinfo=datetime.UTC)

CASES = [
    Case(
        model="AccountV2",
        data=lambda: example("v2.core.account"),
        expect={
            "livemode": False,
            "created": CREATED,
            "metadata": {"plan": "pro"},
            "dashboard": "full",
        },
    ),
]
