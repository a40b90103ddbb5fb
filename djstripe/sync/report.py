"""What a backfill did, per model and account: the numbers behind the final table."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, fields

from ..exceptions import SyncError
from .outcome import Outcome

COLUMNS = ("listed", "created", "updated", "unchanged", "failed", "requests", "seconds")


@dataclass
class Row:
    """Counts for one model on one account."""

    listed: int = 0
    """Objects read from Stripe: on the model's pages, embedded in a parent's, or expanded."""
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    """Older than what the database holds (a webhook was faster), or deleted for good."""
    deleted: int = 0
    failed: int = 0
    requests: int = 0
    seconds: float = 0.0

    def add(self, other: Row) -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))


@dataclass(frozen=True)
class Skipped:
    """A listing Stripe refused for what the key or the account is (see :mod:`.refusals`)."""

    model: str
    account: str
    reason: str
    """``not permitted`` (a restricted key) or ``not enabled`` (a product the account lacks)."""
    message: str
    """Stripe's own words."""

    def __str__(self) -> str:
        return f"{self.model} on {self.account}: {self.reason}, skipped ({self.message})"


@dataclass(frozen=True)
class Pruned:
    """Rows of one partition that its complete listing did not return (see :mod:`.pruning`)."""

    model: str
    account: str
    livemode: bool
    ids: tuple[str, ...]
    dry_run: bool = False
    """Reported only (``dry_run=True``): nothing was deleted."""

    def __str__(self) -> str:
        verb = "Would prune" if self.dry_run else "Pruned"
        mode = "live" if self.livemode else "test"
        shown = ", ".join(self.ids[:20]) + (
            f", ... (+{len(self.ids) - 20})" if len(self.ids) > 20 else ""
        )
        where = f"{self.model} on {self.account} ({mode})"
        return f"{verb} {len(self.ids):,} {where}, gone from Stripe: {shown}"


@dataclass
class Report:
    """Rows per (model name, account), the failures, the skipped listings, and the run's
    totals."""

    rows: dict[tuple[str, str], Row] = field(default_factory=dict)
    errors: list[SyncError] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    pruned: list[Pruned] = field(default_factory=list)
    """Rows that complete listings did not return: deleted, or listed only (dry run)."""
    run_id: int | None = None
    status: str = ""
    seconds: float = 0.0
    requests: int = 0
    """Every request of the run (listing, nested lists, accounts, events, link fetches)."""
    notes: list[str] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def row(self, model: str, account: str) -> Row:
        with self._lock:
            return self.rows.setdefault((model, account), Row())

    def add(self, model: str, account: str, row: Row) -> None:
        with self._lock:
            self.rows.setdefault((model, account), Row()).add(row)

    def add_outcome(
        self, outcome: Outcome, account: str, *, listed_model: str = "", count_listed: bool = True
    ) -> None:
        """Count a write: every model it touched, on ``account``.

        Rows of models other than ``listed_model`` (children, expanded objects) count
        as listed too: they came on the same pages (unless ``count_listed`` is off:
        objects applied from events were not listed).
        """
        names = set()
        for kind in ("created", "updated", "unchanged", "skipped", "deleted"):
            names |= {name for name, count in getattr(outcome, kind).items() if count}
        for name in names:
            row = Row(
                created=outcome.created.get(name, 0),
                updated=outcome.updated.get(name, 0),
                unchanged=outcome.unchanged.get(name, 0),
                skipped=outcome.skipped.get(name, 0),
                deleted=outcome.deleted.get(name, 0),
            )
            if count_listed and name != listed_model:
                row.listed = row.created + row.updated + row.unchanged + row.skipped
            self.add(name, account, row)

    def fail(self, error: SyncError, *, count: int = 1) -> None:
        with self._lock:
            self.errors.append(error)
        self.add(error.model or "?", error.account or "", Row(failed=count))

    def skip(self, skipped: Skipped) -> None:
        with self._lock:
            self.skipped.append(skipped)

    def prune(self, pruned: Pruned) -> None:
        with self._lock:
            self.pruned.append(pruned)

    def total(self) -> Row:
        total = Row()
        with self._lock:
            rows = list(self.rows.values())
        for row in rows:
            total.add(row)
        return total

    def objects(self) -> int:
        """Objects written or confirmed unchanged."""
        total = self.total()
        return total.created + total.updated + total.unchanged

    def table(self) -> str:
        """The final table: one line per model and account, then the totals."""
        header = ("model", "account", *COLUMNS)
        lines: list[tuple[str, ...]] = [header]
        for (model, account), row in sorted(self.rows.items()):
            lines.append((model, account or "-", *_cells(row)))
        lines.append(("total", "", *_cells(self.total())))
        widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
        out = []
        for index, line in enumerate(lines):
            cells = [
                cell.ljust(widths[i]) if i < 2 else cell.rjust(widths[i])
                for i, cell in enumerate(line)
            ]
            out.append("  ".join(cells).rstrip())
            if index == 0 or index == len(lines) - 2:
                out.append("  ".join("-" * w for w in widths))
        return "\n".join(out)


def _cells(row: Row) -> tuple[str, ...]:
    return (
        f"{row.listed:,}",
        f"{row.created:,}",
        f"{row.updated:,}",
        f"{row.unchanged:,}",
        f"{row.failed:,}",
        f"{row.requests:,}",
        f"{row.seconds:.1f}",
    )
