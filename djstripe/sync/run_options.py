"""What a run lists, and with which keys: stored on its :class:`SyncRun`, so that a
resumed run continues exactly that run.

Keys are never stored: each is kept as what identifies it (a SHA-256 fingerprint, and
its masked form for messages) and found again at resume among the keys the project
knows (``APIKey`` rows, settings) and the keys given. A key that is no longer there
stops the resume with a message naming it masked.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from ..api_keys import all_api_keys, mask_key, validate_secret_key
from ..exceptions import DjstripeError, ImproperlyConfiguredError
from . import checkpoints, partitions
from .state import SyncRun


class RunMismatchError(DjstripeError, ValueError):
    """``resume`` was asked with models, keys or options other than the run's own."""


@dataclass(frozen=True)
class RunOptions:
    """Everything that decides what a run lists (and how fast)."""

    models: tuple[Any, ...] = ()
    """Model classes named (empty: every model)."""
    api_keys: tuple[str, ...] = ()
    since: int | None = None
    full: bool = False
    nested_lists: bool = False
    rate: float | None = None
    account: str | None = None
    """The platform account of keys that may not read it (restricted keys), if given."""
    ranges: int = 0
    """Creation-time windows per large listing (0: none); a resumed run keeps its own."""

    def stored(self) -> dict[str, Any]:
        """``SyncRun.options`` (JSON; keys as fingerprints)."""
        return {
            "since": self.since,
            "full": self.full,
            "nested_lists": self.nested_lists,
            "rate": self.rate,
            "account": self.account,
            "ranges": self.ranges,
            "api_keys": [
                {"fingerprint": fingerprint(k), "masked": mask_key(k)} for k in self.api_keys
            ],
        }

    @property
    def model_names(self) -> list[str]:
        return [model.__name__ for model in self.models]

    def selection(self) -> partitions.Selection:
        return partitions.select(list(self.models), nested_lists=self.nested_lists)


def fingerprint(key: str) -> str:
    """What identifies a key without revealing it (a key has over 100 bits of entropy)."""
    return hashlib.sha256(f"djstripe-api-key:{key}".encode()).hexdigest()


def resolve_api_keys(api_keys: Sequence[str] | None = None) -> list[str]:
    """The keys to sync, validated and de-duplicated (default: database, then settings)."""
    given = list(api_keys or []) or all_api_keys()
    keys: list[str] = []
    for key in given:
        validate_secret_key(key)  # InvalidAPIKeyError names the key masked
        if key not in keys:
            keys.append(key)
    if not keys:
        raise ImproperlyConfiguredError(
            "No Stripe secret key to sync with: add an APIKey in the admin, set "
            "STRIPE_TEST_SECRET_KEY / STRIPE_LIVE_SECRET_KEY, or pass api_keys."
        )
    return keys


def open_run(
    requested: RunOptions, given_keys: Sequence[str] | None, *, resume: bool, notes: list[str]
) -> tuple[SyncRun, RunOptions]:
    """The run to work on (the interrupted one with ``resume``, else a new one) and its
    options. ``requested.api_keys`` is ignored: ``given_keys`` (None: every known key)."""
    run = checkpoints.resumable_run() if resume else None
    if resume and run is None:
        notes.append("No interrupted run to resume: starting a new one.")
    if run is None:
        options = replace(requested, api_keys=tuple(resolve_api_keys(given_keys)))
        run = checkpoints.start_run(options.model_names, options.stored())
        return run, options
    options = restored(run, requested, given_keys, notes)
    checkpoints.reopen(run)
    notes.append(f"Resuming run {run.pk} (started {run.started:%Y-%m-%d %H:%M}).")
    return run, options


def restored(
    run: SyncRun, requested: RunOptions, given_keys: Sequence[str] | None, notes: list[str]
) -> RunOptions:
    """The options ``run`` started with; refuse a request for anything else."""
    stored = run.options or {}
    models = tuple(partitions.model_named(name) for name in run.model_names)
    named = sorted(requested.model_names)
    _same(run, "models", named, sorted(run.model_names), bool(requested.models))
    _same(run, "since", requested.since, stored.get("since"), requested.since is not None)
    _same(run, "full", requested.full, bool(stored.get("full")), requested.full)
    nested = bool(stored.get("nested_lists"))
    _same(run, "nested lists", requested.nested_lists, nested, requested.nested_lists)
    _same(run, "account", requested.account, stored.get("account"), bool(requested.account))
    rate = requested.rate if requested.rate is not None else stored.get("rate")
    return RunOptions(
        models=models,
        api_keys=tuple(_keys_of(run, stored, given_keys, notes)),
        since=stored.get("since"),
        full=bool(stored.get("full")),
        nested_lists=nested,
        rate=rate,
        account=stored.get("account"),
        ranges=int(stored.get("ranges") or 0),  # the run's windows, whatever --workers is now
    )


def _same(run: SyncRun, what: str, asked: Any, kept: Any, given: bool) -> None:
    if given and asked != kept:
        raise RunMismatchError(
            f"Run {run.pk} was started with {what} {_shown(kept)}, not {_shown(asked)}: "
            "resume it without naming other ones, or start a new run (without resume)."
        )


def _shown(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value) or "(every model)"
    return str(value)


def _keys_of(
    run: SyncRun, stored: dict[str, Any], given: Sequence[str] | None, notes: list[str]
) -> list[str]:
    """The run's keys, found again by fingerprint among the known and the given keys."""
    wanted = stored.get("api_keys")
    if wanted is None:  # a run stored before keys were recorded
        notes.append(f"Run {run.pk} did not record its keys: using the keys known now.")
        return resolve_api_keys(given)
    candidates = [validate_secret_key(k) for k in given or ()]
    if given:
        masked = [entry["masked"] for entry in wanted]
        asked = sorted(fingerprint(k) for k in dict.fromkeys(candidates))
        if asked != sorted(entry["fingerprint"] for entry in wanted):
            raise RunMismatchError(
                f"Run {run.pk} was started with the keys {', '.join(masked)}: resume it "
                "without naming other keys, or start a new run (without resume)."
            )
    by_fingerprint = {fingerprint(k): k for k in [*candidates, *all_api_keys()]}
    missing = [e["masked"] for e in wanted if e["fingerprint"] not in by_fingerprint]
    if missing:
        raise ImproperlyConfiguredError(
            f"Run {run.pk} was started with the key(s) {', '.join(missing)}, no longer in "
            "the database (APIKey) or settings: add them back (or give them again) to "
            "resume, or start a new run."
        )
    return [by_fingerprint[e["fingerprint"]] for e in wanted]
