"""Request counts per route template and per status, for tests and benchmarks."""

from __future__ import annotations

import threading


class RequestCounter:
    """Thread-safe counts of API requests (control endpoints are not counted)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        with self._lock:
            self._by_route: dict[str, int] = {}
            self._by_status: dict[str, int] = {}
            self._total = 0
            self._seconds = 0.0

    def add(self, route: str, status: int, seconds: float) -> None:
        with self._lock:
            self._total += 1
            self._by_route[route] = self._by_route.get(route, 0) + 1
            key = str(status)
            self._by_status[key] = self._by_status.get(key, 0) + 1
            self._seconds += seconds

    def by_route(self) -> dict[str, int]:
        with self._lock:
            return dict(sorted(self._by_route.items()))

    def by_status(self) -> dict[str, int]:
        with self._lock:
            return dict(sorted(self._by_status.items()))

    @property
    def total(self) -> int:
        with self._lock:
            return self._total

    def stats(self) -> dict[str, object]:
        """The JSON served at ``GET /__double/stats``."""
        with self._lock:
            return {
                "total": self._total,
                "by_route": dict(sorted(self._by_route.items())),
                "by_status": dict(sorted(self._by_status.items())),
                "server_seconds": round(self._seconds, 4),
            }
