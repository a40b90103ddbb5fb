"""The freshness rule of :mod:`.source` as SQL: the condition a stored row must meet to
be replaced, checked by the database in the same statement as the write.

The resolver decides with what it read before the write; a concurrent writer may have
committed since. The upsert's ``ON CONFLICT ... DO UPDATE ... WHERE`` (and the
``UPDATE`` that re-stamps unchanged rows) repeats the rule against the row as it is
now, so two writers can never leave the older data, or data of the other mode, in
place of the newer.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import connections

if TYPE_CHECKING:
    from ..models.base import StripeModel

_STATUS = re.compile(r"^[a-z0-9_]{1,64}$")


@dataclass(frozen=True)
class Guard:
    """What a table's writes check, from the declarations of the model written."""

    mode: bool = True
    """Rows carry a mode (``StripeModel.mode_scoped``): never write across modes."""
    terminal_statuses: tuple[str, ...] = ()
    """Values of the table's ``status`` that are final (``StripeModel.terminal_statuses``)."""
    soft_deleted: bool = False
    """The table's ``deleted`` flag is final (a customer kept and marked deleted)."""


@functools.cache
def guard_for(model: type[StripeModel], table: Any) -> Guard:
    """The guard of writes of ``model``'s rows into ``table`` (its root table)."""
    names = {f.name for f in table._meta.concrete_fields}
    statuses = tuple(sorted(getattr(model, "terminal_statuses", ()) or ()))
    for status in statuses:
        if not _STATUS.match(status):  # written into SQL: only plain words
            raise ValueError(f"{model.__name__}.terminal_statuses holds {status!r}.")
    return Guard(
        mode=bool(getattr(model, "mode_scoped", True)) and "djstripe_livemode" in names,
        terminal_statuses=statuses if "status" in names else (),
        soft_deleted="deleted" in names and getattr(model, "deletion", "") == "soft",
    )


def mode_sql(using: str, stored: str, incoming: str) -> str:
    """Rule 1: the stored row's mode is unknown, or the incoming data's is the same."""
    q = connections[using].ops.quote_name
    column = q("djstripe_livemode")
    return f"({stored}.{column} IS NULL OR {stored}.{column} = {incoming})"


def terminal_sql(using: str, guard: Guard, alias: str) -> str:
    """Whether the row ``alias`` is in a final state (rule 2), as SQL (never NULL)."""
    q = connections[using].ops.quote_name
    parts = []
    if guard.soft_deleted:
        parts.append(f"COALESCE({alias}.{q('deleted')}, FALSE)")
    if guard.terminal_statuses:
        listed = ", ".join(f"'{status}'" for status in guard.terminal_statuses)
        parts.append(f"COALESCE({alias}.{q('status')}, '') IN ({listed})")
    return "(" + " OR ".join(parts) + ")" if parts else ""


def guard_sql(using: str, table: str, guard: Guard | None = None) -> str:
    """The condition under which an upsert may replace a stored row (rules 1 to 4)."""
    guard = guard or Guard(mode=False)
    q = connections[using].ops.quote_name
    t = q(table)

    def new(column: str) -> str:
        return f"EXCLUDED.{q(column)}"

    condition = fresher_sql(using, t, new)
    stored_final, new_final = terminal_sql(using, guard, t), terminal_sql(using, guard, "EXCLUDED")
    if stored_final:
        condition = (
            f"(({new_final} AND NOT {stored_final}) OR "
            f"((NOT {stored_final} OR {new_final}) AND ({condition})))"
        )
    if guard.mode:
        condition = f"{mode_sql(using, t, new('djstripe_livemode'))} AND ({condition})"
    return condition


def fresher_sql(using: str, t: str, new: Callable[[str], str]) -> str:
    """Rules 3 and 4: the incoming data (columns ``new(name)``) is fresher than row ``t``."""
    q = connections[using].ops.quote_name
    stamp, src = q("djstripe_stamp"), q("djstripe_stamp_source")
    floor = q("djstripe_stamp_floor")
    return (
        f"{t}.{stamp} < {new('djstripe_stamp')} "
        # known age against a row of unknown age, from any time since its floor
        f"OR ({t}.{floor} IS NOT NULL AND {new('djstripe_stamp_floor')} IS NULL "
        f"AND {t}.{floor} <= {new('djstripe_stamp')}) "
        f"OR ({t}.{stamp} = {new('djstripe_stamp')} AND ({new('djstripe_stamp_source')} = '' "
        f"OR ({t}.{src} <> '' AND {t}.{src} <= {new('djstripe_stamp_source')})))"
    )


def literal(value: Any) -> str:
    """An integer, boolean or NULL as SQL text (never a string: those are parameters)."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    return str(int(value))
