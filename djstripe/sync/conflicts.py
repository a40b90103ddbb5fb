"""Transactions the database gave up on because of a concurrent one, and trying again.

Two writers that lock the same rows in a different order deadlock, and the database
breaks the cycle by failing one of them (PostgreSQL ``40P01``, MySQL/MariaDB 1213);
a serializable or lock-timed-out transaction fails the same way (``40001``, 1205).
Nothing about the data is wrong: the same transaction, run again from its start,
succeeds. The engine orders its writes (tables by name, rows by Stripe id) so that
this is rare, and :func:`retrying` runs a whole transaction again when it happens.

Only a transaction of its own can be retried: inside a caller's ``atomic`` block the
caller's transaction is already lost, so the error is raised to the caller.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from typing import TypeVar

from django.db import DatabaseError, connections

T = TypeVar("T")

logger = logging.getLogger(__name__)

#: SQLSTATEs of a transaction the database rolled back to break a conflict.
TRANSIENT_SQLSTATES = frozenset({"40P01", "40001"})
#: MySQL/MariaDB error numbers of the same: deadlock found; lock wait timeout.
TRANSIENT_MYSQL_ERRORS = frozenset({1213, 1205})

#: Runs of one transaction before the conflict is raised.
MAX_ATTEMPTS = 6
#: Back-off before the n-th retry: up to BASE * 2**n seconds (full jitter), capped.
BASE_DELAY = 0.02
MAX_DELAY = 1.0


def is_transient(error: BaseException) -> bool:
    """Whether ``error`` is a transaction failed by a concurrent one (worth running again)."""
    for cause in _chain(error):
        code = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
        if code in TRANSIENT_SQLSTATES:
            return True
        args = getattr(cause, "args", ())
        if (
            type(cause).__module__.startswith(("MySQLdb", "pymysql"))
            and args
            and args[0] in TRANSIENT_MYSQL_ERRORS
        ):
            return True
    return False


def delay(retry: int, *, rng: Callable[[], float] = random.random) -> float:
    """Seconds to wait before retry number ``retry`` (0-based): full jitter."""
    return rng() * min(MAX_DELAY, BASE_DELAY * (2**retry))


def retrying(
    run: Callable[[], T],
    *,
    using: str,
    attempts: int = MAX_ATTEMPTS,
    before_retry: Callable[[], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
    rng: Callable[[], float] = random.random,
) -> T:
    """``run()`` (one transaction of its own on ``using``), run again while it fails on a
    conflict with a concurrent transaction; ``before_retry`` undoes what the failed run
    changed outside the database."""
    for retry in range(attempts):
        try:
            return run()
        except DatabaseError as error:
            last = retry == attempts - 1
            if last or not is_transient(error) or connections[using].in_atomic_block:
                raise
            logger.info("Transaction failed on a concurrent one (%s); running it again", error)
        if before_retry is not None:
            before_retry()
        sleep(delay(retry, rng=rng))
    raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises


def _chain(error: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in seen and len(seen) < 8:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen
