"""Every code example of the docs runs (or, on the model pages, is checked)."""

from __future__ import annotations

import pytest

from .examples import DOCS, blocks, pages, run_page, runnable
from .snippets import check_fragment

#: Pages whose examples another test runs.
RUN_ELSEWHERE = {"testing.md": "tests/testing/test_docs.py"}
#: Pages of fragments over the reader's own data: checked, not run (see snippets.py).
#: webhooks.md (the webhooks guide) is written as fragments too, and the model
#: declaration of contributing/adding-a-model.md cannot be defined in a running project
#: (test_the_model_template_names_real_classes checks it instead).
FRAGMENT_PAGES = ("models/", "webhooks.md", "contributing/adding-a-model.md")
#: Pages whose examples can run nowhere in a test, and why (none: keep it so).
NOT_RUN: dict[str, str] = {}


def run_pages() -> list[str]:
    return [
        page
        for page in pages()
        if page not in RUN_ELSEWHERE
        and page not in NOT_RUN
        and not page.startswith(FRAGMENT_PAGES)
        and runnable(page)
    ]


def fragment_pages() -> list[str]:
    return [page for page in pages() if page.startswith(FRAGMENT_PAGES)]


@pytest.mark.parametrize("page", run_pages())
def test_the_examples_of_the_page_run(page, example_namespace, settings):
    run_page(page, dict(example_namespace), settings)


@pytest.mark.parametrize("page", fragment_pages())
def test_the_fragments_of_the_page_are_sound(page, db):
    python = [b for b in blocks(page) if b.language in ("python", "py")]
    for block in python:
        check_fragment(block)


def test_every_page_is_accounted_for():
    for page in [*RUN_ELSEWHERE, *NOT_RUN]:
        assert (DOCS / page).exists(), f"{page} is listed but gone"
    assert "installation.md" in run_pages()
    assert len(run_pages()) >= 9


def test_skips_say_why():
    for page in pages():
        for block in blocks(page):
            if block.mark.startswith("skip"):
                assert len(block.mark.split()) > 2, f"{block.where}: say why it is skipped"


def test_the_model_template_names_real_classes():
    """The declaration a contributor copies uses djstripe's field, property, enum and base
    classes by their real names."""
    import ast

    from django.db import models

    from djstripe import enums, fields, properties
    from djstripe.models import base

    known = {**vars(enums), **vars(fields), **vars(properties), **vars(base), "models": models}
    [block] = [b for b in blocks("contributing/adding-a-model.md") if b.language == "python"]
    used = {
        node.id
        for node in ast.walk(ast.parse(block.code))
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)
    }
    assert used - set(known) == set()
