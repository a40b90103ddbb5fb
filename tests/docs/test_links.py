"""Links between the docs pages work where they are read: in the repository as on the site."""

from __future__ import annotations

import re
from pathlib import Path

from .examples import DOCS, pages

ROOT = DOCS.parent
#: ``[text](target)`` outside code; images and absolute URLs are left out below.
LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")
FENCED = re.compile(r"```.*?```", re.S)


def links(page: str) -> list[str]:
    text = FENCED.sub("", (DOCS / page).read_text(encoding="utf-8"))
    text = re.sub(r"`[^`\n]*`", "", text)
    return [target for target in LINK.findall(text) if "://" not in target]


def test_every_relative_link_of_the_docs_names_a_file_of_the_repository():
    broken = []
    for page in pages():
        for target in links(page):
            path = target.split("#", 1)[0]
            if not path or path.startswith("mailto:"):
                continue
            if not (DOCS / page).parent.joinpath(path).resolve().exists():
                broken.append(f"docs/{page}: {target}")
    assert broken == []


def test_the_readme_names_docs_pages_that_exist():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`(docs/[\w/.-]+\.md)`", readme))
    assert {"docs/going-live.md", "docs/troubleshooting.md"} <= named
    assert [name for name in sorted(named) if not (ROOT / name).exists()] == []


def test_link_finder_sees_reference_links():
    assert "reference/settings.md" in links("installation.md")
    assert Path(DOCS / "reference" / "settings.md").exists()
