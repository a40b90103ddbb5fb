"""Running management commands in tests: output captured, errors as CommandError."""

from __future__ import annotations

from io import StringIO
from typing import Any

from django.core.management import call_command


def run(name: str, *args: str, **options: Any) -> tuple[str, str]:
    """``manage.py name args``; return (stdout, stderr)."""
    out, err = StringIO(), StringIO()
    call_command(name, *args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()
