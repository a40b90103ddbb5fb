"""What a drift check found, per model and account, and how it reads as text."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

#: Ids shown per partition and kind of drift (the counts are always exact).
SHOWN_IDS = 10


@dataclass
class PartitionDrift:
    """One model on one account and mode, compared with Stripe."""

    model: str
    account: str
    livemode: bool
    mirrored: int = 0
    """Rows of the partition in the mirror (not marked deleted)."""
    listed: int | None = None
    """Objects on Stripe: exact when the whole list was read, else None (a sample)."""
    compared: int = 0
    """Objects listed and compared with their rows."""
    missing: list[str] = field(default_factory=list)
    """On Stripe, not in the mirror."""
    stale: list[str] = field(default_factory=list)
    """In the mirror with older data than Stripe's."""
    extra: list[str] = field(default_factory=list)
    """In the mirror, where Stripe's listing has nothing: deleted upstream (or listed by
    another account)."""
    extras_checked: bool = True
    """False when the listing cannot prove an absence (``list_holds_all = False``)."""
    requests: int = 0
    error: str = ""

    @property
    def drift(self) -> int:
        return len(self.missing) + len(self.stale) + len(self.extra)

    @property
    def empty(self) -> bool:
        """Nothing on either side (left out of the table)."""
        return not (self.mirrored or self.listed or self.compared or self.drift or self.error)


@dataclass
class Repair:
    """What ``repair`` did."""

    synced: int = 0
    """Missing and stale objects written from the data just listed."""
    deleted: int = 0
    """Extra rows whose object Stripe no longer has (404), deleted as the model declares."""
    refreshed: int = 0
    """Extra rows Stripe still has (its listing did not show them): re-read and written."""
    requests: int = 0
    errors: list[str] = field(default_factory=list)


@dataclass
class DriftReport:
    """Every partition compared, the run's requests, and the repair if one was asked."""

    partitions: list[PartitionDrift] = field(default_factory=list)
    sample: int | None = None
    """Objects compared per partition (None: every object)."""
    requests: int = 0
    repair: Repair | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def drift(self) -> int:
        return sum(p.drift for p in self.partitions)

    @property
    def compared(self) -> int:
        return sum(p.compared for p in self.partitions)

    @property
    def errors(self) -> list[str]:
        return [f"{p.model} on {p.account}: {p.error}" for p in self.partitions if p.error]

    def exceeds(self, threshold: Threshold) -> bool:
        """Whether the drift found is over ``threshold`` (or a partition could not be read)."""
        return bool(self.errors) or self.drift > threshold.allowed(self.compared)

    def table(self) -> str:
        header: tuple[str, ...] = ("model", "account", "mode", "mirror", "stripe", "compared")
        header += ("missing", "stale", "extra")
        lines: list[tuple[str, ...]] = [header]
        shown = [p for p in self.partitions if not p.empty]
        for p in sorted(shown, key=lambda p: (p.model, p.account, p.livemode)):
            extra = f"{len(p.extra):,}" if p.extras_checked else "n/a"
            stripe = "error" if p.error else ("sampled" if p.listed is None else f"{p.listed:,}")
            lines.append(
                (p.model, p.account, "live" if p.livemode else "test", f"{p.mirrored:,}")
                + (stripe, f"{p.compared:,}", f"{len(p.missing):,}", f"{len(p.stale):,}", extra)
            )
        total: tuple[str, ...] = ("total", "", "", "", "", f"{self.compared:,}")
        total += tuple(f"{sum(len(getattr(p, k)) for p in self.partitions):,}" for k in KINDS)
        lines.append(total)
        widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
        out = []
        for index, line in enumerate(lines):
            cells = [
                c.ljust(widths[i]) if i < 3 else c.rjust(widths[i]) for i, c in enumerate(line)
            ]
            out.append("  ".join(cells).rstrip())
            if index in (0, len(lines) - 2):
                out.append("  ".join("-" * w for w in widths))
        return "\n".join(out)

    def details(self) -> str:
        """The ids found, per kind of drift and partition."""
        out = []
        for kind, title in zip(KINDS, TITLES, strict=True):
            found = [p for p in self.partitions if getattr(p, kind)]
            if not found:
                continue
            out.append(title)
            for p in found:
                ids = getattr(p, kind)
                shown = ", ".join(ids[:SHOWN_IDS])
                if len(ids) > SHOWN_IDS:
                    shown += f", ... (+{len(ids) - SHOWN_IDS:,})"
                out.append(f"  {p.model} on {p.account}: {shown}")
        for error in self.errors:
            out.append(f"Could not check {error}")
        return "\n".join(out)

    def text(self) -> str:
        scope = "every object" if self.sample is None else f"a sample of {self.sample:,} objects"
        lines = [f"Drift check of {scope} per model and account.", self.table()]
        empty = sum(1 for p in self.partitions if p.empty)
        if empty:
            lines.append(f"({empty:,} model(s) and account(s) empty on both sides not shown.)")
        details = self.details()
        if details:
            lines.append(details)
        lines.append(
            f"{self.drift:,} of {self.compared:,} compared objects drifted; "
            f"{self.requests:,} API requests."
        )
        if self.repair is not None:
            r = self.repair
            lines.append(
                f"Repaired: {r.synced:,} rows written from the data listed (the missing and "
                "stale objects, and what they embed), "
                f"{r.deleted:,} deleted (gone from Stripe), {r.refreshed:,} re-read "
                f"(still on Stripe); {r.requests:,} API requests."
            )
            lines.extend(f"Repair failed: {error}" for error in r.errors)
        lines.extend(self.notes)
        return "\n".join(lines)


KINDS = ("missing", "stale", "extra")
TITLES = (
    "Missing (on Stripe, not in the mirror):",
    "Stale (the mirror holds older data than Stripe):",
    "Extra (in the mirror, not on Stripe):",
)


@dataclass(frozen=True)
class Threshold:
    """How much drift is tolerated: a number of objects, or a share of those compared."""

    count: int = 0
    percent: float | None = None

    @classmethod
    def parse(cls, value: Any) -> Threshold:
        """``"5"`` (objects) or ``"0.5%"`` (of the objects compared); ValueError otherwise."""
        text = str(value).strip()
        try:
            if text.endswith("%"):
                percent = float(text[:-1])
                if percent < 0 or math.isnan(percent):
                    raise ValueError
                return cls(percent=percent)
            count = int(text)
            if count < 0:
                raise ValueError
            return cls(count=count)
        except ValueError:
            raise ValueError(
                f"{value!r} is not a threshold: give a number of objects (5) or a share of "
                "the objects compared (0.5%)."
            ) from None

    def allowed(self, compared: int) -> float:
        if self.percent is not None:
            return compared * self.percent / 100
        return self.count
