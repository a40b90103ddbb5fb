"""Deterministic ids, names and addresses for generated accounts."""

from __future__ import annotations

import random

from ..ids import ALPHANUMERIC, LEAD_THREE_PREFIXES, SHORT_PREFIXES, random_text

DAY = 86400
HEX = "0123456789ABCDEF"
FIRST_NAMES = (
    "Ada",
    "Alan",
    "Grace",
    "Linus",
    "Barbara",
    "Ken",
    "Margaret",
    "Dennis",
    "Frances",
    "John",
    "Radia",
    "Tim",
    "Sophie",
    "Guido",
    "Katherine",
    "Edsger",
    "Hedy",
    "Donald",
    "Annie",
    "Niklaus",
    "Joan",
    "Claude",
    "Lynn",
    "Mary",
)
LAST_NAMES = (
    "Lovelace",
    "Turing",
    "Hopper",
    "Torvalds",
    "Liskov",
    "Thompson",
    "Hamilton",
    "Ritchie",
    "Allen",
    "Backus",
    "Perlman",
    "Lee",
    "Wilson",
    "Rossum",
    "Johnson",
    "Dijkstra",
    "Lamarr",
    "Knuth",
    "Easley",
    "Wirth",
    "Clarke",
    "Shannon",
    "Conway",
)
CITIES = (
    ("San Francisco", "CA", "94107"),
    ("New York", "NY", "10001"),
    ("Austin", "TX", "73301"),
    ("Seattle", "WA", "98101"),
    ("Chicago", "IL", "60601"),
    ("Boston", "MA", "02108"),
    ("Denver", "CO", "80202"),
    ("Portland", "OR", "97201"),
)
CARDS = (
    ("visa", "4242"),
    ("visa", "1881"),
    ("mastercard", "4444"),
    ("mastercard", "5100"),
    ("amex", "8431"),
    ("discover", "1117"),
)


class Namer:
    """Ids shaped like Stripe's, drawn from a caller's random generator."""

    def __init__(self, rng: random.Random, fragment: str) -> None:
        self.rng = rng
        self.fragment = fragment

    def id(self, prefix: str) -> str:
        if prefix in SHORT_PREFIXES:
            return f"{prefix}_{random_text(self.rng, 14)}"
        lead = "3" if prefix in LEAD_THREE_PREFIXES else "1"
        return f"{prefix}_{lead}{random_text(self.rng, 5)}{self.fragment}{random_text(self.rng, 8)}"

    def text(self, length: int, alphabet: str = ALPHANUMERIC) -> str:
        return random_text(self.rng, length, alphabet)

    def request(self) -> dict[str, str]:
        key = "-".join(random_text(self.rng, n, "0123456789abcdef") for n in (8, 4, 4, 4, 12))
        return {"id": f"req_{random_text(self.rng, 14)}", "idempotency_key": key}

    def address(self) -> dict[str, str | None]:
        city, state, postal_code = self.rng.choice(CITIES)
        return {
            "city": city,
            "country": "US",
            "line1": f"{self.rng.randint(1, 999)} Main St",
            "line2": None,
            "postal_code": postal_code,
            "state": state,
        }


def empty_list(url: str) -> dict[str, object]:
    return {"object": "list", "data": [], "has_more": False, "total_count": 0, "url": url}


def list_of(data: list, url: str, limit: int = 10) -> dict[str, object]:
    """An embedded list as Stripe shows it: the first ``limit`` items and ``has_more``."""
    return {
        "object": "list",
        "data": data[:limit],
        "has_more": len(data) > limit,
        "total_count": len(data),
        "url": url,
    }
