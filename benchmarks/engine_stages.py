"""The sync engine's CPU per object, stage by stage, without HTTP (prints figures; not a test).

    python benchmarks/engine_stages.py record -n 2000 pages.pickle   # backfill once, keep pages
    python benchmarks/engine_stages.py replay pages.pickle [--profile]

``record`` runs a backfill against the Stripe API double and keeps every page the
engine was handed (the model's own lists and the per-parent lists). ``replay`` writes
them again, in the same order, into a fresh SQLite file, timing each stage of every
page with the process's CPU clock:

* plan: Stripe data -> items (mapping, references, children);
* resolve: stored states looked up, decisions made;
* encode: the stored JSON text and its hash (``Item.encoded``/``data_hash``);
* write: row assembly, parameters and the SQL upserts, in one transaction.

Replaying the same pages makes runs comparable under load: no network, no double.
"""

from __future__ import annotations

import argparse
import os
import pickle
import sys
import tempfile
import time
from collections import defaultdict
from typing import Any

import _databases
from _double import start_double
from backfill import configure


def record(customers: int, path: str) -> None:
    double, url = start_double(customers, 1, "--delivery-mode", "manual")
    try:
        with tempfile.TemporaryDirectory() as tmp:
            configure(url, os.path.join(tmp, "record.sqlite3"))
            from djstripe.sync import engine
            from djstripe.sync.backfill import backfill

            calls: list[tuple[Any, ...]] = []
            sync_page, sync_children = engine.sync_page, engine.sync_children

            def page(model: Any, objects: Any, **kwargs: Any) -> Any:
                objects = [engine.stripe_api.as_data(o) for o in objects]
                calls.append(("page", model._meta.label, pickle.dumps(objects), kwargs["source"]))
                return sync_page(model, objects, **kwargs)

            def children(parent: Any, lists: Any, spec: Any, **kwargs: Any) -> Any:
                lists = {k: [engine.stripe_api.as_data(o) for o in v] for k, v in lists.items()}
                calls.append(
                    ("children", parent._meta.label, pickle.dumps(lists), kwargs["source"], spec)
                )
                return sync_children(parent, lists, spec, **kwargs)

            lists: dict[str, Any] = {}
            rest_of_list = engine.stripe_api.rest_of_list

            def rest(embedded: Any, path: str, **kwargs: Any) -> Any:
                found = lists[path] = rest_of_list(embedded, path, **kwargs)
                return found

            engine.sync_page, engine.sync_children = page, children  # type: ignore[assignment]
            engine.stripe_api.rest_of_list = rest  # type: ignore[assignment]
            backfill(rate=0)
            platform = engine.stripe_api.platform_account()[1]
            calls.append(("lists", platform, pickle.dumps(lists)))
    finally:
        double.terminate()
        double.wait(timeout=30)
    with open(path, "wb") as out:
        pickle.dump(calls, out)
    print(f"recorded {len(calls)} pages into {path}")


def replay(path: str, profile: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        configure("http://127.0.0.1:9", os.path.join(tmp, "replay.sqlite3"))
        with open(path, "rb") as source:
            calls = pickle.load(source)  # noqa: S301 - our own recording
        from django.apps import apps

        from djstripe import stripe_api
        from djstripe.sync import registry
        from djstripe.sync.engine import _children_plan, _db, with_owner
        from djstripe.sync.plan import Plan
        from djstripe.sync.resolve import Resolver
        from djstripe.sync.write import write

        _, platform, recorded = calls.pop()
        lists = pickle.loads(recorded)  # noqa: S301 - our own recording
        stripe_api.platform_account = lambda api_key=None: (None, platform)
        stripe_api.rest_of_list = lambda embedded, path, **kwargs: lists[path]
        stages: dict[str, float] = defaultdict(float)
        objects = 0
        profiler = None
        if profile:
            import cProfile

            profiler = cProfile.Profile(time.process_time)
            profiler.enable()
        started = time.process_time()
        for call in calls:
            model = apps.get_model(call[1])
            payload = pickle.loads(call[2])  # noqa: S301 - our own recording
            source = with_owner(call[3])
            clock = time.process_time()
            if call[0] == "page":
                plan = Plan(source)
                for data in payload:
                    plan.add(model, data, top_level=True)
                using = _db(model)
            else:
                spec = call[4]
                plan = _children_plan(model, payload, spec, source, True)
                using = _db(registry.model_by_name(spec.model) or model)
            stages["plan"] += time.process_time() - clock
            clock = time.process_time()
            resolver = Resolver(plan, using=using)
            resolver.run()
            stages["resolve"] += time.process_time() - clock
            clock = time.process_time()
            for item in plan:
                item.data_hash()
            stages["encode"] += time.process_time() - clock
            clock = time.process_time()
            outcome = write(plan, resolver, using=using, after_sync=False)
            stages["write"] += time.process_time() - clock
            objects += sum(outcome.created.values()) + sum(outcome.updated.values())
            objects += sum(outcome.unchanged.values())
        total = time.process_time() - started
        if profiler is not None:
            import pstats

            profiler.disable()
            stats = pstats.Stats(profiler, stream=sys.stdout)
            stats.sort_stats("tottime").print_stats(35)
            stats.sort_stats("cumulative").print_stats(35)
    per = 1e6 / max(objects, 1)
    print(f"{len(calls)} pages, {objects:,} objects written, {total:.2f} CPU-s")
    for name, seconds in stages.items():
        print(f"  {name:8} {seconds * per:7.1f} µs/object")
    print(f"  {'total':8} {total * per:7.1f} µs/object")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    rec = sub.add_parser("record")
    rec.add_argument("-n", "--customers", type=int, default=2000)
    rec.add_argument("path")
    rep = sub.add_parser("replay")
    rep.add_argument("path")
    rep.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    if args.command == "record":
        record(args.customers, args.path)
    else:
        replay(args.path, args.profile)


if __name__ == "__main__":
    _databases.KINDS  # noqa: B018 - imported for configure()
    main()
