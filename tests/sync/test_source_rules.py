"""The freshness rule of ``djstripe.sync.source`` as pure functions, case by case."""

from __future__ import annotations

import pytest

from djstripe.sync.source import Source, age_floor, decide, mode_conflict


@pytest.mark.parametrize(
    ("stored", "incoming", "conflict"),
    [
        (None, True, False),  # a row of unknown mode takes either mode
        (None, None, False),
        (True, True, False),
        (True, False, True),
        (False, True, True),
        (True, None, True),  # data of unknown mode never touches a row of known mode
    ],
)
def test_mode_conflict(stored: bool | None, incoming: bool | None, conflict: bool) -> None:
    assert mode_conflict(stored, incoming) is conflict


def event(stamp: int, event_id: str = "evt_b") -> Source:
    return Source.event(event_id, stamp)


GIVEN = Source(kind="given", stamp=5000)


@pytest.mark.parametrize(
    ("stored", "incoming", "verdict"),
    [
        # rule 2: final states, whatever the stamps
        ({"stored_terminal": True}, {"incoming": event(9000)}, "skip"),
        ({}, {"incoming": event(1), "incoming_terminal": True}, "write"),
        ({"stored_terminal": True}, {"incoming": event(1), "incoming_terminal": True}, "skip"),
        # rule 3: known ages
        ({}, {"incoming": event(3000)}, "write"),
        ({}, {"incoming": event(1000)}, "skip"),
        # rule 3: a row of unknown age blocks nothing since its floor
        ({"stored_floor": 500}, {"incoming": event(1000)}, "write"),
        ({"stored_floor": 500}, {"incoming": event(400)}, "skip"),
        ({"stored_floor": 500}, {"incoming": GIVEN}, "write"),
        # rule 4: the same second
        ({}, {"incoming": Source.api(2000)}, "write"),
        ({}, {"incoming": event(2000)}, "tie"),
        ({"stored_source": "evt_b"}, {"incoming": event(2000)}, "write"),
    ],
)
def test_decide(stored: dict, incoming: dict, verdict: str) -> None:
    arguments = {"stored_stamp": 2000, "stored_source": "", **stored, **incoming}
    assert decide(**arguments) == verdict


def test_the_floor_of_data_of_unknown_age_is_its_created() -> None:
    assert age_floor(GIVEN, {"created": 1234}) == 1234
    assert age_floor(GIVEN, {"created": True}) == 0
    assert age_floor(Source.api(5000), {"created": 1234}) is None
