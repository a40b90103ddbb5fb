"""The double's clock: real time by default, or frozen at a chosen instant.

Everything the double stamps (``created`` of new objects and events, the HTTP
``Date`` header) reads this clock, so a test can pin time without patching the
``time`` module of the whole process.
"""

from __future__ import annotations

import threading
import time


class Clock:
    """A settable epoch-seconds clock, safe to share between threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._frozen_at: int | None = None

    def now(self) -> int:
        """Return the current time in whole epoch seconds."""
        with self._lock:
            if self._frozen_at is not None:
                return self._frozen_at
        return int(time.time())

    @property
    def frozen(self) -> bool:
        """True when the clock was set and no longer follows real time."""
        return self._frozen_at is not None

    def set(self, epoch_seconds: int | float) -> None:
        """Freeze the clock at ``epoch_seconds``."""
        with self._lock:
            self._frozen_at = int(epoch_seconds)

    def advance(self, seconds: int | float) -> int:
        """Move the clock forward (freezing it at now + seconds); return the new time."""
        with self._lock:
            base = self._frozen_at if self._frozen_at is not None else int(time.time())
            self._frozen_at = base + int(seconds)
            return self._frozen_at

    def use_real_time(self) -> None:
        """Unfreeze: follow the system clock again."""
        with self._lock:
            self._frozen_at = None

    def state(self) -> int | None:
        """Return the frozen instant (or None) for snapshots."""
        return self._frozen_at

    def restore(self, state: int | None) -> None:
        with self._lock:
            self._frozen_at = state
