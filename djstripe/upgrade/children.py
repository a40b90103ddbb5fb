"""Children dj-stripe stored as rows of their own: linked to their parent, not mapped again.

An invoice's data embeds its lines, a subscription's its items; dj-stripe stored those
as rows too, and each row's own data is converted with its table. Mapping the copy
inside the parent as well would double the work for nothing, so before a batch is
planned the ids of its first-level children are looked up in the old tables (one
query per child model), and the plan skips the stored ones, keeping only the link to
their parent (:data:`.embedded.PARENTS`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from ..dotted import dig
from ..exceptions import InvalidStripeDataError
from ..sync import mapping, registry
from ..sync.plan import Item, Plan, check_object, mapping_table

#: (model, Stripe ids) -> the ids among them that dj-stripe stored.
Stored = Callable[[Any, list[str]], set[str]]


def stored_children(model: Any, datas: Iterable[Any], stored: Stored) -> set[tuple[Any, str]]:
    """Keys (table, id) of the first-level children in ``datas`` that dj-stripe stored."""
    wanted: dict[Any, list[str]] = {}
    for data in datas:
        for _spec, child_model, child in _children(model, data):
            try:
                stripe_id = child_model.stripe_id_for(child, data)
            except (KeyError, TypeError):
                continue
            wanted.setdefault(child_model, []).append(stripe_id)
    found: set[tuple[Any, str]] = set()
    for child_model, ids in wanted.items():
        table = mapping_table(child_model)
        found.update((table, stripe_id) for stripe_id in stored(child_model, ids))
    return found


def _children(model: Any, data: Any) -> Iterable[tuple[Any, Any, Mapping[str, Any]]]:
    if not isinstance(data, Mapping):
        return
    for spec in model.child_lists:
        if not spec.parent_field or spec.many_to_many:
            continue
        embedded = dig(data, spec.key)
        entries = embedded.get("data") if isinstance(embedded, Mapping) else embedded
        if not isinstance(entries, list):
            continue
        default = registry.model_by_name(spec.model)
        for child in entries:
            if isinstance(child, Mapping):
                child_model = registry.model_for_object(child.get("object")) or default
                if child_model is not None:
                    yield spec, child_model, child


class ConversionPlan(Plan):
    """A plan that leaves out children already stored (see the module docstring)."""

    def __init__(self, source: Any, skip: set[tuple[Any, str]]) -> None:
        super().__init__(source)
        self.skip = skip
        self.parent_links: list[tuple[str, str, str, str]] = []
        """(model label, child id, column, parent id) of the children left out."""

    def add(self, model: Any, data: Any, *, parent: Item | None = None, **kwargs: Any) -> Any:
        if parent is not None and self.skip and isinstance(data, Mapping):
            try:
                concrete = check_object(model, data)
                stripe_id = concrete.stripe_id_for(data, parent.data)
            except (InvalidStripeDataError, KeyError, TypeError):
                pass
            else:
                if (mapping_table(concrete), stripe_id) in self.skip:
                    self._link(concrete, stripe_id, parent)
                    return None
        return super().add(model, data, parent=parent, **kwargs)

    def _link(self, concrete: Any, stripe_id: str, parent: Item) -> None:
        for spec in parent.model.child_lists:
            if not spec.parent_field:
                continue
            column = mapping.column_named(concrete, spec.parent_field)
            if column is not None:
                label = concrete._meta.label
                self.parent_links.append((label, stripe_id, column.attname, parent.stripe_id))
                return
