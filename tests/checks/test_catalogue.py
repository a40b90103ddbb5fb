"""The list of check ids: complete, tested, and never reusing a reserved id."""

from __future__ import annotations

import re
from pathlib import Path

from djstripe import api_version_checks, checks, deploy_checks

MODULES = (checks, api_version_checks, deploy_checks)
SOURCE = "\n".join(Path(module.__file__).read_text() for module in MODULES)
TESTS = "\n".join(path.read_text() for path in Path(__file__).parent.glob("test_*.py"))


def _reserved() -> set[str]:
    docstring = checks.__doc__ or ""
    return set(re.findall(r"^\s+(djstripe\.[CEWI]\d{3})\s", docstring, re.MULTILINE))


def test_every_emitted_id_is_listed():
    emitted = set(re.findall(r'id="(djstripe\.[CEWI]\d{3})"', SOURCE))
    assert emitted == set(checks.CHECKS)


def test_every_listed_id_has_a_test():
    untested = [check_id for check_id in checks.CHECKS if f'"{check_id}"' not in TESTS]
    assert untested == []


def test_reserved_ids_are_not_emitted():
    reserved = _reserved()
    assert "djstripe.E003" in reserved
    assert reserved.isdisjoint(checks.CHECKS)


def test_ids_follow_djangos_levels():
    for check_id in checks.CHECKS:
        assert re.fullmatch(r"djstripe\.[EWI]\d{3}", check_id)
