"""Promises checked one by one, each PASS or FAIL with the details that explain a failure."""

from __future__ import annotations

import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

#: Details printed per failed promise (the JSON result keeps them all).
SHOWN = 12


def where(error: BaseException) -> str:
    """`` (at harness/<file>:<line>)`` of the innermost harness frame of a traceback."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if "/harness/" in f.filename]
    if not frames:
        return ""
    frame = frames[-1]
    return f" (at harness/{frame.filename.rsplit('/harness/', 1)[1]}:{frame.lineno})"


@dataclass
class Check:
    promise: str
    failures: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def fail(self, detail: str) -> None:
        self.failures.append(detail)

    def note(self, detail: str) -> None:
        self.notes.append(detail)

    @property
    def passed(self) -> bool:
        return not self.failures


@dataclass
class Report:
    label: str
    checks: list[Check] = field(default_factory=list)

    def run(self, promise: str, function: Callable[..., Any], *args: Any) -> Check:
        """Run one promise's check; a crash of the check is a failure of the promise."""
        check = Check(promise)
        self.checks.append(check)
        try:
            function(check, *args)
        except Exception as error:
            check.fail(f"check crashed: {type(error).__name__}: {str(error)[:300]}{where(error)}")
        return check

    @property
    def passed(self) -> bool:
        return all(check.passed for check in self.checks)

    def lines(self) -> list[str]:
        out = []
        for check in self.checks:
            out.append(f"{'PASS' if check.passed else 'FAIL'}  [{self.label}] {check.promise}")
            for detail in check.failures[:SHOWN]:
                out.append(f"        - {detail}")
            if len(check.failures) > SHOWN:
                out.append(f"        ... and {len(check.failures) - SHOWN} more")
            for detail in check.notes:
                out.append(f"        note: {detail}")
        failed = sum(not check.passed for check in self.checks)
        out.append(f"[{self.label}] {len(self.checks) - failed} promises kept, {failed} broken")
        return out

    def as_json(self) -> list[dict[str, Any]]:
        return [
            {
                "promise": c.promise,
                "passed": c.passed,
                "failures": c.failures,
                "notes": c.notes,
            }
            for c in self.checks
        ]
