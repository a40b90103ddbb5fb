"""Where a batch of Stripe data came from, which decides whether it may overwrite a row.

Every row carries the Stripe time of the data it holds (``djstripe_stamp``, epoch
seconds) and, when an event wrote it, that event's id (``djstripe_stamp_source``).
Incoming data is written when it is newer. At the same second (Stripe's clock has
one-second resolution):

* data read from the API wins (it was read after anything it ties with was sent);
* an event never overwrites an API read of the same second; the engine re-reads
  the object instead, and when it cannot, the API read stands;
* between two events of the same second the greater event id wins, so every
  arrival order ends in the same row, and the object is queued for a re-read.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace

API = "api"
EVENT = "event"


@dataclass(frozen=True)
class Source:
    kind: str = API
    """``api`` (read from Stripe's API, or handed over by the caller) or ``event``."""
    stamp: int = 0
    """Stripe time of the data: the response's ``Date`` or the event's ``created``."""
    event_id: str = ""
    api_key: str | None = field(default=None, repr=False)
    """(Left out of the repr, so error reports and logs of a sync never show the key.)"""
    stripe_account: str | None = None
    """The connected account the data belongs to (its ``Stripe-Account``), if any."""
    owner_account: str | None = None
    """The account the rows belong to (``djstripe_owner_account``): the connected account,
    else the platform account of ``api_key``."""
    fetch_missing: bool = True
    """Retrieve referenced objects that are not mirrored yet."""

    @classmethod
    def api(cls, stamp: int | None = None, **kwargs: object) -> Source:
        return cls(kind=API, stamp=int(stamp if stamp is not None else time.time()), **kwargs)  # type: ignore[arg-type]

    @classmethod
    def event(cls, event_id: str, created: int, **kwargs: object) -> Source:
        return cls(kind=EVENT, stamp=int(created), event_id=event_id, **kwargs)  # type: ignore[arg-type]

    @property
    def stamp_source(self) -> str:
        return self.event_id if self.kind == EVENT else ""

    def read_at(self, stamp: int) -> Source:
        """The same origin, for data read from the API at ``stamp``."""
        return replace(self, kind=API, stamp=int(stamp), event_id="")


def decide(*, stored_stamp: int, stored_source: str, incoming: Source) -> str:
    """``write``, ``skip`` or ``tie`` (an event tying with stored data: re-read it)."""
    if incoming.stamp > stored_stamp:
        return "write"
    if incoming.stamp < stored_stamp:
        return "skip"
    if incoming.kind == API:
        return "write"
    if stored_source and stored_source == incoming.event_id:
        return "write"  # the same event again: idempotent
    return "tie"


def tie_winner(*, stored_source: str, incoming: Source) -> bool:
    """Without a re-read, whether the incoming event's data replaces the stored data."""
    return bool(stored_source) and stored_source <= incoming.event_id
