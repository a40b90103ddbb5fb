"""Core objects: fields that moved between API versions."""

from __future__ import annotations

from .table import Moved, register

# --- Core objects -----------------------------------------------------------------------

register(
    Moved(
        "Customer",
        "balance",
        ("balance", "account_balance"),
        "2019-10-17",
        "account_balance was renamed balance.",
    ),
)
