"""Events and webhooks: fields that moved between API versions."""

from __future__ import annotations

from .table import Moved, register

# --- Events and webhooks ----------------------------------------------------------------

register(
    Moved(
        "Event",
        "request_id",
        ("request.id", "request"),
        "2017-05-25",
        "request was the request id; it became an object with id and idempotency_key.",
    ),
)
