"""Round-trip cases: a Stripe object in, a row out, every typed column checked.

Each case names a model, the Stripe data (an example from fixtures3.json or an
older API version's shape) and the expected value of every column the model
fills from Stripe. ``test_coverage.py`` fails when a mirrored model has no case,
or a case leaves a typed column unchecked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

CURRENT = "current"


@dataclass
class Case:
    model: str
    data: Callable[[], dict[str, Any]]
    """Builds the Stripe data (fresh each time: tests must not share mutable data)."""
    expect: dict[str, Any]
    """Column name -> expected value (foreign keys by their Stripe id, ``<name>_id``)."""
    shape: str = CURRENT
    """``current`` or the API version of an older shape (``2020-08-27``)."""
    name: str = ""
    unchecked: tuple[str, ...] = ()
    """Typed columns this case deliberately leaves unchecked (say why in a comment)."""
    setup: Callable[[Any], None] | None = None
    """Called with the double before syncing (to seed objects the data references)."""
    related: dict[str, Any] = field(default_factory=dict)
    """Reverse relations to check: related name -> expected Stripe ids (a set)."""

    @property
    def id(self) -> str:
        return f"{self.model}-{self.shape}{'-' + self.name if self.name else ''}"
