"""What the engine decides for each object, and what a write did.

:class:`Decision` is set on every object of a plan by the resolver (``Item.decision``);
:class:`Outcome` counts what the write carried out, per model name.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, fields
from enum import StrEnum


class Decision(StrEnum):
    """What the write does with one object of a plan."""

    UNDECIDED = ""
    """Not resolved yet."""
    INSERT = "insert"
    """No stored row: create it."""
    UPDATE = "update"
    """The data is fresher than the stored row and differs from it: replace the row."""
    UNCHANGED = "unchanged"
    """The data is what is stored: only its freshness stamp moves forward."""
    DELETE = "delete"
    """Stripe deleted the object: carry out the model's deletion mode."""
    SKIP = "skip"
    """The stored row is fresher (or a concurrent writer stored fresher data): nothing."""
    GONE = "gone"
    """The object was deleted after this data was current (a tombstone): nothing."""
    REFUSED = "refused"
    """The stored row is of the other mode (live/test): nothing, and the caller is told."""


#: Decisions after which the object's row exists as the data has it.
WRITTEN = frozenset({Decision.INSERT, Decision.UPDATE, Decision.UNCHANGED})
#: Decisions that change the database.
WRITING = WRITTEN | {Decision.DELETE}


def _counts() -> defaultdict[str, int]:
    return defaultdict(int)


@dataclass
class Outcome:
    """What a write did, per model name."""

    created: defaultdict[str, int] = field(default_factory=_counts)
    updated: defaultdict[str, int] = field(default_factory=_counts)
    unchanged: defaultdict[str, int] = field(default_factory=_counts)
    skipped: defaultdict[str, int] = field(default_factory=_counts)
    deleted: defaultdict[str, int] = field(default_factory=_counts)
    refused: defaultdict[str, int] = field(default_factory=_counts)
    """Objects whose stored row is of the other mode (nothing of them written)."""

    def total(self, kind: str) -> int:
        return sum(getattr(self, kind).values())

    def merge(self, other: Outcome) -> Outcome:
        """Add ``other``'s counts to these; return self."""
        for kind in fields(self):
            counts = getattr(self, kind.name)
            for name, count in getattr(other, kind.name).items():
                counts[name] += count
        return self
