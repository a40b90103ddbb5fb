"""What a backfill lists: models, their order, and the (model, account) partitions.

Everything here is read from the models' declarations (``listable``, ``api_path``,
``child_lists``, ``parent_field``/``nested_path``), never from per-model code:

* a **list** partition reads ``GET api_path`` for one account, page by page; the
  children a page embeds (invoice lines, subscription items, fee refunds) and the
  objects it expands are written with it;
* a **nested** partition reads a list that hangs off each parent
  (``/v1/products/{id}/features``, ``/v1/customers/{id}/payment_methods``) for the
  parents already mirrored, once the parent's own partition is done.

Partitions are ordered so that what a model references is usually listed before
it (products before prices, customers before invoices); references that still
point ahead (cycles such as ``Invoice.charge`` / ``Charge.invoice``) are linked
after the run (:mod:`.links`).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, cast

from ..models.base import ChildList
from . import registry

if TYPE_CHECKING:
    from django.db.models import Model

    from ..models.base import StripeModel

LIST = "list"
NESTED = "nested"
EVENTS = "events"


@dataclass(frozen=True)
class Scope:
    """An API key and the accounts it reaches: its platform account and the connected ones."""

    api_key: str = field(repr=False)
    platform: str
    livemode: bool
    connected: tuple[str, ...] = ()

    @property
    def accounts(self) -> tuple[str, ...]:
        return (self.platform, *self.connected)


@dataclass(frozen=True)
class NestedSpec:
    """A list read per parent: the parent model, the child model and how to reach it."""

    parent: type[StripeModel]
    child: type[StripeModel]
    spec: ChildList


@dataclass(frozen=True)
class Window:
    """A creation-time range ``[start, end)`` of a list partition (None: open that side).

    The windows of one model cover the whole timeline without overlap (each ends
    where the next starts), so every object is listed by exactly one of them; the
    last one is open, so it also holds objects created during the run.
    """

    start: int | None = None
    end: int | None = None

    @property
    def stored(self) -> str:
        """``SyncCheckpoint.window``: ``"start:end"``, either side empty when open."""
        return f"{'' if self.start is None else self.start}:{'' if self.end is None else self.end}"

    @classmethod
    def parse(cls, stored: str) -> Window | None:
        if not stored:
            return None
        start, _, end = stored.partition(":")
        return cls(int(start) if start else None, int(end) if end else None)

    def params(self) -> dict[str, int]:
        """Stripe's ``created`` list filter for the window."""
        found = {} if self.start is None else {"gte": self.start}
        return found if self.end is None else {**found, "lt": self.end}

    def __str__(self) -> str:
        return f"created {self.stored}"


@dataclass(frozen=True)
class Partition:
    """One model (or one nested list) listed for one account with one key."""

    kind: str
    model: type[StripeModel]
    """The model listed (for a nested partition: the child model)."""
    scope: Scope = field(compare=False)
    account: str
    nested: NestedSpec | None = None
    position: int = 0
    window: Window | None = None
    """The creation-time range of one part of a large model's list (None: all of it)."""

    @property
    def api_key(self) -> str:
        return self.scope.api_key

    @property
    def platform(self) -> str:
        return self.scope.platform

    @property
    def livemode(self) -> bool:
        return self.scope.livemode

    @property
    def stripe_account(self) -> str | None:
        """The ``Stripe-Account`` header: the connected account, or None on the platform."""
        return None if self.account == self.platform else self.account

    @property
    def model_name(self) -> str:
        return self.model.__name__

    @property
    def group(self) -> tuple[str, str, str, bool]:
        """The listing this partition is (part of): a model's list on one account."""
        return (self.kind, self.model_name, self.account, self.livemode)

    @property
    def key(self) -> tuple[str, str, str, bool, str]:
        """What identifies the partition's checkpoint within a run."""
        return (*self.group, self.window.stored if self.window else "")

    def depends_on(self) -> tuple[str, str, str, bool] | None:
        """The listing (:attr:`group`) that must be done first (a nested list's parents)."""
        if self.nested is None:
            return None
        return (LIST, self.nested.parent.__name__, self.account, self.livemode)

    def __str__(self) -> str:
        where = f"{self.model_name} on {self.account}"
        return f"{where} ({self.window})" if self.window else where


@dataclass(frozen=True)
class Selection:
    """The models a run lists, and the nested lists it reads per parent."""

    listed: tuple[Any, ...]
    nested: tuple[NestedSpec, ...] = ()
    required: frozenset[str] = frozenset()
    """Names of the models whose listings the user asked for (those named, and the
    parents that carry a named child): Stripe refusing one of them fails the run, where
    other refusals are skipped (see :mod:`.refusals`)."""


# ---- which models ---------------------------------------------------------------------


def account_model() -> Any:
    return registry.model_by_name("Account")


def listable_models() -> list[Any]:
    """Every model with a list endpoint of its own, except Account (listed first, always)."""
    accounts = account_model()
    seen: set[str] = set()
    found = []
    for model in registry.stripe_models():
        if not (getattr(model, "listable", False) and model.api_path) or model is accounts:
            continue
        if model.api_path in seen:  # two models over one endpoint: list it once
            continue
        seen.add(model.api_path)
        found.append(model)
    return found


def nested_specs() -> list[NestedSpec]:
    """Lists Stripe serves only per parent and never embeds in the parent's page."""
    found: dict[tuple[str, str], NestedSpec] = {}
    for parent in registry.stripe_models():
        for spec in parent.child_lists:
            child = registry.model_by_name(spec.model)
            if child is not None and not spec.embedded and spec.nested_path:
                found[(parent.__name__, child.__name__)] = NestedSpec(parent, child, spec)
    for child in registry.stripe_models():
        declared = _declared_parent(child)
        if declared is None or (declared.parent.__name__, child.__name__) in found:
            continue
        if not _embedded_in(declared.parent, child):
            found[(declared.parent.__name__, child.__name__)] = declared
    return sorted(found.values(), key=lambda n: (n.parent.__name__, n.child.__name__))


def _declared_parent(child: type[StripeModel]) -> NestedSpec | None:
    """A model that names its parent's list (``parent_field`` + ``nested_path``)."""
    parent_field = getattr(child, "parent_field", "")
    path = getattr(child, "nested_path", "")
    if not (parent_field and path) or getattr(child, "listable", False):
        return None
    try:
        parent = child._meta.get_field(parent_field).related_model
    except Exception:  # noqa: BLE001 - a declaration without a matching field
        return None
    if parent is None or not getattr(parent, "stripe_object", ""):
        return None
    spec = ChildList(
        key="",
        model=child.__name__,
        parent_field=parent_field,
        nested_path=path,
        prune=False,  # e.g. a detached payment method still exists
        embedded=False,
    )
    # A model with a stripe_object (checked above) is a StripeModel.
    return NestedSpec(cast("type[StripeModel]", parent), child, spec)


def _embedded_in(parent: type[StripeModel], child: type[Model]) -> bool:
    for spec in parent.child_lists:
        model = registry.model_by_name(spec.model)
        if model is not None and issubclass(child, model) and spec.carried_by_pages(parent):
            return True
    return False


def parents_embedding(child: type[Model]) -> list[Any]:
    """Listable models whose pages embed ``child`` (invoices for LineItem)."""
    found = []
    for parent in listable_models():
        if _embedded_in(parent, child):
            found.append(parent)
    return found


def syncable_names() -> list[str]:
    """Names accepted on the command line, sorted."""
    names = {m.__name__ for m in listable_models()} | {"Account"}
    names |= {n.child.__name__ for n in nested_specs()}
    for model in registry.stripe_models():
        if parents_embedding(model):
            names.add(model.__name__)
    return sorted(names)


def model_named(name: str) -> Any:
    """The syncable model called ``name`` (any case); ``LookupError`` lists the valid names."""
    wanted = name.strip().lower()
    for candidate in syncable_names():
        if candidate.lower() == wanted:
            return registry.model_by_name(candidate)
    raise LookupError(
        f"Unknown model {name!r}. Models that can be synced: {', '.join(syncable_names())}."
    )


def select(models: Sequence[Any] | None = None, *, nested_lists: bool = False) -> Selection:
    """The models to list for ``models`` (None: everything) and the nested lists to read.

    Nested lists declared by their parent (``ChildList(embedded=False)``) are read with
    the parent, as its own sync does. Lists that only the child declares (a customer's
    payment methods: one request per customer) are read when the child is named, or
    with ``nested_lists``.
    """
    everything = not models
    wanted = list(listable_models()) if everything else []
    nested: list[NestedSpec] = []
    specs = nested_specs()
    named = set() if everything else {m.__name__ for m in models or ()}
    required = set(named)
    for model in models or ():
        if model.__name__ == "Account":
            continue
        if model in listable_models():
            wanted.append(model)
            continue
        nested_here = [n for n in specs if n.child is model]
        carriers = [n.parent for n in nested_here] + parents_embedding(model)
        wanted.extend(carriers)
        required.update(carrier.__name__ for carrier in carriers)
        nested.extend(nested_here)
    for spec in specs:
        if spec.parent not in wanted or spec in nested:
            continue
        declared_by_parent = any(s is spec.spec for s in spec.parent.child_lists)
        if declared_by_parent or nested_lists or spec.child.__name__ in named:
            nested.append(spec)
    listed = tuple(dependency_order(dict.fromkeys(wanted)))
    return Selection(listed, tuple(nested), frozenset(required))


# ---- order --------------------------------------------------------------------------


def dependency_order(models: Iterable[Any]) -> list[Any]:
    """``models`` so that each comes after the models it references, where cycles allow."""
    pending = list(models)
    deps = {m: _references(m) & set(pending) - {m} for m in pending}
    ordered: list[Any] = []
    while pending:
        ready = [m for m in pending if not deps[m] - set(ordered)]
        if not ready:  # a cycle: take the model fewest others still wait for
            ready = [min(pending, key=lambda m: (len(deps[m] - set(ordered)), m.__name__))]
        for model in sorted(ready, key=lambda m: m.__name__):
            ordered.append(model)
            pending.remove(model)
    return ordered


@functools.cache
def _references(model: type[StripeModel]) -> frozenset[Any]:
    """Listable models that ``model`` (or a child it embeds) belongs to.

    Only foreign keys with a reverse relation count (``price.product``: a product's
    ``prices``). A key declared without one (``related_name="+"``, such as a product's
    ``default_price`` or a PaymentIntent's ``latest_charge``) is a pointer, not
    ownership: ordering by it would put children before their parents, so such a
    reference may wait for its target and is linked after the partitions.
    """
    targets: set[Any] = set()
    sources = [model]
    for spec in model.child_lists:
        child = registry.model_by_name(spec.model)
        if child is not None:
            sources.append(child)
    for source in sources:
        for f in source._meta.concrete_fields:
            if not f.is_relation or f.related_model is None or f.name == "djstripe_owner_account":
                continue
            if str(getattr(f.remote_field, "related_name", None) or "").endswith("+"):
                continue
            targets |= _listed_as(f.related_model)
    return frozenset(targets)


def _listed_as(target: type[Model]) -> set[Any]:
    listable = listable_models()
    if target in listable:
        return {target}
    return set(parents_embedding(target))


def partitions(selection: Selection, scopes: Sequence[Scope]) -> list[Partition]:
    """Every partition of the run, in the order workers should take them.

    Each (kind, model, account, mode) once, with the first scope that reaches the
    account, even if several scopes list it (one checkpoint per partition and run)."""
    result: dict[tuple[str, str, str, bool, str], Partition] = {}
    for rank, model in enumerate(selection.listed):
        for scope in scopes:
            for account in dict.fromkeys(scope.accounts):
                part = Partition(LIST, model, scope, account, position=rank)
                result.setdefault(part.key, part)
    base = len(selection.listed)
    for offset, nested in enumerate(selection.nested):
        for scope in scopes:
            for account in dict.fromkeys(scope.accounts):
                part = Partition(NESTED, nested.child, scope, account, nested, base + offset)
                result.setdefault(part.key, part)
    return list(result.values())


# ---- creation-time ranges ---------------------------------------------------------------

#: Where a timeline starts when the account's creation is unknown (Stripe's launch).
EARLIEST = 1_293_840_000


def split_by_created(
    parts: Sequence[Partition], ranges: int, *, now: int, starts: dict[str, int]
) -> list[Partition]:
    """Split the list partition of every model declared ``list_split`` into ``ranges``
    creation-time windows (1 or less: no split), so several workers share its listing.

    The windows cut the time from the listing's oldest object (``starts``, by
    :func:`listing_label`; Stripe's launch when unknown) to ``now`` into equal spans; the
    first is open before, the last open after, so together they cover every possible
    ``created``.
    """
    if ranges <= 1:
        return list(parts)
    result: list[Partition] = []
    for part in parts:
        if not splittable(part):
            result.append(part)
            continue
        start = starts.get(listing_label(part), EARLIEST)
        for window in windows(start, now, ranges):
            result.append(replace(part, window=window))
    return result


def splittable(part: Partition) -> bool:
    """Whether the partition is a whole listing of a model declared ``list_split``."""
    return part.kind == LIST and part.window is None and getattr(part.model, "list_split", False)


def listing_label(part: Partition) -> str:
    """A listing (model, account, mode) as text: the key of its timeline's start."""
    return f"{part.model_name}|{part.account}|{'live' if part.livemode else 'test'}"


def windows(start: int, end: int, ranges: int) -> list[Window]:
    """``ranges`` windows covering every time: equal spans between ``start`` and ``end``."""
    start = min(start, end - ranges)
    cuts = [start + (end - start) * i // ranges for i in range(1, ranges)]
    bounds: list[int | None] = [None, *cuts, None]
    return [Window(bounds[i], bounds[i + 1]) for i in range(ranges)]
