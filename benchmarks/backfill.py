"""Backfill benchmark: ``backfill()`` against the Stripe API double (prints figures; not a test).

    python benchmarks/backfill.py                      # 2,000 customers (~40,000 rows)
    python benchmarks/backfill.py -n 2000 -n 20000     # memory growth between sizes
    python benchmarks/backfill.py -n 200 --resync      # also a second (incremental) run
    python benchmarks/backfill.py --profile            # top functions by cumulative time

Each size runs in a fresh process (so peak memory is its own) on a fresh SQLite file,
against the double serving a generated account from another process (so the double's
CPU is not charged to the run), with the request budget lifted. Figures:

* objects/s: objects written or confirmed (created + updated + unchanged) per second
  of the backfill call;
* API requests per object (every request, retries included, counted by the client);
* SQL statements per object: every ``cursor.execute`` on every connection of the run
  (BEGIN and SAVEPOINT included, as the shared dj-stripe harness counts);
* CPU per object: the run's own process plus its worker processes (``--workers N`` on
  PostgreSQL and MySQL runs partitions in child processes: ``RUSAGE_CHILDREN``, taken
  once they have exited); the database server's CPU is not included;
* peak memory: the process's peak RSS (``ru_maxrss``) and its growth during the run;
* ratios against dj-stripe 2.11 measured by ``../shared/bench`` at 2,000 customers.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import _databases
from _double import start_double

ROOT = Path(__file__).resolve().parent.parent
#: dj-stripe 2.11.0 at 2,000 customers (../shared/bench/README.md).
DJSTRIPE = {"objects_per_s": 196.0, "sql_per_object": 11.4, "api_per_object": 0.27}
TARGETS = {"objects_per_s": 10_000, "sql_per_object": 0.05, "api_per_object": 0.012}


def children_cpu() -> float:
    """CPU seconds of the child processes that have ended (worker processes)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def configure(
    url: str, database: str, wal: bool = False, db: str = "sqlite", migrate: bool = True
) -> None:
    import django
    from django.conf import settings

    options = {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"} if wal else {}
    settings.configure(
        INSTALLED_APPS=[
            "django.contrib.contenttypes",
            "django.contrib.auth",
            "polymorphic",
            "djstripe",
        ],
        DATABASES={"default": _databases.database(db, database, options)},
        MIGRATION_MODULES={"djstripe": None, "auth": None, "contenttypes": None},
        USE_TZ=True,
        DEFAULT_AUTO_FIELD="django.db.models.BigAutoField",
        DEBUG=False,
        SECRET_KEY="bench",
        STRIPE_LIVE_MODE=False,
        STRIPE_API_HOST=url,
        STRIPE_TEST_SECRET_KEY="sk_test_djstripe_double",
        LOGGING_CONFIG=None,
    )
    django.setup()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", run_syncdb=True, verbosity=0)


def create_schema(database: str) -> None:
    """The SQLite file's tables, created by another process (as ``../shared/bench`` does):
    creating them costs this process about 15 MB that stay in its peak, and no sync run
    creates its tables."""
    subprocess.run(  # noqa: S603 - this script, fixed arguments
        [sys.executable, __file__, "--schema", database],
        cwd=ROOT,
        check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


class StatementCounter:
    """Counts every cursor.execute on every connection (worker threads included)."""

    def __init__(self) -> None:
        self.count = 0
        self.kinds: dict[str, int] = {}

    def __call__(self, execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        self.count += 1
        kind = sql.lstrip().split(None, 1)[0].upper() if sql.strip() else "?"
        self.kinds[kind] = self.kinds.get(kind, 0) + 1
        return execute(sql, params, many, context)

    def install(self) -> None:
        from django.db import connections
        from django.db.backends.signals import connection_created

        for connection in connections.all():
            self.attach(connection)
        connection_created.connect(
            lambda sender, connection, **kw: self.attach(connection), weak=False
        )

    def attach(self, connection) -> None:  # type: ignore[no-untyped-def]
        # A connection opened after install() is also announced: count it once.
        if self not in connection.execute_wrappers:
            connection.execute_wrappers.append(self)


def worker(args: argparse.Namespace) -> dict:
    double, url = start_double(args.customers, args.seed, "--delivery-mode", "manual")
    try:
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "bench.sqlite3")
            if args.db == "sqlite":
                create_schema(path)
            configure(url, path, wal=args.wal, db=args.db, migrate=args.db != "sqlite")
            return measure(args)
    finally:
        double.terminate()
        try:
            double.wait(timeout=30)
        except subprocess.TimeoutExpired:
            double.kill()
            double.wait()


def partitions_timer():  # type: ignore[no-untyped-def]
    """A progress that notes when the last partition ended: the rest of the call is the
    end-of-run passes (events catch-up, links, derived links), run once, in one process."""
    from djstripe.sync.progress import Progress

    class Timer(Progress):
        last = 0.0

        def partition_finished(self, part, row, error="", *, skipped=""):  # type: ignore[no-untyped-def]
            self.last = time.perf_counter()

    return Timer()


def measure(args: argparse.Namespace) -> dict:
    from djstripe.sync.backfill import backfill

    counter = StatementCounter()
    counter.install()
    before_rss = rss_mb()
    profile = None
    if args.profile:
        import cProfile

        profile = cProfile.Profile()
        profile.enable()
    timer = partitions_timer()
    started, cpu, child_cpu = time.perf_counter(), time.process_time(), children_cpu()
    report = backfill(rate=0, workers=args.workers, progress=timer)
    ended = time.perf_counter()
    wall, cpu = ended - started, time.process_time() - cpu
    child_cpu = children_cpu() - child_cpu
    if profile is not None:
        profile.disable()
    first = summarise(report, wall, counter.count, counter.kinds, cpu + child_cpu)
    first["parent_cpu_seconds"] = round(cpu, 2)
    first["children_cpu_seconds"] = round(child_cpu, 2)
    first["end_of_run_seconds"] = round(ended - max(timer.last, started), 2)
    result = {
        "customers": args.customers,
        "workers": args.workers,
        "first": first,
        "rss_before_mb": round(before_rss, 1),
        "peak_rss_mb": round(rss_mb(), 1),
    }
    if args.resync:
        counter.count, counter.kinds = 0, {}
        started, cpu, child_cpu = time.perf_counter(), time.process_time(), children_cpu()
        again = backfill(rate=0, workers=args.workers)
        result["second"] = summarise(
            again,
            time.perf_counter() - started,
            counter.count,
            counter.kinds,
            time.process_time() - cpu + children_cpu() - child_cpu,
        )
        result["second"]["written"] = again.total().created + again.total().updated
    if profile is not None:
        import io
        import pstats

        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(45)
        pstats.Stats(profile, stream=out).sort_stats("tottime").print_stats(40)
        if os.environ.get("BENCH_CALLERS"):
            pstats.Stats(profile, stream=out).print_callers(os.environ["BENCH_CALLERS"])
        result["profile"] = out.getvalue()
    return result


def mirrored_rows() -> int:
    """Rows of every mirrored model: the distinct objects the run stored."""
    from django.apps import apps

    return sum(
        model._base_manager.count()
        for model in apps.get_app_config("djstripe").get_models()
        if getattr(model, "stripe_object", "")
        and not model._meta.proxy
        and model._meta.concrete_model is model
        and not model._meta.parents
    )


def summarise(report, wall: float, statements: int, kinds: dict, cpu: float) -> dict:  # type: ignore[no-untyped-def]
    objects = mirrored_rows()
    return {
        "objects": objects,
        "seconds": round(wall, 2),
        "status": report.status,
        "cpu_seconds": round(cpu, 2),
        "objects_per_cpu_s": round(objects / max(cpu, 1e-9), 1),
        "written": report.objects(),
        "objects_per_s": round(objects / wall, 1) if wall else 0.0,
        "requests": report.requests,
        "api_per_object": report.requests / max(objects, 1),
        "statements": statements,
        "sql_per_object": statements / max(objects, 1),
        "sql_kinds": dict(sorted(kinds.items(), key=lambda kv: -kv[1])),
        "errors": [str(e) for e in report.errors][:5],
    }


def run_size(customers: int, args: argparse.Namespace) -> dict:
    command = [
        sys.executable,
        __file__,
        "--worker",
        "-n",
        str(customers),
        "--workers",
        str(args.workers),
        "--seed",
        str(args.seed),
    ]
    command += ["--resync"] if args.resync else []
    command += ["--wal"] if args.wal else []
    command += ["--db", args.db]
    command += ["--profile"] if args.profile else []
    done = subprocess.run(  # noqa: S603 - this script, fixed arguments
        command,
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    if done.returncode:
        raise SystemExit(f"the run of {customers} customers failed:\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def show(results: list[dict]) -> None:
    print(
        f"{'customers':>9} {'workers':>7} {'objects':>8} {'seconds':>8} {'objects/s':>10} "
        f"{'obj/cpu-s':>10} {'µs CPU/obj':>10} {'parent+child CPU s':>18} {'end s':>6} "
        f"{'API/obj':>8} {'SQL/obj':>8} {'peak MB':>8} {'status':>10}"
    )
    for result in results:
        first = result["first"]
        split = f"{first['parent_cpu_seconds']:.1f}+{first['children_cpu_seconds']:.1f}"
        print(
            f"{result['customers']:>9,} {result['workers']:>7} {first['objects']:>8,} "
            f"{first['seconds']:>8.2f} {first['objects_per_s']:>10,.0f} "
            f"{first['objects_per_cpu_s']:>10,.0f} "
            f"{1e6 / max(first['objects_per_cpu_s'], 1e-9):>10,.0f} {split:>18} "
            f"{first['end_of_run_seconds']:>6.1f} "
            f"{first['api_per_object']:>8.4f} {first['sql_per_object']:>8.4f} "
            f"{result['peak_rss_mb']:>8.1f} {first['status']:>10}"
        )
        if "second" in result:
            second = result["second"]
            print(
                f"{'  again':>9} {'':>8} {second['seconds']:>8.2f} {'':>10} {'':>10} "
                f"requests={second['requests']} statements={second['statements']} "
                f"rows written={second['written']}"
            )
    base = next((r for r in results if r["customers"] == 2000), results[0])["first"]
    print()
    print("against dj-stripe 2.11 at 2,000 customers (higher is better):")
    print(
        f"  objects/s   {base['objects_per_s'] / DJSTRIPE['objects_per_s']:6.1f}x "
        f"(target 30x, and >= {TARGETS['objects_per_s']:,}/s)"
    )
    print(
        f"  SQL/object  {DJSTRIPE['sql_per_object'] / max(base['sql_per_object'], 1e-9):6.1f}x "
        f"fewer (target <= {TARGETS['sql_per_object']})"
    )
    print(
        f"  API/object  {DJSTRIPE['api_per_object'] / max(base['api_per_object'], 1e-9):6.1f}x "
        f"fewer (target <= {TARGETS['api_per_object']})"
    )
    if len(results) > 1:
        low, high = results[0], results[-1]
        print(
            f"  peak memory {high['customers']:,} vs {low['customers']:,} customers: "
            f"{high['peak_rss_mb'] / low['peak_rss_mb']:.2f}x (target <= 1.5x)"
        )
    print()
    print("statements by kind (first size):", results[0]["first"]["sql_kinds"])
    print(
        "peak MB before the run (Django set up, djstripe imported): "
        + ", ".join(f"{r['customers']:,}: {r['rss_before_mb']}" for r in results)
    )
    if any(r["workers"] > 1 and r["first"]["children_cpu_seconds"] for r in results):
        print("(worker processes: SQL statements are counted in the parent process only)")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-n", "--customers", type=int, action="append")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--resync", action="store_true", help="time a second run too")
    parser.add_argument(
        "--wal",
        action="store_true",
        help="SQLite in WAL mode with synchronous=NORMAL (default: Django's "
        "defaults, a rollback journal synced at every commit)",
    )
    parser.add_argument("--profile", action="store_true", help="print a cProfile summary")
    parser.add_argument("--db", choices=_databases.KINDS, default="sqlite", help=_databases.__doc__)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--schema", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.schema:
        configure("http://127.0.0.1:9", args.schema)
        return
    sizes = args.customers or [2000]
    if args.worker:
        args.customers = sizes[0]
        print(json.dumps(worker(args)))
        return
    results = [run_size(size, args) for size in sizes]
    for result in results:
        if "profile" in result:
            print(result["profile"])
        for error in result["first"]["errors"]:
            print("error:", error)
    show(results)


if __name__ == "__main__":
    main()
