"""Complete a plan before writing: page long child lists, learn what is stored,
fetch referenced objects that are missing, and settle same-second ties.

This is the only phase that talks to Stripe, and it runs before the write
transaction opens, so no database lock is held across a network call.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import stripe

from .. import stripe_api
from .burial import covers
from .outcome import Decision
from .plan import Item, Plan, fetches, mapping_table
from .rows import Related, RowState, states
from .source import Verdict, decide, is_terminal, mode_conflict, tie_winner

if TYPE_CHECKING:
    from ..models.base import StripeModel

logger = logging.getLogger(__name__)
#: Refusals to write data of one mode over rows of the other (see ``source``, rule 1).
security_logger = logging.getLogger("djstripe.sync.security")

#: Rounds of fetching references of fetched objects before giving up.
MAX_ROUNDS = 8
#: Decisions after which nothing of the object is written (nor of its embedded children).
_NOT_WRITTEN = frozenset({Decision.SKIP, Decision.GONE, Decision.REFUSED})


class Resolver:
    def __init__(self, plan: Plan, *, using: str = "default") -> None:
        self.plan = plan
        self.using = using
        self.known: dict[tuple[Any, str], RowState] = {}
        self.tombstones: dict[str, RowState] = {}
        self.looked_up: set[tuple[Any, str]] = set()
        self.attempted: set[tuple[Any, str]] = set()
        self.dangling: set[tuple[Any, str]] = set()
        self.rereads: list[tuple[Item, str]] = []
        """Items whose state could not be settled: (item, reason) to queue for a re-read."""
        self.related = Related(children={}, links={})
        """Children and many-to-many targets stored for the plan's parents (one lookup)."""
        self.related_asked: set[tuple[str, Any, str, str]] = set()
        self.unlinked: list[tuple[Item, Any]] = []
        """(item, reference) written as NULL, its target neither stored nor in the plan
        (filled in by the write; the caller may link them later)."""

    # ---- the loop ----
    def run(self) -> None:
        for _ in range(MAX_ROUNDS):
            progressed = False
            if self.plan.pending_lists:
                # Stored stamps first: a stale parent's list is not paged, and a parent
                # tied with its row is re-read before paging, so only the re-read's list
                # is paged (not also the list of the copy it replaces).
                self._lookup()
                progressed = self._settle_ties()
            progressed |= self._page_lists()
            self._lookup()
            progressed |= self._fetch_missing()
            progressed |= self._settle_ties()
            if not progressed:
                break
        self._decide()

    def buried(self, item: Item) -> bool:
        """Whether a tombstone covers ``item``: the same object, deleted for good. Data of
        an object created after the deleted one (a coupon code used again), or of the
        other mode, is another object."""
        tombstone = self.tombstones.get(item.stripe_id)
        return tombstone is not None and covers(
            tombstone.object_created,
            item.data,
            deleted_mode=tombstone.livemode,
            mode=item.mode if item.model.mode_scoped else None,
        )

    def exists(self, model: type[StripeModel], stripe_id: str) -> bool:
        return self.exists_key((mapping_table(model), stripe_id))

    def exists_key(self, key: tuple[Any, str]) -> bool:
        """:meth:`exists` of a (table, Stripe id) key (``Item.key``, ``Reference.key``)."""
        item = self.plan.items.get(key)
        if item is None and key[1] in self.tombstones:
            return False
        if item is not None and item.decision != Decision.REFUSED:  # refused: stays as stored
            return item.decision not in (Decision.GONE, Decision.DELETE)
        return key in self.known

    def missing(self, model: type[StripeModel], stripe_id: str) -> bool:
        """Whether nothing is known of the object: not stored, not in the plan, not deleted."""
        key = (mapping_table(model), stripe_id)
        return (
            key not in self.known
            and key not in self.plan.items
            and stripe_id not in self.tombstones
        )

    def refuses(self, item: Item, state: RowState | None) -> bool:
        """Whether ``item``'s data is of the other mode than its stored row (rule 1)."""
        return (
            state is not None
            and item.model.mode_scoped
            and mode_conflict(state.livemode, item.mode)
        )

    def verdict(self, item: Item, state: RowState) -> Verdict:
        """``write``, ``skip`` or ``tie``: ``item``'s data against its stored row."""
        model = item.model
        return decide(
            stored_stamp=state.stamp,
            stored_source=state.stamp_source,
            incoming=item.source,
            stored_floor=state.floor,
            stored_terminal=is_terminal(
                model.terminal_statuses,
                status=state.status,
                deleted=state.deleted and model.deletion == "soft",
            ),
            incoming_terminal=item.terminal,
        )

    # ---- steps ----
    def _page_lists(self) -> bool:
        pending, self.plan.pending_lists = self.plan.pending_lists, []
        for entry in pending:
            parent, spec = entry.parent, entry.spec
            if self._stale(parent):
                # Older than the stored row (an event replayed late): nothing of it will
                # be written, so its list is not worth a request.
                embedded = list(entry.embedded.get("data") or [])
                self.plan.add_children(parent, spec, embedded, complete=False)
                continue
            path = stripe_api.path(spec.nested_path, id=parent.stripe_id)
            try:
                children = stripe_api.rest_of_list(
                    entry.embedded,
                    path,
                    api_key=parent.source.api_key,
                    stripe_account=parent.source.stripe_account,
                )
                complete = True
            except stripe.StripeError as error:
                logger.warning("Could not page %s: %s", path, error)
                children = list(entry.embedded.get("data") or [])
                complete = False
                self.rereads.append((parent, f"incomplete list {spec.key}"))
            self.plan.add_children(parent, spec, children, complete=complete)
        return bool(pending)

    def _not_written(self, item: Item) -> bool:
        """Whether nothing of ``item`` will be written, as far as the stored rows already
        say: it (or the object whose snapshot it is part of) is stale or refused."""
        current: Item | None = item
        while current is not None:
            if self._stale(current):
                return True
            current = current.parent
        return False

    def _stale(self, item: Item) -> bool:
        """Whether the stored row (or a tombstone) is newer than ``item``'s data."""
        if self.buried(item):
            return True
        state = self.known.get(item.key)
        if state is None:
            return False
        return self.refuses(item, state) or self.verdict(item, state) == Verdict.SKIP

    def _lookup(self) -> None:
        wanted: dict[Any, set[str]] = {}
        looked_up = self.looked_up
        for item in self.plan:
            key = item.key
            if key not in looked_up:
                wanted.setdefault(key[0], set()).add(key[1])
            for ref in item.references:
                ref_key = ref.key
                if ref_key not in looked_up:
                    wanted.setdefault(ref_key[0], set()).add(ref_key[1])
        children = self._related_wanted(
            "c", ((p.model, p.parent_field, p.parent) for p in self.plan.prunes)
        )
        links = self._related_wanted(
            "l", ((m.parent.model, m.field_name, m.parent) for m in self.plan.many_to_many)
        )
        if not wanted and not children and not links:
            return
        found, tombstones = states(
            wanted, using=self.using, children=children, links=links, related=self.related
        )
        self.tombstones.update(tombstones)
        for model, ids in wanted.items():
            rows = found.get(model, {})
            for stripe_id in ids:
                self.looked_up.add((model, stripe_id))
                if stripe_id in rows:
                    self.known[(model, stripe_id)] = rows[stripe_id]

    def _related_wanted(self, kind: str, entries: Any) -> dict[tuple[Any, str], set[str]]:
        """Parents whose stored children (``c``) or many-to-many sets (``l``) are not known
        yet: asked in the same statement as the rows' states, so pruning and replacing
        sets cost no query when nothing is stored to change."""
        wanted: dict[tuple[Any, str], set[str]] = {}
        for model, field_name, parent in entries:
            key = (kind, model, field_name, parent.stripe_id)
            if key not in self.related_asked:
                self.related_asked.add(key)
                wanted.setdefault((model, field_name), set()).add(parent.stripe_id)
        return wanted

    def _fetch_missing(self) -> bool:
        progressed = False
        for item in list(self.plan):
            stale: bool | None = None  # asked only of an item with a reference to fetch
            for ref in item.references:
                key = ref.key
                if key in self.plan.items or key in self.known or key in self.attempted:
                    continue
                if ref.stripe_id in self.tombstones:
                    continue
                fetchable = fetches(item.source) and _can_fetch(ref.target)
                if fetchable:
                    if stale is None:
                        stale = self._not_written(item)
                    if stale:
                        # A stale snapshot: what it references is not worth a request
                        # (left unattempted for a fresher item naming it too).
                        continue
                self.attempted.add(key)
                if not fetchable:
                    self.dangling.add(key)
                    continue
                fetched = self._fetch(ref.target, ref.stripe_id, item)
                if fetched is None:
                    self.dangling.add(key)
                    continue
                data, stamp = fetched
                self.plan.add(ref.target, data, source=item.source.read_at(stamp), top_level=True)
                progressed = True
        return progressed

    def _fetch(
        self, model: type[StripeModel], stripe_id: str, referrer: Item
    ) -> tuple[dict, int] | None:
        try:
            return model.fetch_for_reference(
                stripe_id,
                api_key=referrer.source.api_key,
                stripe_account=referrer.source.stripe_account,
            )
        except stripe.InvalidRequestError as error:
            if getattr(error, "http_status", None) != 404:
                self.rereads.append((referrer, f"could not fetch {stripe_id}: {error}"))
            logger.info("Reference %s of %s not fetched: %s", stripe_id, referrer.stripe_id, error)
        except stripe.StripeError as error:
            logger.warning(
                "Reference %s of %s not fetched: %s", stripe_id, referrer.stripe_id, error
            )
            self.rereads.append((referrer, f"could not fetch {stripe_id}"))
        except Exception as error:  # noqa: BLE001 - e.g. no API key configured
            logger.warning(
                "Reference %s of %s not fetched: %s", stripe_id, referrer.stripe_id, error
            )
        return None

    def _settle_ties(self) -> bool:
        progressed = False
        for item in list(self.plan):
            if self.plan.items.get(item.key) is not item:
                continue  # discarded with a parent replaced by its re-read
            state = self.known.get(item.key)
            if state is None or item.source.kind != "event" or item.reread:
                continue
            if self.refuses(item, state) or self.verdict(item, state) != Verdict.TIE:
                continue
            item.reread = True
            if not _can_fetch(item.model):
                continue
            try:
                data, stamp = item.model.fetch_for_reference(
                    item.stripe_id,
                    api_key=item.source.api_key,
                    stripe_account=item.source.stripe_account,
                )
            except stripe.StripeError as error:
                if getattr(error, "http_status", None) == 404:
                    data = {
                        "id": item.stripe_id,
                        "object": item.model.stripe_object,
                        "deleted": True,
                    }
                    stamp = max(item.source.stamp, state.stamp)
                else:
                    self.rereads.append((item, "same-second events; API unreachable"))
                    continue
            self.plan.discard(item)
            replacement = self.plan.add(
                item.model,
                data,
                source=item.source.read_at(max(stamp, item.source.stamp)),
                parent=item.parent,
                top_level=True,
            )
            if replacement is not None:
                replacement.reread = True
            progressed = True
        return progressed

    def _decide(self) -> None:
        for item in self.plan:
            self._decide_item(item)
        for item in self.plan:
            if item.decision == Decision.REFUSED:
                self._log_refused(item)

    def _log_refused(self, item: Item) -> None:
        state = self.known.get(item.key)
        security_logger.warning(
            "Refused to write %s %s: the data is %s, the mirrored row is %s; data of one "
            "mode never touches the other mode's rows (source=%s event=%s).",
            item.model.__name__,
            item.stripe_id,
            mode_name(item.mode),
            mode_name(state.livemode if state else None),
            item.source.kind,
            item.source.event_id or "-",
        )

    def _decide_item(self, item: Item) -> Decision:
        if item.decision:
            return item.decision
        if item.parent is not None and self._decide_item(item.parent) in _NOT_WRITTEN:
            item.decision = Decision.SKIP  # part of a stale (or refused) snapshot of its parent
            return item.decision
        if self.buried(item):
            item.decision = Decision.GONE
            return item.decision
        state = self.known.get(item.key)
        if self.refuses(item, state):
            item.decision = Decision.REFUSED  # data of one mode never touches the other's rows
            return item.decision
        if item.deleted:
            item.decision = Decision.DELETE  # a deletion is the newest state of an object
            return item.decision
        if state is None:
            item.decision = Decision.INSERT
            return item.decision
        verdict = self.verdict(item, state)
        if verdict == Verdict.TIE:
            verdict = (
                Verdict.WRITE
                if tie_winner(stored_source=state.stamp_source, incoming=item.source)
                else Verdict.SKIP
            )
            self.rereads.append((item, "same-second events"))
        if verdict == Verdict.SKIP:
            item.decision = Decision.SKIP
        elif state.data_hash and state.data_hash == item.data_hash() and not state.deleted:
            item.decision = Decision.UNCHANGED
        else:
            item.decision = Decision.UPDATE
        return item.decision


def _can_fetch(model: type[StripeModel]) -> bool:
    return callable(getattr(model, "fetch_for_reference", None)) and bool(model.api_path)


def mode_name(mode: bool | None) -> str:
    if mode is None:
        return "of unknown mode"
    return "live mode" if mode else "test mode"
