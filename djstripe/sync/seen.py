"""The ids a complete listing returned, held in 8 bytes each (see :mod:`.pruning`).

Pruning asks, after a listing, which stored rows it did not return. A set of the ids
cost about 100 bytes per id (a string and its slot): 6 MB for the 60,000 invoices of a
20,000-customer account, 100 MB per million, the one part of a run's memory that grew
with the account. :class:`SeenIds` keeps each id's 64-bit hash in sorted arrays
instead: 8 bytes per id, 16 while two runs are merged.

The merge never builds a list: ``sorted()`` of the whole array made one Python int
and one list slot per id (about 40 bytes each), so merging 60,000 hashes cost 3.6 MB
for a moment where the array holds 0.5 MB, and a run's peak memory grew with its
largest listing. Sorted runs are merged eight at a time, from iterators.

Two ids with the same hash make an id that was not listed look listed: its row is
kept, never deleted by mistake (as if pruning were off for that row). With Python's
64-bit string hash, the chance among a million listed and a million stored ids is
about one in 20 million.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Iterable
from heapq import merge

#: Hashes collected before they are sorted into a run (the only list ever made).
PENDING = 4096

#: Runs of one size merged at once: each hash is merged about log8(ids / PENDING) times
#: (pairwise merging moved each one three times as often, for as many runs).
FAN_IN = 8

#: Runs a look-up searches before they are merged into one (pruning asks once per row).
LOOKUP_RUNS = 2


class SeenIds:
    """A set of Stripe ids that answers ``in`` and takes ``update``; nothing else."""

    def __init__(self) -> None:
        self._runs: list[array[int]] = []
        """Sorted runs, largest first: fewer than ``FAN_IN`` of each size (so few of them)."""
        self._pending = array("q")

    def update(self, ids: Iterable[str]) -> None:
        self._pending.extend(hash(stripe_id) for stripe_id in ids)
        if len(self._pending) >= PENDING:
            self._settle()

    def __contains__(self, stripe_id: object) -> bool:
        if self._pending:
            self._settle()
        if len(self._runs) > LOOKUP_RUNS:
            self._collapse()
        wanted = hash(stripe_id)
        for run in self._runs:
            index = bisect_left(run, wanted)
            if index < len(run) and run[index] == wanted:
                return True
        return False

    def __len__(self) -> int:
        """Ids added (an id added twice counts twice)."""
        return sum(map(len, self._runs)) + len(self._pending)

    def _settle(self) -> None:
        """Sort the pending hashes into runs of at most ``PENDING`` (a batch of any size
        never makes a longer list), merging runs of similar size after each."""
        pending, self._pending = self._pending, array("q")
        runs = self._runs
        for start in range(0, len(pending), PENDING):
            runs.append(array("q", sorted(pending[start : start + PENDING])))
            while len(runs) >= FAN_IN and len(runs[-FAN_IN]) <= 2 * len(runs[-1]):
                runs[-FAN_IN:] = [array("q", merge(*runs[-FAN_IN:]))]

    def _collapse(self) -> None:
        """One run of everything (once pruning starts asking)."""
        self._runs = [array("q", merge(*self._runs))]
