"""What a model declares for the engine to carry out: its child lists, what a deletion
means, and the links the engine derives from other rows.

The models set these as class attributes (see :class:`djstripe.models.StripeModel`);
the engine reads them, so a model is its declarations, not code of its own. This module
imports nothing of the app.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..models.base import StripeModel


class DeletionMode(StrEnum):
    """What a ``*.deleted`` event (or a deletion stub) means for a model's rows."""

    HARD = "hard"
    """The row is removed and a tombstone kept, so older data cannot bring it back."""
    SOFT = "soft"
    """The row is kept, marked deleted as the model's :class:`SoftDelete` says (customers:
    their invoices and charges keep their owner); it counts as the object's final state."""
    STATE = "state"
    """The event's payload is the object's final state (a canceled subscription), written
    like any other update."""


@dataclass(frozen=True)
class SoftDelete:
    """How a soft deletion marks a row (``deletion = DeletionMode.SOFT``)."""

    flag: str = "deleted"
    """Boolean column set to true."""
    when: str | None = None
    """Date-time column set to the moment the deletion was written (``date_purged``)."""
    clear: tuple[str, ...] = ()
    """Columns emptied on the rows marked (a customer's ``subscriber``)."""


@dataclass(frozen=True)
class ChildList:
    """A list of child objects embedded in a parent (``invoice.lines``).

    The engine syncs the children with the parent, pages ``nested_path`` when the
    embedded list says ``has_more``, and, when ``prune`` is set, deletes children
    of that parent that the complete list no longer holds.
    """

    key: str
    """Key of the embedded list in the parent's data (dotted for nested keys)."""
    model: str
    """Model name of the children; objects of another mirrored type are dispatched by ``object``."""
    parent_field: str | None = None
    """Foreign key on the child that points to the parent (filled in when Stripe omits it)."""
    nested_path: str | None = None
    """URL template of the full list, e.g. ``/v1/invoices/{id}/lines``."""
    prune: bool = True
    """Delete the parent's children missing from a complete list."""
    many_to_many: str | None = None
    """For lists of references (tax rates), the parent's many-to-many field instead."""
    embedded: bool = True
    """False when Stripe never embeds the list in the parent (a product's features): the
    engine reads ``nested_path`` whenever the parent itself is synced (top level, with
    ``fetch_missing``), one request per parent."""
    on_request: bool = False
    """True when the parent carries the list's objects only when asked: an includable
    list (``customer.subscriptions``) or ids unless expanded (``quote.discounts``). A
    listing's pages then carry them only if the parent's ``list_expand`` asks."""
    listed_apart: bool = False
    """True when the list is read on its own, never with its parent (a customer's active
    entitlements): the parent is not rewritten, so pruning removes only the children the
    list is fresher than (an API read wins a same-second tie), and keeps no tombstone (a
    child may come back with its id)."""

    def carried_by_pages(self, parent: type[StripeModel]) -> bool:
        """Whether a page of ``parent``'s listing carries the list's objects."""
        if not self.embedded:
            return False
        return not self.on_request or f"data.{self.key}" in (parent.list_expand or ())


@dataclass(frozen=True)
class LinkSet:
    """Links a derivation wants: ``field`` of ``model``'s rows (by Stripe id) -> target id.

    Only rows whose link differs are written; a ``unique`` (one-to-one) link never points
    at a target that another row holds, so contradicting data leaves it unset instead of
    failing the write."""

    model: type[StripeModel]
    field: str
    wanted: dict[str, str]
    unique: bool = False


@dataclass(frozen=True)
class DerivedLinks:
    """Links the engine derives from other mirrored rows after the model's rows are
    written (an invoice's charge, which current API versions show only on its payments).

    ``derive(ids, using)`` reads the mirror for those rows and returns the links wanted;
    the engine writes them, set-based, in the declared order (a later derivation reads
    what an earlier one set)."""

    derive: Callable[[list[str], str], Iterable[LinkSet]]
