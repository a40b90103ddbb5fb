"""What ``pip install`` gets: extras that match the docs, a wheel with every module,
migration and data file of the package, and a source distribution without strays."""

from __future__ import annotations

import re
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from pathlib import Path

import pytest

from .examples import DOCS, blocks, pages

ROOT = Path(__file__).resolve().parents[2]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
#: Modules the docs configure, and the distribution that provides each.
DISTRIBUTIONS = {"django_tasks": "django-tasks", "django_tasks_db": "django-tasks-db"}


def names(requirements: list[str]) -> set[str]:
    return {re.split(r"[<>=!~;\[ ]", r, maxsplit=1)[0].lower() for r in requirements}


def test_every_module_the_docs_configure_comes_with_an_extra_the_page_names():
    """A settings block naming ``django_tasks_db`` (an app, a tasks backend) works after
    the ``pip install "djstripe-mirror[...]"`` its page tells the reader to run."""
    extras = PROJECT["optional-dependencies"]
    checked = []
    for page in pages():
        text = (DOCS / page).read_text(encoding="utf-8")
        named = set(re.findall(r"djstripe-mirror\[(\w+)\]", text)) | {"tasks"}
        assert named <= set(extras), f"docs/{page} names an extra that does not exist"
        for block in blocks(page):
            if block.language != "python":
                continue
            for module in set(re.findall(r'"(\w+)(?:\.\w+)*"', block.code)) & set(DISTRIBUTIONS):
                providers = [e for e in named if DISTRIBUTIONS[module] in names(extras[e])]
                assert providers, f"{block.where}: {module} is in no extra the page names"
                checked.append(module)
    assert set(checked) == set(DISTRIBUTIONS), "the docs configure these no more: update"


def test_stripe_python_is_bounded_to_the_tested_majors():
    [stripe] = [r for r in PROJECT["dependencies"] if r.startswith("stripe")]
    assert stripe.split("#")[0].strip() == "stripe>=15,<17"


def tracked(under: str) -> set[str]:
    result = subprocess.run(
        ["git", "ls-files", under], cwd=ROOT, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        pytest.skip("not a git checkout")
    return {line for line in result.stdout.splitlines() if not line.endswith(".pyc")}


@pytest.mark.slow
def test_the_wheel_and_the_sdist_hold_the_package_and_nothing_else(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--no-isolation",
            "--skip-dependency-check",
            "--outdir",
            str(tmp_path),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    package = tracked("djstripe")
    [wheel] = tmp_path.glob("*.whl")
    [sdist] = tmp_path.glob("*.tar.gz")

    in_wheel = set(zipfile.ZipFile(wheel).namelist())
    assert package <= in_wheel, sorted(package - in_wheel)[:10]
    assert {
        f"djstripe/migrations/{name}.py"
        for name in ("0001_initial", "0002_2_10", "0003_2_11", "0004_dj_stripe_upgrade")
    } <= in_wheel
    assert {n.split("/")[0] for n in in_wheel} == {
        "djstripe",
        wheel.name.split("-")[0] + "-" + wheel.name.split("-")[1] + ".dist-info",
    }

    with tarfile.open(sdist) as archive:
        members = [m.name.split("/", 1) for m in archive.getmembers() if m.isfile()]
    in_sdist = {name for _, name in members}
    outside = {n for n in in_sdist if not n.startswith(("djstripe/", "djstripe_mirror.egg-info/"))}
    assert outside == {
        "LICENSE",
        "MANIFEST.in",
        "PKG-INFO",
        "README.md",
        "pyproject.toml",
        "setup.cfg",
    }
    assert package <= in_sdist
