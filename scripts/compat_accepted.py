"""Deliberate differences from dj-stripe 2.11, keyed as ``scripts/compat_report.py`` names them.

Each entry says why; each is documented in ``docs/migrating.md`` ("What differs").
"""

ACCEPTED: dict[str, str] = {}
