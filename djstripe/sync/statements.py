"""Bounding the memory SQLite's prepared statements hold during a long run.

Python's ``sqlite3`` keeps the last 128 distinct statements of a connection prepared
(``cached_statements``). The engine's batch statements are large: a 100-row upsert of a
wide table with its indexes compiles to about 0.3-1.5 MB, and pages of children
(invoice lines, subscription items) or unlinked references give a new statement text
for almost every page, since their row counts differ. Measured on the backfill
benchmark (2,000 customers), those cached statements held 35-50 MB, a third of the
process's peak memory, while only a quarter of them was ever used twice.

:func:`trim` drops them once a connection holds more than :data:`KEPT` (called
between pages, so a page's own statements are reused within it). The statements that
every page runs again (the full page's upsert and look-ups) are then prepared once
per :data:`KEPT` new texts instead of once per run: about 3 ms each, per trim.

The standard library gives no public way to empty that cache; it is the
``functools.lru_cache`` the connection holds (CPython 3.11-3.14). Where it cannot be
found (another interpreter, another driver), nothing is trimmed.

A prepared statement is thousands of small C allocations, made between Python's own.
Freed, they leave holes that the C allocator keeps for later rather than return, so a
long run's resident memory crept up with its pages (a 20,000-customer run peaked at
86.5-86.6 MB, a 2,000-customer one at 82.9). After dropping statements, :func:`trim`
asks glibc to give free pages back (``malloc_trim``): 84.4-85.2 MB at 20,000
customers then (82.6 since the tasks framework loads on first use), for 46 calls and
42 ms of CPU in a 2,000-customer run. Elsewhere (musl, macOS, Windows) that call does
not exist and is skipped.
"""

from __future__ import annotations

import ctypes
import functools
import gc
from collections.abc import Callable
from typing import Any

from django.db import connections

#: Distinct statements a connection keeps prepared before they are all dropped.
KEPT = 12

_LRU_WRAPPER = type(functools.lru_cache(maxsize=1)(lambda: None))


def trim(using: str, *, keep: int = KEPT) -> bool:
    """Drop the prepared statements of ``using``'s connection (this thread's) if it holds
    more than ``keep``; return whether it did. Any database but SQLite: nothing."""
    connection = connections[using]
    if connection.vendor != "sqlite" or connection.connection is None:
        return False
    cache = statement_cache(connection.connection)
    if cache is None or cache.cache_info().currsize <= keep:
        return False
    cache.cache_clear()  # statements a cursor still holds stay valid until it lets go
    release = _malloc_trim()
    if release is not None:
        release(0)
    return True


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim`` (returns the heap's free pages to the system), or None."""
    try:
        found: Any = getattr(ctypes.CDLL(None), "malloc_trim", None)
    except (OSError, TypeError):  # no C library to open by that name (Windows)
        return None
    if found is not None:
        found.argtypes, found.restype = [ctypes.c_size_t], ctypes.c_int
    return found


def statement_cache(raw: Any) -> Any | None:
    """The statement cache of a ``sqlite3.Connection`` (None if it cannot be found)."""
    for referent in gc.get_referents(raw):
        if isinstance(referent, _LRU_WRAPPER):
            return referent
    return None
