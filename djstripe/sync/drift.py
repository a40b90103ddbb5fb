"""Drift: does the mirror hold what Stripe holds? Compare, cheaply, and optionally repair.

:func:`check_drift` is what ``manage.py djstripe_check_drift`` runs::

    from djstripe.sync.drift import check_drift

    report = check_drift(["Customer", "Invoice"], sample=1000)
    print(report.text())

For every (model, account, mode) it reads Stripe's list endpoint in pages of 100 (one
request per 100 objects) and compares, without writing anything:

* **missing**: objects Stripe lists that the mirror lacks;
* **stale**: rows whose data differs from Stripe's and is older than the listing
  (``djstripe_stamp``; a row a webhook wrote during the check is not stale);
* **extra**: rows within the stretch of time the pages covered (by ``created``) that
  Stripe did not list, older than the listing: deleted upstream.

``sample=N`` reads ``ceil(N/100)`` pages per partition: the newest page, then pages
ending at ``created`` values picked at random among the mirrored rows, so old and new
objects are both checked. ``sample=None`` reads every page (and counts exactly).
``repair=True`` then syncs what differs (:mod:`.drift_repair`).
"""

from __future__ import annotations

import datetime
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import stripe
from django.db import router

from .. import stripe_api
from ..api_keys import livemode_of_key
from . import drift_repair, partitions, pruning, refusals, scopes
from .backfill import _rate as backfill_rate  # the backfill's request budget, shared
from .drift_report import DriftReport, PartitionDrift
from .partitions import LIST, Partition, Scope
from .run_options import resolve_api_keys

__all__ = ["DriftReport", "check_drift"]

PAGE_SIZE = stripe_api.MAX_PAGE_SIZE
#: Default objects compared per partition.
DEFAULT_SAMPLE = 1000


def check_drift(
    models: Sequence[str | type] | None = None,
    api_keys: Sequence[str] | None = None,
    *,
    sample: int | None = DEFAULT_SAMPLE,
    repair: bool = False,
    seed: int | None = None,
    rate: float | None = None,
    account: str | None = None,
) -> DriftReport:
    """Compare the mirror of ``models`` (default: every listed model) with Stripe.

    * ``api_keys``: default, every secret key in the database and in settings.
    * ``sample``: objects compared per partition (pages of 100); None: every object.
    * ``repair``: sync what differs afterwards (the only writes).
    * ``seed``: fixes the sample's random pick (repeatable checks).
    * ``rate``: requests per second (default: as the backfill; 0: no limit).
    * ``account``: the platform account of restricted keys that may not read it.
    """
    if sample is not None and sample < 1:
        raise ValueError(f"sample={sample!r}: give a number of objects (1 or more), or None.")
    chosen = [partitions.model_named(m) if isinstance(m, str) else m for m in models or ()]
    keys = resolve_api_keys(api_keys)
    report = DriftReport(sample=sample)
    rng = random.Random(seed)
    with stripe_api.limit(backfill_rate(rate, keys)), stripe_api.counting() as counter:
        reached = _scopes(keys, account, report)
        selection = partitions.select(chosen or None)
        checks = []
        for part in partitions.partitions(selection, reached):
            if part.kind != LIST:
                continue  # lists read per parent: one request per parent, not checked
            check = _Check(part, sample, rng)
            report.partitions.append(check.run())
            checks.append(check)
        if repair:
            report.repair = drift_repair.repair(checks)
    # Partitions and the repair count their own requests.
    report.requests = counter.total + sum(p.requests for p in report.partitions)
    report.requests += report.repair.requests if report.repair else 0
    return report


def _scopes(keys: Sequence[str], account: str | None, report: DriftReport) -> list[Scope]:
    """Each key's platform and connected accounts, read without writing them."""
    found: dict[tuple[str, bool], Scope] = {}
    for key in keys:
        livemode = livemode_of_key(key) is True
        platform = scopes.platform_id(key, account)
        if platform is None or (platform, livemode) in found:
            continue
        connected: list[str] = []
        try:
            for page in stripe_api.pages("/v1/accounts", api_key=key):
                connected.extend(o["id"] for o in page.objects if o.get("id") != platform)
        except (stripe.PermissionError, stripe.InvalidRequestError) as error:
            report.notes.append(f"Connected accounts not listed: {refusals.describe(error)}.")
        found[(platform, livemode)] = Scope(key, platform, livemode, tuple(connected))
    return scopes.disjoint(list(found.values()))


@dataclass
class Listed:
    """One page as compared: its objects, Stripe time, and the ``created`` stretch it covers."""

    objects: list[dict[str, Any]]
    stamp: int
    upper: int | None
    """Objects created at or before this (None: the newest)."""
    lower: int | None
    """Objects created after this (None: the list's end was reached)."""


class _Check:
    """One partition: list pages, compare each with the rows of its stretch of time."""

    def __init__(self, part: Partition, sample: int | None, rng: random.Random) -> None:
        self.part = part
        self.model = part.model
        self.sample = sample
        self.rng = rng
        self.using = router.db_for_write(part.model)
        self.rows = pruning.mirrored(part.model, part.account, part.livemode, using=self.using)
        self.result = PartitionDrift(part.model_name, part.account, part.livemode)
        self._includable = frozenset(
            field.removeprefix("data.") for field in part.model.list_expand or ()
        )
        self.data: dict[str, tuple[dict[str, Any], int]] = {}
        """Stripe's data (and its time) of the missing and stale objects, for a repair."""
        self.seen: set[str] = set()
        """Ids compared already (sampled pages may overlap)."""
        self.first_stamp: int | None = None
        self.extra_stamp: int | None = None
        """Stripe time of the first listing, less a second: extra rows were absent then."""

    def run(self) -> PartitionDrift:
        result = self.result
        result.extras_checked = getattr(self.model, "list_holds_all", True)
        with stripe_api.counting() as counter:
            try:
                result.mirrored = self.rows.count()
                if self.sample is None:
                    self._everything()
                else:
                    self._sampled()
            except stripe.StripeError as error:
                result.error = refusals.describe(error)
        result.requests = counter.total
        return result

    # ---- reading ----
    def _params(self, upper: int | None) -> dict[str, Any]:
        params: dict[str, Any] = dict(self.model.list_params)
        if self.model.list_expand:
            params["expand"] = list(self.model.list_expand)
        if upper is not None:
            params["created"] = {"lte": upper}
        return params

    def _pages(self, upper: int | None = None) -> Any:
        return stripe_api.pages(
            self.model.api_list_path(),
            self._params(upper),
            api_key=self.part.api_key,
            stripe_account=self.part.stripe_account,
            page_size=PAGE_SIZE,
        )

    def _everything(self) -> None:
        for page in self._pages():
            if self.first_stamp is None:
                self.first_stamp = page.stamp - 1
            self._compare(Listed(page.objects, page.stamp, None, None), extras=False)
        self.result.listed = len(self.seen)
        self._unlisted(self.seen)

    def _sampled(self) -> None:
        assert self.sample is not None
        windows = math.ceil(self.sample / PAGE_SIZE)
        if not getattr(self.model, "list_created_filter", True):
            self._newest(windows)
            return
        first = next(self._pages())
        self._window(first, None)
        if not first.has_more:
            self.result.listed = len(first.objects)  # the whole list: counted exactly
            return
        for anchor in self._anchors(windows - 1):
            self._window(next(self._pages(anchor)), anchor)

    def _window(self, page: stripe_api.Page, upper: int | None) -> None:
        """Compare one page read back from ``created <= upper`` (None: the newest)."""
        created = [o["created"] for o in page.objects if isinstance(o.get("created"), int)]
        lower = min(created) if page.has_more and created else None
        self._compare(Listed(page.objects, page.stamp, upper, lower), extras=True)

    def _newest(self, windows: int) -> None:
        """A list that cannot be bounded by ``created``: its first pages. Extra rows are
        known only if those pages hold the whole list."""
        for index, page in enumerate(self._pages()):
            if self.first_stamp is None:
                self.first_stamp = page.stamp - 1
            self._compare(Listed(page.objects, page.stamp, None, None), extras=False)
            if not page.has_more:
                self.result.listed = len(self.seen)
                self._unlisted(self.seen)
                return
            if index + 1 >= windows:
                break
        self.result.extras_checked = False

    def _unlisted(self, seen: set[str]) -> None:
        if self.result.extras_checked and self.first_stamp is not None:
            for chunk in pruning.unlisted(
                self.model, self.part.account, self.part.livemode, seen, self.first_stamp
            ):
                self.result.extra.extend(chunk)

    def _anchors(self, count: int) -> list[int]:
        """``created`` of rows picked at random (one query each), newest first."""
        total = self.result.mirrored
        if total <= PAGE_SIZE or count <= 0:
            return []
        picks = sorted(self.rng.sample(range(PAGE_SIZE, total), min(count, total - PAGE_SIZE)))
        ordered = self.rows.filter(created__isnull=False).order_by("-created", "-id")
        found = []
        for offset in picks:
            moment = ordered.values_list("created", flat=True)[offset : offset + 1].first()
            if moment is not None:
                found.append(int(moment.timestamp()))
        return sorted(set(found), reverse=True)

    # ---- comparing ----
    def _compare(self, listed: Listed, *, extras: bool) -> None:
        result = self.result
        if self.extra_stamp is None:
            self.extra_stamp = listed.stamp - 1
        listed_ids = {o["id"] for o in listed.objects if isinstance(o.get("id"), str)}
        # Sampled pages may overlap: each object is compared once.
        by_id = {o["id"]: o for o in listed.objects if o.get("id") in listed_ids - self.seen}
        self.seen |= listed_ids
        stored = {
            row[0]: row[1:]
            for row in self.model._base_manager.using(self.using)
            .filter(id__in=list(by_id))
            .values_list("id", "stripe_data", "djstripe_stamp", *_deleted_flag(self.model))
        }
        for stripe_id, data in by_id.items():
            result.compared += 1
            row = stored.get(stripe_id)
            if row is None:
                result.missing.append(stripe_id)
            elif _differs(data, row, self._includable) and row[1] < listed.stamp:
                result.stale.append(stripe_id)
            else:
                continue
            self.data[stripe_id] = (data, listed.stamp)
        if extras and result.extras_checked:
            result.extra.extend(self._extras(listed, listed_ids))

    def _extras(self, listed: Listed, ids: set[str]) -> list[str]:
        """Rows of the page's stretch of ``created`` that the page did not hold."""
        start = listed.stamp - 1
        rows = self.rows.filter(djstripe_stamp__lt=start, created__lte=_moment(start))
        if listed.upper is not None:
            rows = rows.filter(created__lte=_moment(listed.upper))
        if listed.lower is not None:
            rows = rows.filter(created__gt=_moment(listed.lower))
        else:
            rows = rows | self.rows.filter(created__isnull=True, djstripe_stamp__lt=start)
        known = set(self.result.extra)
        return [i for i in rows.exclude(id__in=ids).values_list("id", flat=True) if i not in known]


def _deleted_flag(model: Any) -> tuple[str, ...]:
    soft = getattr(model, "soft_delete", None)
    if model.deletion == pruning.DeletionMode.SOFT:
        return (soft.flag if soft else "deleted",)
    return ()


def _differs(data: dict[str, Any], row: tuple[Any, ...], includable: frozenset[str]) -> bool:
    """Whether the listed object differs from the stored one (or the row is marked
    deleted while Stripe lists the object). Expanded objects count as their ids: a
    listing may expand what a webhook's payload did not. A field Stripe sends only when
    asked (``includable``, e.g. a price's ``currency_options``) is compared only where
    the stored object has it: a copy embedded in another object never carries it."""
    if len(row) > 2 and row[2]:
        return True
    stored = row[0] or {}
    if includable and isinstance(stored, dict):
        data = {k: v for k, v in data.items() if k not in includable or k in stored}
    return _comparable(data) != _comparable(stored)


def _comparable(value: Any, top: bool = True) -> Any:
    if isinstance(value, dict):
        if (
            not top
            and isinstance(value.get("id"), str)
            and value.get("object")
            not in (
                None,
                "list",
            )
        ):
            return value["id"]
        return {k: _comparable(v, False) for k, v in value.items()}
    if isinstance(value, list):
        return [_comparable(v, False) for v in value]
    return value


def _moment(epoch: int) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(epoch, tz=datetime.UTC)
