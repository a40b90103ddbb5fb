"""JSON text fast (orjson) and exact (the ``json`` module wherever orjson would differ).

Two jobs, both on the backfill's hot path:

* :func:`parse`: Stripe's response bytes into Python data. orjson reads an integer
  beyond 64 bits as a *float* (silently losing digits), so a body with a run of 19 or
  more digits anywhere is read by ``json`` instead, as is anything orjson refuses
  (``NaN``, lone surrogates); what ``json`` refuses raises ``ValueError``.
* :func:`encode_sorted`: data into the text stored as ``stripe_data`` and hashed for
  change detection. The text is the one ``json.dumps(data, sort_keys=True,
  separators=(",", ":"), ensure_ascii=True, default=str)`` made before orjson, so the
  hashes stored by earlier versions still match and a resync after upgrading finds
  unchanged objects unchanged. orjson writes non-ASCII characters as UTF-8; they are
  escaped back to ``\\uXXXX`` here (only for texts that hold any). Integers beyond
  64 bits, non-string keys and types JSON has no notation for go through ``json``.
"""

from __future__ import annotations

import codecs
import json
from typing import Any

import orjson

#: Every digit as ``0``, every other byte as ``x``: 19 zeros in a row then mark a number
#: orjson may not hold (it keeps at most 64 bits). A translate and a find run at C speed,
#: where a regular expression would cost twice orjson's own parse.
_DIGITS_ONLY = bytes(0x30 if 0x30 <= byte <= 0x39 else 0x78 for byte in range(256))
_LONG_NUMBER = b"0" * 19
_OPTIONS = orjson.OPT_SORT_KEYS | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS


class _NotNativeError(TypeError):
    """A value orjson would write differently from ``json.dumps(default=str)``."""


def parse(body: bytes | str) -> Any:
    """The JSON value of ``body`` (``ValueError`` if it is not JSON)."""
    raw = body.encode() if isinstance(body, str) else body
    if raw.translate(_DIGITS_ONLY).find(_LONG_NUMBER) < 0:
        try:
            return orjson.loads(raw)
        except orjson.JSONDecodeError:
            pass  # json decides: it reads NaN and lone surrogates, or raises the error
    return json.loads(body)


def _refuse(value: Any) -> Any:
    raise _NotNativeError(type(value).__name__)


def encode_sorted(data: Any) -> str:
    """``data`` as compact JSON text with sorted keys, ASCII only (see the module doc)."""
    try:
        text = orjson.dumps(data, default=_refuse, option=_OPTIONS).decode()
    except TypeError:  # orjson.JSONEncodeError too: big integers, non-str keys, others
        return _encode_with_json(data)
    if not text.isascii():
        text = text.encode("ascii", _ESCAPE_ERRORS).decode("ascii")
    if "\x7f" in text:  # ASCII, but escaped by ``ensure_ascii`` all the same
        text = text.replace("\x7f", "\\u007f")
    return text


def _encode_with_json(data: Any) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), default=str)


def _escape(error: UnicodeError) -> tuple[str, int]:
    """The characters ASCII cannot hold, as ``json``'s ``ensure_ascii`` writes them
    (UTF-16 units, lower-case hex); called by the codec once per run of them."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    escaped = []
    for character in error.object[error.start : error.end]:
        code = ord(character)
        if code <= 0xFFFF:
            escaped.append(f"\\u{code:04x}")
        else:
            code -= 0x10000
            escaped.append(f"\\u{0xD800 | (code >> 10):04x}\\u{0xDC00 | (code & 0x3FF):04x}")
    return "".join(escaped), error.end


#: The codec error handler that escapes (encoding stays in C between non-ASCII runs).
_ESCAPE_ERRORS = "djstripe.json_text.escape"
codecs.register_error(_ESCAPE_ERRORS, _escape)

__all__ = ["encode_sorted", "parse"]
