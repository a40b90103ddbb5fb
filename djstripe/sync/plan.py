"""Turn Stripe data into a plan of rows: the objects, what they reference, their children.

Building a plan touches neither the database nor the network. Expanded objects
found inside the data (a subscription's items, an item's price) become items of
the same plan, so one write covers the whole object graph.
"""

from __future__ import annotations

import functools
import hashlib
import logging
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.apps import apps

from .. import settings as djstripe_settings
from ..dotted import dig
from ..exceptions import InvalidStripeDataError
from ..fields import stored_field, stripe_id_of
from ..json_text import encode_sorted
from . import mapping, registry
from .builder import builder
from .outcome import Decision
from .rows import root_model
from .source import Source, age_floor, is_terminal

if TYPE_CHECKING:
    from ..models.base import StripeModel

logger = logging.getLogger(__name__)


@dataclass
class Reference:
    column: mapping.Column | None
    """The foreign key holding the reference (None for the owner account)."""
    target: type[StripeModel]
    """The related model (possibly a polymorphic base)."""
    stripe_id: str
    object_name: str | None = None
    key: tuple[Any, str] = field(init=False, repr=False, compare=False)
    """(table, Stripe id): how the plan and the resolver know the target (made once)."""

    def __post_init__(self) -> None:
        self.key = (mapping_table(self.target), self.stripe_id)


@dataclass
class Item:
    """One object to write."""

    model: type[StripeModel]
    stripe_id: str
    data: dict[str, Any]
    source: Source
    parent: Item | None = None
    values: dict[str, Any] = field(default_factory=dict)
    references: list[Reference] = field(default_factory=list)
    top_level: bool = False
    deleted: bool = False
    decision: Decision = Decision.UNDECIDED
    """What the write does with the object (see :class:`~.outcome.Decision`): set by the
    resolver."""
    reread: bool = False
    """The data was (or could not be) re-read to settle a same-second tie."""
    key: tuple[Any, str] = field(init=False, repr=False, compare=False)
    """(table, Stripe id): the item's place in the plan and in the resolver (made once)."""
    mode: bool | None = None
    """Live or test (None: unknown): the data's ``livemode``, else its parent's mode,
    else its source's (see ``source``, rule 1)."""
    floor: int | None = None
    """For data of unknown age, the earliest Stripe time it can describe (``source``)."""
    terminal: bool = False
    """The data is a final state of the object: deleted, or a terminal status."""
    _hash: str = field(default="", repr=False, compare=False)
    _encoded: str | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.key = (mapping_table(self.model), self.stripe_id)

    def encoded(self) -> str:
        """The data as JSON text (computed once: stored as ``stripe_data``, and hashed)."""
        if self._encoded is None:
            self._encoded = encode_sorted(self.data)
        return self._encoded

    def data_hash(self) -> str:
        """Digest of the data (computed once: a write and its bookkeeping both need it)."""
        if not self._hash:
            self._hash = hashlib.blake2b(self.encoded().encode(), digest_size=16).hexdigest()
        return self._hash


@dataclass
class Prune:
    """Children of ``parent`` (through ``parent_field``) that a complete list no longer holds."""

    model: type[StripeModel]
    parent_field: str
    parent: Item
    keep: set[str]
    apart: bool = False
    """The list was read apart from its parent (``ChildList.listed_apart``)."""


@dataclass
class ManyToMany:
    parent: Item
    field_name: str
    target_ids: list[str]


@dataclass
class PendingList:
    """An embedded list with more entries than the parent carried: page it before writing."""

    parent: Item
    spec: Any
    embedded: Mapping[str, Any]


@functools.cache
def account_model() -> Any:
    return apps.get_model("djstripe", "Account")


#: The table holding the model's Stripe ids (cached: asked for every object and reference).
mapping_table: Callable[[Any], Any] = root_model


class Plan:
    def __init__(self, source: Source) -> None:
        self.source = source
        self.items: dict[tuple[Any, str], Item] = {}
        self.prunes: list[Prune] = []
        self.many_to_many: list[ManyToMany] = []
        self.pending_lists: list[PendingList] = []
        self.dropped: list[str] = []

    def __iter__(self) -> Iterator[Item]:
        return iter(self.items.values())

    def discard(self, item: Item) -> None:
        """Remove ``item`` and everything its data brought in (embedded children, their
        lists, prunes and many-to-many links), as when a re-read replaces it: the
        replacement's own children must not meet the old copy's under the same keys."""

        def descends(candidate: Item | None) -> bool:
            while candidate is not None:
                if candidate is item:
                    return True
                candidate = candidate.parent
            return False

        self.items = {
            key: entry
            for key, entry in self.items.items()
            if entry is not item and not descends(entry.parent)
        }
        self.prunes = [p for p in self.prunes if not descends(p.parent)]
        self.many_to_many = [m for m in self.many_to_many if not descends(m.parent)]
        self.pending_lists = [p for p in self.pending_lists if not descends(p.parent)]

    # ---- building ----
    def add(
        self,
        model: type[StripeModel],
        data: Any,
        *,
        source: Source | None = None,
        parent: Item | None = None,
        top_level: bool = False,
        strict: bool = False,
        deleted: bool = False,
        within: Item | None = None,
    ) -> Item | None:
        """Add one Stripe object (and what it embeds). ``strict`` raises on bad input.

        ``within``: the object whose data embeds this one (its mode is this one's, when
        the data does not say)."""
        try:
            concrete = check_object(model, data)
            stripe_id = check_id(
                concrete, concrete.stripe_id_for(data, parent.data if parent else None)
            )
        except InvalidStripeDataError:
            if strict:
                raise
            logger.warning("Ignoring unusable nested Stripe data for %s", model.__name__)
            return None
        source = source or self.source
        key = (mapping_table(concrete), stripe_id)
        existing = self.items.get(key)
        if existing is not None and (existing.top_level or not top_level):
            return existing  # keep the first full copy of an object seen twice
        item = Item(concrete, stripe_id, data, source, parent=parent, top_level=top_level)
        # ``deletion = "state"``: a deletion event carries the final state (a canceled
        # subscription), written like any other update.
        item.deleted = (deleted and concrete.deletion != "state") or data.get("deleted") is True
        livemode = data.get("livemode")
        if isinstance(livemode, bool):
            item.mode = livemode
        else:
            embedding = parent or within
            item.mode = embedding.mode if embedding is not None else source.mode
        item.floor = age_floor(source, data)
        item.terminal = is_terminal(
            concrete.terminal_statuses, status=data.get("status"), deleted=item.deleted
        )
        self.items[key] = item
        if item.deleted:
            item.values = {}
        else:
            self._map(item)
        owner = concrete.owner_for(item)
        if owner:
            item.references.append(Reference(None, account_model(), owner))
        return item

    def _map(self, item: Item) -> None:
        parent_data = item.parent.data if item.parent else None
        data = item.data
        build = builder(item.model)
        values = item.values = build.values(data, parent_data)
        for column in build.references:
            raw = column.raw(data, parent_data)
            ref_id = column.stripe_id(raw)
            if ref_id is None:
                if raw is not None and stripe_id_of(raw) is not None:
                    # No row can have this id: no reference (the value stays in stripe_data).
                    logger.warning(
                        "Ignoring unusable reference %s of %s", column.column.name, item.stripe_id
                    )
                values[column.attname] = None
                continue
            values[column.attname] = ref_id
            expanded = isinstance(raw, dict)
            object_name = raw.get("object") if expanded else None
            target = registry.model_for_reference(column.target, ref_id, object_name)
            if expanded and object_name and not raw.get("deleted"):
                self.add(target, raw, source=item.source, within=item)
            item.references.append(Reference(column.column, target, ref_id, object_name))
        for spec in item.model.child_lists:
            self._add_children(item, spec)

    def _add_children(self, item: Item, spec: Any) -> None:
        embedded = dig(item.data, spec.key)
        if embedded is None and _fetch_unembedded(item, spec):
            embedded = {"object": "list", "data": [], "has_more": True}
        if isinstance(embedded, list):
            embedded = {"data": embedded, "has_more": False}
        if not isinstance(embedded, Mapping):
            return
        if "data" not in embedded and embedded.get("object") not in (None, "list"):
            # One embedded object (a subscription's ``discount`` before 2025-03-31.basil):
            # a child like any other, but not a complete list to prune against.
            self.add_children(item, spec, [embedded], complete=False)
            return
        if embedded.get("has_more") and spec.nested_path:
            self.pending_lists.append(PendingList(item, spec, embedded))
            return
        self.add_children(
            item, spec, embedded.get("data") or [], complete=not embedded.get("has_more")
        )

    def add_children(self, item: Item, spec: Any, children: list[Any], *, complete: bool) -> None:
        child_model = registry.model_by_name(spec.model)
        ids: list[str] = []
        for child in children:
            if isinstance(child, str):
                ids.append(child)  # an unexpanded child still belongs to the list
                continue
            if not isinstance(child, Mapping):
                continue
            model = registry.model_for_object(child.get("object")) or child_model
            if model is None:
                continue
            added = self.add(
                model,
                child,
                source=item.source,
                parent=item if spec.parent_field else None,
                within=item,
            )
            if added is None:
                continue
            ids.append(added.stripe_id)
            if spec.parent_field and not added.deleted:
                column = mapping.column_named(added.model, spec.parent_field)
                if column is not None and added.values.get(column.attname) is None:
                    added.values[column.attname] = item.stripe_id
                    added.references.append(Reference(column, item.model, item.stripe_id))
        if spec.many_to_many:
            self.many_to_many.append(ManyToMany(item, spec.many_to_many, ids))
        elif spec.prune and complete and child_model is not None and spec.parent_field:
            for model in _holders_of(child_model, spec.parent_field):
                prune = Prune(model, spec.parent_field, item, set(ids), spec.listed_apart)
                self.prunes.append(prune)


@functools.cache
def _holders_of(model: type[StripeModel], field_name: str) -> tuple[Any, ...]:
    """The models whose rows point at the parent through ``field_name``: the child model,
    or, for a polymorphic base without that field (an account's external accounts are
    Cards and BankAccounts, each with its own ``account``), its subclasses that have it."""
    if _has_field(model, field_name):
        return (model,)
    return tuple(
        sub
        for sub in registry.stripe_models()
        if sub is not model and issubclass(sub, model) and _has_field(sub, field_name)
    )


def _has_field(model: type[StripeModel], field_name: str) -> bool:
    return any(field.name == field_name for field in model._meta.concrete_fields)


def _fetch_unembedded(item: Item, spec: Any) -> bool:
    """Whether to read a list Stripe never embeds (``ChildList.embedded=False``) for ``item``."""
    return not spec.embedded and bool(spec.nested_path) and item.top_level and fetches(item.source)


def fetches(source: Source) -> bool:
    """Whether data of ``source`` may bring in what it references by asking Stripe:
    its own choice (a backfill page does not), and ``DJSTRIPE_FETCH_MISSING_REFERENCES``."""
    return source.fetch_missing and djstripe_settings.fetch_missing_references()


def check_object(model: type[StripeModel], data: Any) -> Any:
    """The concrete model for ``data``, or :class:`InvalidStripeDataError` naming the problem."""
    if data.__class__ is not dict and not isinstance(data, Mapping):
        raise InvalidStripeDataError(
            f"{model.__name__}.sync_from_stripe_data() needs a Stripe object (a dict or a "
            f"StripeObject), not {type(data).__name__}."
        )
    object_name = data.get("object")
    concrete = model
    if object_name not in _accepted(model):
        named = registry.model_for_object(object_name) if isinstance(object_name, str) else None
        if named is not None and issubclass(named, model):
            concrete = named
        elif object_name is not None:
            raise InvalidStripeDataError(
                f"{model.__name__} mirrors Stripe {model.stripe_object!r} objects, but the data "
                f"is a {object_name!r} object (id {data.get('id')!r})."
            )
    stripe_id = data.get("id")
    if not isinstance(stripe_id, str) or not stripe_id:
        raise InvalidStripeDataError(
            f"The {object_name or model.stripe_object!r} data for {model.__name__} has no 'id'."
        )
    return concrete


@functools.cache
def _accepted(model: type[StripeModel]) -> tuple[str, ...]:
    """The ``object`` values ``model`` mirrors itself."""
    return (model.stripe_object, *model.stripe_object_aliases)


@functools.cache
def _id_limit(model: type[StripeModel]) -> int:
    """The longest id ``model``'s ``id`` column holds (0: any)."""
    return stored_field(model._meta.get_field("id")).max_length or 0


def check_id(model: type[StripeModel], stripe_id: str) -> str:
    """``stripe_id`` if ``model``'s ``id`` column can hold it whole, else
    :class:`InvalidStripeDataError`: an id is never cut (a cut id names another object)."""
    limit = _id_limit(model)
    if stripe_id not in mapping.NOT_IDS and (not limit or len(stripe_id) <= limit):
        return stripe_id
    field = model._meta.get_field("id")
    if stripe_id in mapping.NOT_IDS:
        raise InvalidStripeDataError(f"{stripe_id!r} is not a {model.stripe_object!r} id.")
    raise InvalidStripeDataError(
        f"The {model.stripe_object!r} id {stripe_id[:40]!r}... ({len(stripe_id)} characters) "
        f"cannot be stored: {model.__name__} ids hold at most {field.max_length}."
    )
