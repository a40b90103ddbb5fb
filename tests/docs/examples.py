"""Find the code examples of a docs page and run them, in order, as a reader would.

* A ```` ```python ```` block runs in the page's namespace (shared by its blocks, so
  a later block may use what an earlier one defined). The namespace starts with
  what the test gives it (a ``user``, a ``request``, a ``price``...).
* A block titled ``settings.py`` (```` ```python title="settings.py" ````) runs on its
  own; its ``STRIPE_*``/``DJSTRIPE_*`` names are applied to Django's settings for the
  rest of the page, and djstripe's system checks must report no error with them.
* A block titled ``urls.py`` runs on its own and must route djstripe's webhook URL.
* In ```` ```bash ```` blocks, each ``python manage.py djstripe_...`` or ``... check``
  line runs the command. Other lines (``pip install``, ``migrate``, a worker) are not run.
* ``<!-- docs-test: skip REASON -->`` before a block leaves it out (say why).
"""

from __future__ import annotations

import re
import shlex
import sys
import types
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core import checks
from django.core.management import call_command
from django.urls import clear_url_caches, reverse

DOCS = Path(__file__).resolve().parents[2] / "docs"
FENCE = re.compile(
    r"(?:<!-- docs-test: (?P<mark>[^>]*?) -->\n)?"
    r"(?P<indent>[ \t]*)```(?P<info>[^\n]*)\n(?P<code>.*?)(?P=indent)```",
    re.DOTALL,
)
MANAGE = re.compile(r"^(?:\$ )?(?:python3? |\./)?manage\.py (?P<args>.+)$")
APPLIED_PREFIXES = ("STRIPE_", "DJSTRIPE_")
NOT_APPLIED = frozenset({"STRIPE_API_HOST"})  # tests keep talking to the double


@dataclass(frozen=True)
class Block:
    page: str
    line: int
    language: str
    title: str
    mark: str
    code: str

    @property
    def where(self) -> str:
        return f"docs/{self.page}:{self.line}"


def pages() -> list[str]:
    return sorted(str(p.relative_to(DOCS)) for p in DOCS.rglob("*.md"))


def blocks(page: str) -> list[Block]:
    text = (DOCS / page).read_text(encoding="utf-8")
    found = []
    for match in FENCE.finditer(text):
        info = match.group("info").strip()
        language = info.split(" ", 1)[0].lower() if info else ""
        title = re.search(r'title="([^"]*)"', info)
        indent = match.group("indent")
        code = "\n".join(
            line[len(indent) :] if line.startswith(indent) else line
            for line in match.group("code").split("\n")
        )
        found.append(
            Block(
                page=page,
                line=text.count("\n", 0, match.start("code")) + 1,
                language=language,
                title=title.group(1) if title else "",
                mark=match.group("mark") or "",
                code=code,
            )
        )
    return found


def runnable(page: str) -> list[Block]:
    return [
        b
        for b in blocks(page)
        if b.language in ("python", "py", "bash", "console", "shell")
        and not b.mark.startswith("skip")
    ]


def run_page(page: str, namespace: dict[str, Any], settings: Any) -> dict[str, Any]:
    """Run every example of ``page``; return the page's namespace."""
    namespace.setdefault("__name__", "docs_example")
    for block in runnable(page):
        try:
            _run(block, namespace, settings)
        except Exception as error:
            raise AssertionError(
                f"{block.where}: the example failed: {error!r} (examples run as written; "
                "see docs/contributing/docs.md for what they may assume)"
            ) from error
    return namespace


def _run(block: Block, namespace: dict[str, Any], settings: Any) -> None:
    if block.language in ("bash", "console", "shell"):
        for line in block.code.splitlines():
            match = MANAGE.match(line.split("  #")[0].strip())
            if not match:
                continue
            args = shlex.split(match.group("args"))
            if args[0].startswith("djstripe_") or args[0] == "check":
                call_command(*args)
        return
    code = compile(block.code, block.where, "exec")
    if block.title == "settings.py":
        _apply_settings(code, settings, block)
    elif block.title == "urls.py":
        _check_urls(code, settings, block)
    else:
        exec(code, namespace)  # noqa: S102 - our own documentation


def _apply_settings(code: Any, settings: Any, block: Block) -> None:
    values: dict[str, Any] = {"__name__": "docs_settings"}
    exec(code, values)  # noqa: S102
    for name, value in values.items():
        if name.startswith(APPLIED_PREFIXES) and name not in NOT_APPLIED:
            setattr(settings, name, value)
    errors = [m for m in checks.run_checks(tags=["djstripe"], databases=[]) if m.is_serious()]
    assert not errors, f"{block.where}: djstripe's checks report {errors}"


def _check_urls(code: Any, settings: Any, block: Block) -> None:
    module = types.ModuleType(f"docs_urls_{uuid.uuid4().hex}")
    exec(code, module.__dict__)  # noqa: S102
    sys.modules[module.__name__] = module
    previous = settings.ROOT_URLCONF
    settings.ROOT_URLCONF = module.__name__
    clear_url_caches()
    try:
        path = reverse("djstripe:djstripe_webhook_by_uuid", kwargs={"uuid": uuid.uuid4()})
        assert path.startswith("/"), block.where
    finally:
        settings.ROOT_URLCONF = previous
        clear_url_caches()
        del sys.modules[module.__name__]
