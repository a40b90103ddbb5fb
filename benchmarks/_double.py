"""Start the Stripe API double in another process for a benchmark (shared by the scripts).

The benchmarks run as scripts (``python benchmarks/<name>.py``), so this module is
imported from their own directory.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def start_double(customers: int, seed: int, *extra: str) -> tuple[subprocess.Popen[str], str]:
    """``python -m djstripe.testing`` serving a generated account of ``customers``;
    returns the process and its base URL once it says READY."""
    process = subprocess.Popen(  # noqa: S603 - our own module, fixed arguments
        [
            sys.executable,
            "-m",
            "djstripe.testing",
            "--customers",
            str(customers),
            "--seed",
            str(seed),
            *extra,
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline().split()
    if not line or line[0] != "READY":
        process.kill()
        raise SystemExit("the double did not start")
    return process, line[1]
