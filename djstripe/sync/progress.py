"""How a backfill reports while it runs: a progress bar on a terminal, plain lines elsewhere.

Workers call these from their threads; each implementation serialises its output.
"""

from __future__ import annotations

import threading
import time
from typing import Any, Protocol

from ..api_keys import mask_key
from .partitions import Partition
from .report import Report, Row


class Output(Protocol):
    """Where progress is written: a text stream (``sys.stdout``) or a command's stdout."""

    def write(self, text: str, /) -> Any: ...
    def flush(self) -> None: ...


class Progress:
    """Silent base: override what you want to show."""

    def start(self, parts: list[Partition], expected: dict[Any, int]) -> None:
        """The run's partitions and, where a previous run knows them, their sizes."""

    def partition_started(self, part: Partition) -> None: ...

    def page(self, part: Partition, objects: int) -> None:
        """A page (or a batch of nested lists) of ``objects`` objects was written."""

    def partition_finished(
        self, part: Partition, row: Row, error: str = "", *, skipped: str = ""
    ) -> None:
        """A partition ended: listed, failed (``error``), or refused by Stripe and skipped
        (``skipped``: ``not permitted``, ``not enabled``)."""

    def note(self, message: str) -> None: ...

    def finish(self, report: Report) -> None: ...


class LineProgress(Progress):
    """Plain lines (a log file, cron mail): one when a model starts, one per account done.

    ``Syncing <Model> for key <masked key>:`` is dj-stripe's line; tools parse it.
    """

    def __init__(self, out: Output, verbosity: int = 1) -> None:
        self.out = out
        self.verbosity = verbosity
        self.lock = threading.Lock()
        self.announced: set[tuple[str, str]] = set()

    def _write(self, line: str) -> None:
        with self.lock:
            self.out.write(line + "\n")
            self.out.flush()

    def partition_started(self, part: Partition) -> None:
        key = (part.model_name, part.api_key)
        with self.lock:
            first = key not in self.announced
            self.announced.add(key)
        if first and self.verbosity >= 1:
            self._write(f"Syncing {part.model_name} for key {mask_key(part.api_key)}:")

    def page(self, part: Partition, objects: int) -> None:
        if self.verbosity >= 3:
            self._write(f"  {part.model_name} on {part.account}: page of {objects}")

    def partition_finished(
        self, part: Partition, row: Row, error: str = "", *, skipped: str = ""
    ) -> None:
        if self.verbosity < 1:
            return
        if skipped:
            self._write(f"  {part.model_name} on {part.account}: {skipped}, skipped")
            return
        line = (
            f"  {part.model_name} on {part.account}: {row.listed:,} listed, "
            f"{row.created:,} created, {row.updated:,} updated, {row.unchanged:,} unchanged"
        )
        if row.failed:
            line += f", {row.failed:,} failed"
        line += f" ({row.requests:,} requests, {row.seconds:.1f} s)"
        if error:
            line += f" FAILED: {error}"
        self._write(line)

    def note(self, message: str) -> None:
        if self.verbosity >= 1:
            self._write(message)


class BarProgress(Progress):
    """One line redrawn in place: objects so far, rate, ETA and the running partitions."""

    WIDTH = 24
    INTERVAL = 0.1

    def __init__(self, out: Output, clock: Any = time.monotonic) -> None:
        self.out = out
        self.clock = clock
        self.lock = threading.Lock()
        self.started = clock()
        self.drawn = 0.0
        self.objects = 0
        self.parts_total = 0
        self.parts_done = 0
        self.expected: dict[Any, int] = {}
        self.done_expected = 0
        self.running: dict[Any, str] = {}
        self.width = 0

    def start(self, parts: list[Partition], expected: dict[Any, int]) -> None:
        with self.lock:
            self.started = self.clock()
            self.parts_total = len(parts)
            self.expected = dict(expected)

    def partition_started(self, part: Partition) -> None:
        with self.lock:
            self.running[part.key] = str(part)
        self._draw()

    def page(self, part: Partition, objects: int) -> None:
        with self.lock:
            self.objects += objects
        self._draw()

    def partition_finished(
        self, part: Partition, row: Row, error: str = "", *, skipped: str = ""
    ) -> None:
        with self.lock:
            self.parts_done += 1
            self.done_expected += self.expected.get(part.key, 0)
            self.running.pop(part.key, None)
            if error:
                self._clear()
                self.out.write(f"{part}: FAILED: {error}\n")
        self._draw(force=True)

    def note(self, message: str) -> None:
        with self.lock:
            self._clear()
            self.out.write(message + "\n")
        self._draw(force=True)

    def finish(self, report: Report) -> None:
        with self.lock:
            self._clear()
            self.out.flush()

    def line(self) -> str:
        """The bar's text (without the carriage return)."""
        elapsed = max(self.clock() - self.started, 1e-6)
        fraction = self._fraction()
        filled = int(fraction * self.WIDTH)
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        rate = self.objects / elapsed
        eta = "--:--"
        if 0 < fraction < 1:
            eta = _clock(elapsed * (1 - fraction) / fraction)
        current = next(iter(self.running.values()), "")
        return (
            f"[{bar}] {fraction:4.0%} {self.objects:,} objects {rate:,.0f}/s "
            f"ETA {eta} ({self.parts_done}/{self.parts_total}) {current}"
        ).rstrip()

    def _fraction(self) -> float:
        if not self.parts_total:
            return 0.0
        known = sum(self.expected.values())
        if known and len(self.expected) == self.parts_total:
            return min(1.0, max(self.objects, self.done_expected) / known)
        return self.parts_done / self.parts_total

    def _draw(self, force: bool = False) -> None:
        with self.lock:
            now = self.clock()
            if not force and now - self.drawn < self.INTERVAL:
                return
            self.drawn = now
            text = self.line()
            pad = max(0, self.width - len(text))
            self.width = len(text)
            self.out.write("\r" + text + " " * pad)
            self.out.flush()

    def _clear(self) -> None:
        if self.width:
            self.out.write("\r" + " " * self.width + "\r")
            self.width = 0


def _clock(seconds: float) -> str:
    seconds = int(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"
