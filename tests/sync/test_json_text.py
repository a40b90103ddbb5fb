"""``djstripe.json_text``: orjson where it gives json's exact result, json where it would not."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from typing import Any

import pytest

from djstripe.json_text import encode_sorted, parse
from tests.conftest import EXAMPLES


def _json_text(data: Any) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), default=str)


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_every_published_example_encodes_as_the_json_module_did(name: str) -> None:
    assert encode_sorted(EXAMPLES[name]) == _json_text(EXAMPLES[name])


@pytest.mark.parametrize(
    "data",
    [
        {"b": "Zoë", "a": "日本語", "c": "😀 and 𝄞"},
        {"s": '\u2028\u2029\x7f\x00\x1f\n"\\/'},
        {"big": 2**70, "neg": -(2**64), "ok": 2**63},
        {1: "a non-string key"},
        {"when": datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)},
        {"day": datetime.date(2024, 1, 2), "amount": Decimal("1.50")},
        {"nested": [{"z": 1, "y": [True, False, None, 1.5, -0.0, 1e300]}]},
        [],
        "text",
    ],
)
def test_unusual_data_encodes_as_the_json_module_did(data: Any) -> None:
    assert encode_sorted(data) == _json_text(data)


@pytest.mark.parametrize(
    "body",
    [
        b'{"a": 18446744073709551617, "b": -9223372036854775809}',
        b'{"a": 1234567890123456789012345678901234567890}',
        b'{"a": NaN}',
        b'{"a": "\\ud800"}',
        '{"a": "Zoë"}'.encode(),
        b'{"a": 1.5, "b": [1, 2, {"c": null}]}',
    ],
)
def test_parse_reads_what_json_reads(body: bytes) -> None:
    parsed = parse(body)
    expected = json.loads(body)
    assert repr(parsed) == repr(expected)


def test_parse_refuses_what_is_not_json() -> None:
    with pytest.raises(ValueError):
        parse(b"<html>Bad gateway</html>")
