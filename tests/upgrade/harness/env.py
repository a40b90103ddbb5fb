"""Django set-up for the harness programs, and what package is installed as ``djstripe``."""

from __future__ import annotations

import gzip
import json
import os
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

#: tests/upgrade/ (this package's parent directory).
UPGRADE_DIR = Path(__file__).resolve().parent.parent
#: The repository's root (tests/upgrade/../..).
REPO_ROOT = UPGRADE_DIR.parent.parent


def setup_django() -> None:
    """Configure the user's project (``upgradeproj.settings``) and load the apps."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "upgradeproj.settings")
    import django

    django.setup()


def installed_djstripe() -> str:
    """Name and version of the distribution that provides ``djstripe`` here."""
    for name in ("dj-stripe", "djstripe-mirror"):
        try:
            return f"{name} {metadata.version(name)}"
        except metadata.PackageNotFoundError:
            continue
    return "unknown"


def write_json(path: str | Path, data: Any) -> None:
    """Write ``data`` as indented, key-sorted JSON (stable for diffs)."""
    Path(path).write_text(json.dumps(data, indent=1, sort_keys=True, default=str) + "\n")


def read_json(path: str | Path) -> Any:
    """JSON from a file, gzip-compressed when its name ends in ``.gz`` (recorded snapshots)."""
    path = Path(path)
    if path.suffix == ".gz":
        return json.loads(gzip.decompress(path.read_bytes()))
    return json.loads(path.read_text())


def say(message: str) -> None:
    """One progress line on stderr, flushed (the bash driver interleaves several programs)."""
    print(message, file=sys.stderr, flush=True)
