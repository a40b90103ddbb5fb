"""The generated reference pages, and the whole site built with ``mkdocs --strict``."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from djstripe import checks
from djstripe.sync import versions

from .examples import DOCS

ROOT = DOCS.parent


def load_generator():
    spec = importlib.util.spec_from_file_location("gen_reference", DOCS / "gen_reference.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generator():
    return load_generator()


@pytest.fixture(scope="module")
def rendered(generator):
    return generator.render()


def test_every_setting_in_the_code_is_described(generator):
    found = set(generator.settings_in_code())
    assert "STRIPE_LIVE_MODE" in found
    assert "DJSTRIPE_WEBHOOK_PROCESSING" in found
    assert found - set(generator.SETTINGS) == set(), "describe them in docs/gen_reference.py"
    assert set(generator.SETTINGS) - found == set(), "settings no longer read by the code"


def test_the_settings_page_lists_defaults(rendered):
    page = rendered["reference/settings.md"]
    assert "| `DJSTRIPE_SUBSCRIBER_CUSTOMER_KEY` | `'djstripe_subscriber'` |" in page
    assert "| `DJSTRIPE_WEBHOOK_TOLERANCE` | `300` |" in page


def test_the_commands_page_has_every_command_and_option(rendered, generator):
    page = rendered["reference/commands.md"]
    for name in generator.command_names():
        assert f"## {name}" in page
    assert "manage.py djstripe_webhook_endpoint --base-url BASE_URL" in page
    assert "| `--dry-run` | List the subscribers that would get a customer" in page
    assert "--verbosity" not in page.split("## ", 1)[1]  # Django's own options left out


def test_the_checks_page_has_every_id(rendered):
    page = rendered["reference/checks.md"]
    for check_id in checks.CHECKS:
        assert f"| `{check_id}` |" in page
    assert "- `djstripe.E003`:" in page


def test_the_signals_page(rendered):
    page = rendered["reference/signals.md"]
    assert "- `djstripe.signals.webhook_post_process`" in page
    assert "    `invoice.paid`  " in page


def test_the_moved_fields_page(rendered):
    page = rendered["reference/moved-fields.md"]
    rows = [line for line in page.splitlines() if line.startswith("| ") and "`" in line]
    assert len(rows) == len(versions.entries()) > 10
    assert "| Customer | `balance` | `balance`, `account_balance` | 2019-10-17 |" in page


def test_the_models_page_has_every_mirrored_model_from_its_declaration(rendered):
    from djstripe.models import Customer
    from djstripe.sync import registry

    page = rendered["reference/models.md"]
    for model in registry.stripe_models():
        assert f"| {model.__name__} | `{model.stripe_object}` |" in page
    [customer] = [line for line in page.splitlines() if line.startswith("| Customer |")]
    assert "`/v1/customers`" in customer and f"| {Customer.deletion} |" in customer
    assert "`email`" in customer and "`subscriber`" not in customer  # a local column


def test_the_generator_writes_the_pages(generator, tmp_path):
    assert generator.main([str(tmp_path)]) == 0
    assert (tmp_path / "reference" / "checks.md").read_text().startswith("<!-- Generated")


@pytest.mark.slow
def test_the_site_builds_strictly(tmp_path):
    mkdocs = shutil.which("mkdocs", path=str(Path(sys.executable).parent))
    if mkdocs is None:
        pytest.skip("mkdocs is not installed (pip install -e '.[docs]')")
    result = subprocess.run(
        [mkdocs, "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    built = (tmp_path / "site" / "reference" / "checks" / "index.html").read_text()
    assert "djstripe.W011" in built  # the generated page, not the placeholder
    assert "generated from the code when the documentation site is built" not in built


def test_the_repository_holds_the_placeholders_of_the_generated_pages(generator):
    """Links to the reference pages work when the docs are read in the repository."""
    for uri, text in generator.stubs().items():
        path = DOCS / uri
        assert path.exists(), f"run: python docs/gen_reference.py --stubs docs ({uri})"
        assert path.read_text() == text, "run: python docs/gen_reference.py --stubs docs"
    assert {f"reference/{name}" for name in generator.PAGES} == set(generator.stubs())


def test_pages_left_out_of_the_nav_join_their_section(generator):
    nav = [
        {"Home": "index.md"},
        {"Guides": ["installation.md"]},
        {"Models": ["models/invoices.md"]},
    ]
    added = generator.complete_nav(
        nav,
        [
            "index.md",
            "installation.md",
            "webhooks.md",
            "models/invoices.md",
            "models/new.md",
            "contributing/style.md",
            "reference/settings.md",
        ],
    )
    assert added == ["contributing/style.md", "models/new.md", "webhooks.md"]
    assert nav[1] == {"Guides": ["installation.md", "webhooks.md"]}
    assert nav[2] == {"Models": ["models/invoices.md", "models/new.md"]}
    assert nav[3] == {"Contributing": ["contributing/style.md"]}
