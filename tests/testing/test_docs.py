"""Every Python example of docs/testing.md runs, as written.

A block is run as a script; the ``test_*`` functions it defines are then
called with the pytest fixtures their parameters name.  A block preceded by
``<!-- docs-test: django -->`` needs pytest-django (and may use the database: its
test is marked ``django_db``, so the test database exists even when this module
runs alone). No block is skipped.
"""

from __future__ import annotations

import importlib.util
import inspect
import re
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parents[2] / "docs" / "testing.md"
BLOCK = re.compile(
    r"(?:<!-- docs-test: (?P<mark>[^>]*?) -->\n)?```python\n(?P<code>.*?)```", re.DOTALL
)


HAS_PYTEST_DJANGO = importlib.util.find_spec("pytest_django") is not None


def examples() -> list:
    text = DOC.read_text(encoding="utf-8")
    found = []
    for match in BLOCK.finditer(text):
        line = text.count("\n", 0, match.start("code")) + 1
        mark = match.group("mark") or ""
        marks = [pytest.mark.django_db] if mark == "django" and HAS_PYTEST_DJANGO else []
        found.append(pytest.param(match.group("code"), mark, id=f"line-{line}", marks=marks))
    return found


@pytest.mark.parametrize(("code", "mark"), examples())
def test_example(code: str, mark: str, request: pytest.FixtureRequest) -> None:
    if mark.startswith("skip"):
        pytest.skip(mark)
    if mark == "django" and not request.config.pluginmanager.hasplugin("django"):
        pytest.skip("needs pytest-django")
    namespace: dict = {"__name__": "docs_example"}
    exec(compile(code, str(DOC), "exec"), namespace)  # noqa: S102 (our own documentation)
    for name, function in list(namespace.items()):
        if name.startswith("test_") and callable(function):
            arguments = {
                parameter: request.getfixturevalue(parameter)
                for parameter in inspect.signature(function).parameters
            }
            function(**arguments)


def test_every_example_is_found_and_none_is_skipped() -> None:
    found = examples()
    assert len(found) >= 13
    assert [p.values[1] for p in found if p.values[1] not in ("", "django")] == []
