"""The example runner itself: it must fail when an example is wrong."""

from __future__ import annotations

import pytest

from . import examples
from .snippets import check_fragment


@pytest.fixture
def page(tmp_path, monkeypatch):
    monkeypatch.setattr(examples, "DOCS", tmp_path)

    def write(text: str) -> str:
        (tmp_path / "page.md").write_text(text)
        return "page.md"

    return write


def test_blocks_share_a_namespace_and_failures_name_the_line(page, settings):
    name = page("```python\nx = 1\n```\n\ntext\n\n```python\nassert x == 2\n```\n")
    with pytest.raises(AssertionError, match="docs/page.md:8"):
        examples.run_page(name, {}, settings)


def test_skipped_blocks_do_not_run(page, settings):
    name = page("<!-- docs-test: skip needs the moon -->\n```python\nraise SystemExit\n```\n")
    assert examples.runnable(name) == []
    examples.run_page(name, {}, settings)


def test_settings_blocks_apply_and_are_checked(page, settings):
    name = page('```python title="settings.py"\nDJSTRIPE_SUBSCRIBER_CUSTOMER_KEY = "team"\n```\n')
    examples.run_page(name, {}, settings)
    assert settings.DJSTRIPE_SUBSCRIBER_CUSTOMER_KEY == "team"

    bad = page(
        '```python title="settings.py"\nSTRIPE_SECRET_KEY = "sk_live_abcdefghijklmnop"\n```\n'
    )
    with pytest.raises(AssertionError, match="djstripe.E005"):
        examples.run_page(bad, {}, settings)


def test_urls_blocks_must_route_the_webhook(page, settings):
    name = page('```python title="urls.py"\nurlpatterns = []\n```\n')
    with pytest.raises(AssertionError, match="NoReverseMatch"):
        examples.run_page(name, {}, settings)


@pytest.mark.django_db
def test_manage_py_lines_run_djstripe_commands_only(page, settings):
    name = page(
        "```bash\npip install nothing\npython manage.py migrate\n"
        "python manage.py djstripe_init_customers --no-such-option\n```\n"
    )
    with pytest.raises(AssertionError, match="no-such-option"):
        examples.run_page(name, {}, settings)


@pytest.mark.django_db
def test_fragments_with_unknown_fields_fail(page):
    name = page(
        "```python\nfrom djstripe.models import Charge\n\n"
        "Charge.objects.filter(customer=customer, amount_refunded__gt=0)\n"
        "Charge.objects.filter(no_such_column=1)\n```\n"
    )
    [block] = examples.blocks(name)
    with pytest.raises(AssertionError, match="no_such_column"):
        check_fragment(block)
