"""The ids a complete listing returned, held in 8 bytes each (see :mod:`.pruning`).

Pruning asks, after a listing, which stored rows it did not return. A set of the ids
cost about 100 bytes per id (a string and its slot): 6 MB for the 60,000 invoices of a
20,000-customer account, 100 MB per million, the one part of a run's memory that grew
with the account. :class:`SeenIds` keeps each id's 64-bit hash in a sorted array
instead: 8 bytes per id, 16 while a batch is merged in.

Two ids with the same hash make an id that was not listed look listed: its row is
kept, never deleted by mistake (as if pruning were off for that row). With Python's
64-bit string hash, the chance among a million listed and a million stored ids is
about one in 20 million.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Iterable
from itertools import chain

#: Hashes collected before they are merged into the sorted array (at least).
PENDING = 4096


class SeenIds:
    """A set of Stripe ids that answers ``in`` and takes ``update``; nothing else."""

    def __init__(self) -> None:
        self._sorted = array("q")
        self._pending = array("q")

    def update(self, ids: Iterable[str]) -> None:
        self._pending.extend(hash(stripe_id) for stripe_id in ids)
        if len(self._pending) >= max(PENDING, len(self._sorted) // 2):
            self._merge()

    def __contains__(self, stripe_id: object) -> bool:
        if self._pending:
            self._merge()
        wanted = hash(stripe_id)
        index = bisect_left(self._sorted, wanted)
        return index < len(self._sorted) and self._sorted[index] == wanted

    def __len__(self) -> int:
        """Ids added (an id added twice counts twice)."""
        return len(self._sorted) + len(self._pending)

    def _merge(self) -> None:
        # Merging at half the array's size keeps the work linear overall; the sort
        # finds the two sorted runs and merges them.
        merged = sorted(chain(self._sorted, self._pending))
        self._sorted = array("q", merged)
        self._pending = array("q")
