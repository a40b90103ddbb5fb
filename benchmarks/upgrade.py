"""dj-stripe database conversion benchmark: ``migrate`` on a dj-stripe 2.11 SQLite file.

    python benchmarks/upgrade.py ~/.cache/djstripe-bench/work-djstripe-2000/main.sqlite3
    python benchmarks/upgrade.py DB --scale 10          # also a copy ten times larger
    python benchmarks/upgrade.py DB --repeat 3          # medians of three runs

The database is one that dj-stripe itself filled: ``../shared/bench/compare.sh 2000``
leaves one behind (about 40,000 rows). ``--scale K`` makes a K times larger copy by
repeating every object under new ids (every Stripe id in ids, references and data gets
the same suffix, every ``djstripe_id`` the same offset, so each copy is a whole,
consistent account; the account itself is shared). Each run converts a fresh copy in its
own ``manage.py migrate djstripe`` process and prints:

* **rows**: rows of dj-stripe's tables;
* **convert s**: the conversion's own time (printed by the migration), and rows/s;
* **migrate s**: the whole command (Django start-up and the migration plan included);
* **CPU s**: user + system time of that process; **peak MB**: its peak resident memory.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: A Stripe id (prefix, underscore, letters and digits, at least one of them a digit or a
#: capital: "payment_intent" is an object name), not an account's.
STRIPE_ID = re.compile(r"\b((?!acct_)[a-z]{2,10}(?:_[a-z]+)?_(?=[a-z]*[A-Z0-9])[A-Za-z0-9]{4,})\b")
#: Tables whose rows are configuration of the site, not objects: not repeated.
NOT_REPEATED = {
    "djstripe_account",
    "djstripe_apikey",
    "djstripe_webhookendpoint",
    "djstripe_idempotencykey",
}


def count_rows(database: Path) -> int:
    with sqlite3.connect(database) as connection:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name LIKE 'djstripe_%'"
            )
        ]
        return sum(connection.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables)


def scale(source: Path, target: Path, times: int) -> None:
    """``target``: ``source`` with every object repeated ``times`` times in all."""
    shutil.copyfile(source, target)
    connection = sqlite3.connect(target)
    tables = [
        name
        for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name LIKE 'djstripe_%'"
        )
        if name not in NOT_REPEATED
    ]
    offset = 1 + max(_max_key(connection, t) for t in tables)
    for table in tables:
        columns = [row[1] for row in connection.execute(f'PRAGMA table_info("{table}")')]
        keys = {  # (references into tables that are not repeated keep their value)
            row[3]: row[4]
            for row in connection.execute(f'PRAGMA foreign_key_list("{table}")')
            if row[2] not in NOT_REPEATED
        }
        pk = next(row[1] for row in connection.execute(f'PRAGMA table_info("{table}")') if row[5])
        rows = connection.execute(f'SELECT * FROM "{table}"').fetchall()
        for copy in range(1, times):
            suffix = f"x{copy}"
            placeholders = ", ".join("?" * len(columns))
            connection.executemany(
                f'INSERT INTO "{table}" VALUES ({placeholders})',
                [_repeat(row, columns, keys, pk, offset * copy, suffix) for row in rows],
            )
    connection.commit()
    connection.close()


def _max_key(connection: sqlite3.Connection, table: str) -> int:
    info = list(connection.execute(f'PRAGMA table_info("{table}")'))
    pk = next((row[1] for row in info if row[5]), None)
    value = connection.execute(f'SELECT MAX("{pk}") FROM "{table}"').fetchone()[0]
    return value if isinstance(value, int) else 0


def _repeat(row, columns, keys, pk, shift, suffix):
    values = []
    for column, value in zip(columns, row, strict=True):
        if value is None:
            values.append(None)
        elif (
            isinstance(value, int)
            and not isinstance(value, bool)
            and (column == pk or column in keys)
        ):
            values.append(value + shift)  # a djstripe_id, or a key holding one
        elif isinstance(value, str) and (column == pk or column in keys or column == "id"):
            values.append(value if value.startswith("acct_") else value + suffix)
        elif isinstance(value, str) and value[:1] in "{[":
            values.append(STRIPE_ID.sub(lambda m: m.group(1) + suffix, value))
        elif column == "djstripe_uuid":
            values.append(os.urandom(16).hex())
        else:
            values.append(value)
    return values


def convert(database: Path) -> dict[str, float]:
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="tests.settings",
        DJSTRIPE_SQLITE_PATH=str(database),
        DJSTRIPE_DEBUG="0",  # DEBUG keeps every statement in memory
    )
    env.pop("DJSTRIPE_TEST_DB", None)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "manage.py", "migrate", "djstripe"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(result.stdout + result.stderr)
    match = re.search(r"rows kept in ([\d.]+) s", result.stdout)
    return {
        "convert": float(match.group(1)) if match else float("nan"),
        "migrate": wall,
        "cpu": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
        "peak": after.ru_maxrss / 1024.0,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("database", type=Path, help="a dj-stripe 2.10/2.11 SQLite file")
    parser.add_argument(
        "--scale",
        type=int,
        action="append",
        default=[],
        help="also a copy this many times larger (repeatable)",
    )
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="djstripe-upgrade-bench-"))
    print(
        f"{'size':>6} {'rows':>9} {'convert s':>10} {'rows/s':>8} {'migrate s':>10} "
        f"{'CPU s':>7} {'peak MB':>8}"
    )
    try:
        for times in [1, *args.scale]:
            source = args.database
            if times > 1:
                source = work / f"x{times}.sqlite3"
                scale(args.database, source, times)
            rows = count_rows(source)
            runs = []
            for _ in range(args.repeat):
                copy = work / "run.sqlite3"
                shutil.copyfile(source, copy)
                runs.append(convert(copy))
            med = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
            print(
                f"{'x' + str(times):>6} {rows:>9,} {med['convert']:>10.2f} "
                f"{rows / med['convert']:>8,.0f} {med['migrate']:>10.2f} {med['cpu']:>7.2f} "
                f"{med['peak']:>8.1f}",
                flush=True,
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
