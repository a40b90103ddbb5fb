"""Copy the object schemas of Stripe's OpenAPI spec into the tests.

    python scripts/stripe_schemas.py path/to/spec3.json

writes ``tests/data/stripe_schemas.json.gz``: ``components.schemas`` of the spec
(MIT, from github.com/stripe/openapi) without descriptions and titles, plus the
spec's API version. Tests generate objects from it and check each mirrored model's
columns against it; run this again when the project moves to a newer spec.
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "stripe_schemas.json.gz"
DROPPED = frozenset({"description", "title", "x-stripeBypassValidation"})


def without_prose(node: Any) -> Any:
    if isinstance(node, dict):
        return {key: without_prose(value) for key, value in node.items() if key not in DROPPED}
    if isinstance(node, list):
        return [without_prose(value) for value in node]
    return node


def main(spec_path: str) -> None:
    spec = json.loads(Path(spec_path).read_text())
    data = {
        "api_version": spec["info"]["version"],
        "schemas": without_prose(spec["components"]["schemas"]),
    }
    text = json.dumps(data, sort_keys=True, separators=(",", ":"))
    OUT.write_bytes(gzip.compress(text.encode(), mtime=0))
    print(f"{OUT}: {len(data['schemas'])} schemas of API {data['api_version']}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    main(sys.argv[1])
