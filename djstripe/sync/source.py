"""Where a batch of Stripe data came from, which decides whether it may overwrite a row.

The hard rule, in the order it is applied:

1. **Modes never mix.** A row of one mode (live or test) is never written, deleted,
   tombstoned or re-stamped by data of the other mode. The mode of incoming data is
   its ``livemode``; data without one (a refund, a card, a deletion stub) takes the
   mode of the object that embeds it, else of its origin (the event's ``livemode``,
   the API key's ``sk_live_``/``sk_test_``). Rows keep that mode in
   ``djstripe_livemode``. A row of unknown mode (null) accepts data of either mode,
   and learns it; data whose mode cannot be told creates rows, but never touches a
   row whose mode is known. Models whose objects belong to no mode
   (``mode_scoped = False``: accounts, country specs, tax codes) are exempt.
2. **Terminal states are final.** A deleted object (a tombstone, a customer marked
   ``deleted``) and an object in one of its model's ``terminal_statuses`` (a
   ``canceled`` subscription) are never replaced by non-terminal data of the same
   object, whatever the stamps; terminal data replaces non-terminal data, whatever
   the stamps. An id a user chose (a coupon code) created again after the deletion
   names a new object: data whose ``created`` is later than the deleted object's is
   mirrored as new (``Tombstone.object_created``).
3. **Otherwise the fresher data wins**, by the Stripe time it is known to describe
   (``djstripe_stamp``, epoch seconds): a response's ``Date``, an event's
   ``created``. Data a caller hands over (a plain dict, or a ``StripeObject``
   without its response) has no known age: it is stamped with the moment it was
   handed over, and remembers the earliest time it can describe (its ``created``,
   ``djstripe_stamp_floor``). It replaces what is stored (rules 1 and 2 allowing), as
   the caller asked, but it blocks nothing after it: data of known age from any time
   since that floor replaces it in turn.
4. **Same second** (Stripe's clock has one-second resolution): data read from the
   API wins (it was read after anything it ties with was sent); an event never
   overwrites an API read of the same second, the engine re-reads the object
   instead, and when it cannot, the API read stands; between two events of the same
   second the greater event id wins, so every arrival order ends in the same row,
   and the object is queued for a re-read.

The resolver applies these rules before the write (:func:`decide`, :func:`mode_conflict`);
the upsert's ``ON CONFLICT ... WHERE`` (``guard.guard_sql``) applies them again,
atomically, against whatever a concurrent writer committed meanwhile.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from enum import StrEnum

from ..api_keys import livemode_of_key

API = "api"
EVENT = "event"
GIVEN = "given"


class Verdict(StrEnum):
    """Whether incoming data may replace a stored row (:func:`decide`)."""

    WRITE = "write"
    SKIP = "skip"
    TIE = "tie"
    """An event of the same second as the stored data: re-read the object (rule 4)."""


@dataclass(frozen=True)
class Source:
    kind: str = API
    """``api`` (read from Stripe's API), ``event``, or ``given`` (handed over by a caller,
    of unknown age)."""
    stamp: int = 0
    """Stripe time of the data: the response's ``Date``, the event's ``created``, or for
    ``given`` data the moment it was handed over."""
    event_id: str = ""
    api_key: str | None = field(default=None, repr=False)
    """(Left out of the repr, so error reports and logs of a sync never show the key.)"""
    stripe_account: str | None = None
    """The connected account the data belongs to (its ``Stripe-Account``), if any."""
    owner_account: str | None = None
    """The account the rows belong to (``djstripe_owner_account``): the connected account,
    else the platform account of ``api_key``."""
    fetch_missing: bool = True
    """Retrieve referenced objects that are not mirrored yet (``DJSTRIPE_FETCH_MISSING_REFERENCES``
    can turn that off everywhere)."""
    livemode: bool | None = None
    """The mode of the data's origin (an event's ``livemode``); None: the key's mode."""

    @classmethod
    def api(cls, stamp: int | None = None, **kwargs: object) -> Source:
        return cls(kind=API, stamp=int(stamp if stamp is not None else time.time()), **kwargs)  # type: ignore[arg-type]

    @classmethod
    def event(cls, event_id: str, created: int, **kwargs: object) -> Source:
        return cls(kind=EVENT, stamp=int(created), event_id=event_id, **kwargs)  # type: ignore[arg-type]

    @classmethod
    def given(cls, **kwargs: object) -> Source:
        """Data a caller handed over, whose age nobody knows (see rule 3)."""
        return cls(kind=GIVEN, stamp=int(time.time()), **kwargs)  # type: ignore[arg-type]

    @property
    def stamp_source(self) -> str:
        return self.event_id if self.kind == EVENT else ""

    @property
    def mode(self) -> bool | None:
        """Live (True), test (False) or unknown (None): the origin's mode, else the key's."""
        if isinstance(self.livemode, bool):
            return self.livemode
        return livemode_of_key(self.api_key)

    def read_at(self, stamp: int) -> Source:
        """The same origin, for data read from the API at ``stamp``."""
        return replace(self, kind=API, stamp=int(stamp), event_id="")


def mode_conflict(stored: bool | None, incoming: bool | None) -> bool:
    """Whether data of mode ``incoming`` must not touch a row of mode ``stored`` (rule 1)."""
    return stored is not None and incoming != stored


def age_floor(source: Source, data: dict) -> int | None:
    """For data of unknown age, the earliest Stripe time it can describe; else None."""
    if source.kind != GIVEN:
        return None
    created = data.get("created")
    return created if isinstance(created, int) and not isinstance(created, bool) else 0


def is_terminal(statuses: frozenset[str], *, status: object, deleted: bool) -> bool:
    """Whether an object's state is final (rule 2): deleted, or a terminal status."""
    return deleted or (isinstance(status, str) and status in statuses)


def decide(
    *,
    stored_stamp: int,
    stored_source: str,
    incoming: Source,
    stored_floor: int | None = None,
    stored_terminal: bool = False,
    incoming_terminal: bool = False,
) -> Verdict:
    """``write``, ``skip`` or ``tie`` (an event tying with stored data: re-read it).

    Rules 2 to 4 of the module's docstring; the modes were compared first."""
    if stored_terminal != incoming_terminal:
        return Verdict.WRITE if incoming_terminal else Verdict.SKIP
    if incoming.stamp > stored_stamp:
        return Verdict.WRITE
    if stored_floor is not None and incoming.kind != GIVEN and incoming.stamp >= stored_floor:
        return Verdict.WRITE  # known age against unknown age: it may be the newer truth
    if incoming.stamp < stored_stamp:
        return Verdict.SKIP
    if incoming.kind != EVENT:
        return Verdict.WRITE
    if stored_source and stored_source == incoming.event_id:
        return Verdict.WRITE  # the same event again: idempotent
    return Verdict.TIE


def tie_winner(*, stored_source: str, incoming: Source) -> bool:
    """Without a re-read, whether the incoming event's data replaces the stored data."""
    return bool(stored_source) and stored_source <= incoming.event_id
