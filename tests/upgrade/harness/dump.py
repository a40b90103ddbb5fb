"""Write a SQLite database as SQL text (``sqlite3 .dump`` style), gzip-compressed.

    python -m harness.dump DB.sqlite3 OUT.sql.gz

Standard library only. Load it back with ``sqlite3.connect(path).executescript(text)``.
"""

from __future__ import annotations

import gzip
import sqlite3
import sys


def main(argv: list[str]) -> int:
    source, target = argv
    connection = sqlite3.connect(source)
    # mtime=0: the same database gives the same bytes (no noise in git diffs)
    with open(target, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as out:
        for statement in connection.iterdump():
            out.write(f"{statement}\n".encode())
    connection.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
