"""Compare this project's public surface with dj-stripe 2.11's and list every gap.

    .venv/bin/python scripts/compat_report.py            # the report
    .venv/bin/python scripts/compat_report.py --json     # machine-readable gaps
    .venv/bin/python scripts/compat_report.py --refresh  # re-record dj-stripe 2.11's surface

The reference surface is recorded (``--refresh``) from a dj-stripe 2.11 install
(``--ref-python``, ``--ref-project``) into ``tests/compat/data/djstripe_2_11_surface.json``,
so the report and ``tests/compat/test_surface.py`` run without that install. Both
sides are described by ``scripts/compat_surface.py``.

A gap is something a dj-stripe 2.11 user's code could touch that is missing or
behaves differently here. Deliberate differences are listed in ``ACCEPTED`` with
the reason (each is documented in ``docs/migrating.md``); they are reported apart.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import subprocess
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOT = ROOT / "tests" / "compat" / "data" / "djstripe_2_11_surface.json"
FIXTURES = ROOT / "djstripe" / "testing" / "data" / "fixtures3.json"
sys.path.insert(0, str(Path(__file__).resolve().parent))

from compat_accepted import ACCEPTED  # noqa: E402


@dataclass(frozen=True)
class Gap:
    area: str
    """``model``, ``module``, ``command``, ``setting`` or ``admin``."""
    key: str
    """Stable identifier (``Customer.subscribe(price)``), used by ``ACCEPTED``."""
    detail: str


# ---------------------------------------------------------------- comparison


def compare(ref: dict[str, Any], ours: dict[str, Any]) -> list[Gap]:
    gaps: list[Gap] = []
    for name, model in sorted(ref["models"].items()):
        mine = ours["models"].get(name)
        if mine is None:
            gaps.append(Gap("model", name, "model class missing from djstripe.models"))
            continue
        gaps += _compare_model(name, model, mine)
    for module, names in sorted(ref["modules"].items()):
        gaps += _compare_module(module, names, ours["modules"].get(module))
    for module, names in sorted(ref["model_submodules"].items()):
        have = set(ours["model_submodules"].get(module) or ())
        for missing in sorted(set(names) - have):
            gaps.append(Gap("module", f"{module}.{missing}", "not importable from there"))
    for command, options in sorted(ref["commands"].items()):
        mine_opts = ours["commands"].get(command)
        if mine_opts is None:
            gaps.append(Gap("command", command, "management command missing"))
            continue
        have = {s for opts in mine_opts.values() for s in opts}
        for dest, strings in sorted(options.items()):
            # A positional argument's name is invisible to callers: it only has to exist.
            lacking = [s for s in strings if s not in have]
            if lacking:
                gaps.append(Gap("command", f"{command} {dest}", f"option {strings} missing"))
    for setting in sorted(set(ref["settings"]) - set(ours["settings"])):
        gaps.append(Gap("setting", setting, "setting never read here"))
    for model in sorted(set(ref["admin_registered"]) - set(ours["admin_registered"])):
        if model in ours["models"]:
            gaps.append(Gap("admin", model, "model not registered in the admin"))
    return gaps


def _compare_model(name: str, ref: dict[str, Any], mine: dict[str, Any]) -> list[Gap]:
    gaps = []
    attrs = _attribute_kinds(mine)
    for field, kind in sorted(ref["fields"].items()):
        have = mine["fields"].get(field)
        if have is None:
            where = "a property here" if field in mine["members"] else "missing"
            gaps.append(Gap("model", f"{name}.{field}", f"column {kind} is {where}"))
        elif not _kinds_compatible(kind, have):
            gaps.append(Gap("model", f"{name}.{field}", f"column {kind} is {have} here"))
    for accessor, kind in sorted(ref["reverse"].items()):
        have = mine["reverse"].get(accessor) or _member_kind(mine, accessor)
        if have is None:
            gaps.append(Gap("model", f"{name}.{accessor}", f"reverse accessor ({kind}) missing"))
        elif have.split(":")[0] in ("many", "one") and have != kind:
            gaps.append(Gap("model", f"{name}.{accessor}", f"reverse {kind} is {have} here"))
    for member, info in sorted(ref["members"].items()):
        if member in ("DoesNotExist", "MultipleObjectsReturned", "Meta"):
            continue
        gaps += _compare_member(name, member, info, mine, attrs)
    for manager, methods in sorted(ref["managers"].items()):
        have = mine["managers"].get(manager)
        if have is None:
            gaps.append(Gap("model", f"{name}.{manager}", "manager missing"))
            continue
        for method, sig in sorted(methods.items()):
            if method not in have:
                gaps.append(Gap("model", f"{name}.{manager}.{method}()", "manager method missing"))
            else:
                gaps += _compare_signature(f"{name}.{manager}.{method}", sig, have[method])
    return gaps


def _attribute_kinds(mine: dict[str, Any]) -> dict[str, str]:
    """What reading ``instance.<name>`` gives here: a column's kind or a property's value."""
    kinds = {}
    for field, kind in mine["fields"].items():
        kinds[field] = kind
    for member, info in mine["members"].items():
        if info["kind"] == "property":
            kinds[member] = f"value:{info['value']}"
    return kinds


def _member_kind(mine: dict[str, Any], name: str) -> str | None:
    if name in mine["fields"]:
        return mine["fields"][name]
    info = mine["members"].get(name)
    return None if info is None else f"member:{info['kind']}"


def _compare_member(
    model: str, member: str, info: dict[str, Any], mine: dict[str, Any], attrs: dict[str, str]
) -> list[Gap]:
    key = f"{model}.{member}"
    if info["kind"] == "property":
        have = attrs.get(member) or mine["reverse"].get(member)
        if have is None:
            if member in mine["members"]:
                have_kind = mine["members"][member]["kind"]
                return [Gap("model", key, f"property is a {have_kind} here")]
            return [Gap("model", key, f"property missing (dj-stripe gives {info['value']})")]
        problem = _value_mismatch(info["value"], have)
        return [Gap("model", key, problem)] if problem else []
    have_info = mine["members"].get(member)
    if have_info is None:
        if info["kind"] == "attribute" and (member in mine["fields"] or member in mine["reverse"]):
            return []
        return [Gap("model", key, f"{info['kind']} missing")]
    if info["kind"] in ("method", "classmethod", "staticmethod"):
        if have_info["kind"] not in ("method", "classmethod", "staticmethod"):
            return [Gap("model", key, f"{info['kind']} is a {have_info['kind']} here")]
        gaps = []
        if info["kind"] != have_info["kind"] and "classmethod" in (info["kind"], have_info["kind"]):
            gaps.append(Gap("model", key, f"{info['kind']} is a {have_info['kind']} here"))
        return gaps + _compare_signature(key, info["signature"], have_info["signature"])
    return []


_VALUE_OF_COLUMN = {"column:json": {"dict", "list", "str", "int", "bool"}}


#: Value kinds that user code handles alike (iterating, ``.all()``, ``str()``).
_ALIKE = [
    {"str", "__proxy__"},
    {"int", "float"},  # a JSON number: 8 or 8.0 do the same arithmetic
    {"list", "tuple"},
    {"queryset", "manager", "rows", "generator", "list"},
]


def _alike(one: str, other: str) -> bool:
    one, other = one.split(":")[0], other.split(":")[0]
    return one == other or any({one, other} <= group for group in _ALIKE)


def _value_mismatch(ref_value: str, have: str) -> str:
    """Why reading the attribute here gives another kind of value than dj-stripe, or ''.

    ``probe:`` values come from data with a made-up string at the property's key: they
    only tell whether dj-stripe hands out the raw value where this has a relation.
    """
    if ref_value.startswith("probe:"):
        if not have.startswith(("fk:", "o2o:")):
            return ""
        ref_value = ref_value.split(":", 1)[1]
    if ref_value in ("none", "unknown") or ref_value.startswith("error:"):
        return ""
    if have.startswith("value:"):
        value = have.split(":", 1)[1].removeprefix("probe:")
        if value in ("none", "unknown") or value.startswith("error:") or _alike(value, ref_value):
            return ""
        return f"dj-stripe gives {ref_value}, this gives {value}"
    if have.startswith("column:"):
        kind = have.split(":", 1)[1]
        if _alike(kind, ref_value) or ref_value in _VALUE_OF_COLUMN.get(have, ()):
            return ""
        return f"dj-stripe gives {ref_value}, this column gives {kind}"
    if have.startswith(("fk:", "o2o:")):
        target = have.split(":", 1)[1]
        if ref_value == f"model:{target}":
            return ""
        return f"dj-stripe gives {ref_value}, this is a foreign key to {target}"
    if have.startswith(("many:", "m2m:")):
        if _alike(ref_value, "manager"):
            return ""
        return f"dj-stripe gives {ref_value}, this is a related manager"
    return ""


def _kinds_compatible(ref: str, have: str) -> bool:
    if ref == have:
        return True
    # A one-to-one and a foreign key read the same from the owning side.
    ref_kind, _, ref_to = ref.partition(":")
    have_kind, _, have_to = have.partition(":")
    if {ref_kind, have_kind} <= {"fk", "o2o"}:
        return ref_to == have_to or (ref_to, have_to) in _SUBSTITUTE_TARGETS
    return False


#: Targets that hold the same objects under another model here: legacy sources are
#: concrete Cards, BankAccounts and Sources behind one polymorphic base, so a
#: reference to the base returns the concrete object dj-stripe returned.
_SUBSTITUTE_TARGETS = {
    ("BankAccount", "DjstripePaymentMethod"),
    ("Source", "DjstripePaymentMethod"),
}


def _compare_signature(key: str, ref: list | None, have: list | None) -> list[Gap]:
    if ref is None or have is None:
        return []
    gaps = []
    mine = {p[0]: p for p in have}
    var_kw = any(p[1] == "VAR_KEYWORD" for p in have)
    var_pos = any(p[1] == "VAR_POSITIONAL" for p in have)
    positional_ref = [p[0] for p in ref if p[1] == "POSITIONAL_OR_KEYWORD"]
    positional_mine = [p[0] for p in have if p[1] in ("POSITIONAL_OR_KEYWORD", "POSITIONAL_ONLY")]
    for name, kind, default in ref:
        if kind in ("VAR_KEYWORD", "VAR_POSITIONAL"):
            if kind == "VAR_POSITIONAL" and not var_pos:
                gaps.append(Gap("model", f"{key}(*{name})", "does not take extra positionals"))
            continue
        other = mine.get(name)
        if other is None:
            if not var_kw:
                gaps.append(Gap("model", f"{key}({name})", "parameter missing"))
            continue
        if default is not None and other[2] is None and other[1] != "VAR_KEYWORD":
            gaps.append(Gap("model", f"{key}({name})", f"optional (default {default}) is required"))
        if kind == "POSITIONAL_OR_KEYWORD" and other[1] == "KEYWORD_ONLY":
            index = positional_ref.index(name)
            if index < len(positional_ref) and name in positional_ref[: index + 1]:
                gaps.append(Gap("model", f"{key}({name})", "positional there, keyword-only here"))
        elif kind == "POSITIONAL_OR_KEYWORD" and name in positional_mine:
            if positional_ref.index(name) != positional_mine.index(name):
                gaps.append(Gap("model", f"{key}({name})", "positional order differs"))
    for name, kind, default in have:
        if default is None and kind in ("POSITIONAL_OR_KEYWORD", "KEYWORD_ONLY"):
            if name not in {p[0] for p in ref} and name not in ("self", "cls"):
                gaps.append(Gap("model", f"{key}({name})", "new required parameter here"))
    return gaps


def _compare_module(module: str, ref: dict | None, mine: dict | None) -> list[Gap]:
    if ref is None:
        return []
    if mine is None:
        return [Gap("module", module, "module not importable")]
    if "error" in mine:
        return [Gap("module", module, f"import fails: {mine['error']}")]
    gaps = []
    for name, info in sorted(ref.items()):
        have = mine.get(name)
        key = f"{module}.{name}"
        if have is None:
            gaps.append(Gap("module", key, f"{info['kind']} not importable"))
            continue
        if "values" in info:
            missing = sorted(set(info["values"]) - set(have.get("values") or {}))
            for member in missing:
                gaps.append(Gap("module", f"{key}.{member}", "enum member missing"))
        for attr in info.get("attributes", ()):
            if attr not in have.get("attributes", ()):
                gaps.append(Gap("module", f"{key}.{attr}", "attribute missing"))
        for item in info.get("keys", ()) if info["kind"] == "dict" else ():
            if item not in have.get("keys", ()):
                gaps.append(Gap("module", f"{key}[{item!r}]", "key missing"))
        for item in info.get("items", ()) if info["kind"] == "list" else ():
            if item not in have.get("items", ()):
                gaps.append(Gap("module", f"{key} {item!r}", "item missing"))
        if info["kind"] == "function":
            gaps += [
                Gap("module", g.key, g.detail)
                for g in _compare_signature(key, info["signature"], have.get("signature"))
            ]
        if module not in MEMBER_MODULES:
            continue
        mine_members = have.get("members") or {}
        for member, sig in (info.get("members") or {}).items():
            if member not in mine_members:
                if member not in (have.get("attrs") or ()):  # inherited (from Django) is fine
                    gaps.append(Gap("module", f"{key}.{member}", "class member missing"))
            else:
                gaps += [
                    Gap("module", g.key, g.detail)
                    for g in _compare_signature(f"{key}.{member}", sig, mine_members[member])
                ]
    return gaps


#: Modules whose classes users subclass or call members of (elsewhere a class name
#: that imports is enough: field classes in migrations, exceptions in ``except``).
MEMBER_MODULES = frozenset(
    {"djstripe.mixins", "djstripe.utils", "djstripe.views", "djstripe.managers"}
)


# ---------------------------------------------------------------- surfaces


def current_surface() -> dict[str, Any]:
    """This project's surface, described in this interpreter (tests/settings.py)."""
    import django

    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    django.setup()
    import compat_surface

    return compat_surface.dump(examples_by_model())


def examples_by_model() -> dict[str, Any]:
    """Stripe's example object for every model that mirrors one (by ``stripe_object``)."""
    from django.apps import apps

    resources = json.loads(FIXTURES.read_text())["resources"]
    out = {}
    for model in apps.get_app_config("djstripe").get_models():
        names = (getattr(model, "stripe_object", ""), *getattr(model, "stripe_object_aliases", ()))
        for name in names:
            if name in resources:
                out[model.__name__] = resources[name]
                break
    return out


def refresh(ref_python: str, ref_project: str) -> None:
    """Record dj-stripe 2.11's surface with its own interpreter and project."""
    with tempfile.TemporaryDirectory() as tmp:
        examples = Path(tmp) / "examples.json"
        examples.write_text(json.dumps(_ref_examples()))
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": os.environ.get("DJSTRIPE_REF_SETTINGS", "settings"),
            "PYTHONPATH": ref_project,
        }
        script = Path(__file__).resolve().parent / "compat_surface.py"
        out = Path(tmp) / "surface.json"
        subprocess.run(  # noqa: S603 - fixed arguments
            [ref_python, str(script), "--examples", str(examples), "--out", str(out)],
            check=True,
            cwd=ref_project,
            env=env,
        )
        SNAPSHOT.parent.mkdir(parents=True, exist_ok=True)
        SNAPSHOT.write_text(out.read_text())


def _ref_examples() -> dict[str, Any]:
    current_surface()  # sets Django up
    return examples_by_model()


# ---------------------------------------------------------------- report


def accepted_reason(key: str) -> str | None:
    """Why ``key`` is a deliberate difference (``ACCEPTED`` holds ``fnmatch`` patterns)."""
    if key in ACCEPTED:
        return ACCEPTED[key]
    for pattern, reason in ACCEPTED.items():
        if fnmatch.fnmatchcase(key, pattern):
            return reason
    return None


def split(gaps: list[Gap]) -> tuple[list[Gap], list[Gap]]:
    """(open gaps, accepted differences)."""
    open_gaps = [g for g in gaps if accepted_reason(g.key) is None]
    return open_gaps, [g for g in gaps if accepted_reason(g.key) is not None]


def print_report(gaps: list[Gap], accepted: list[Gap]) -> None:
    grouped: dict[str, list[Gap]] = defaultdict(list)
    for gap in gaps:
        grouped[gap.area].append(gap)
    for area in sorted(grouped):
        print(f"\n## {area} ({len(grouped[area])})")
        for gap in grouped[area]:
            print(f"  {gap.key}: {gap.detail}")
    print(f"\n## accepted differences ({len(accepted)}; see docs/migrating.md)")
    for gap in accepted:
        print(f"  {gap.key}: {gap.detail} -- {accepted_reason(gap.key)}")
    counts = ", ".join(f"{area} {len(items)}" for area, items in sorted(grouped.items()))
    print(f"\nopen gaps: {len(gaps)} ({counts or 'none'}); accepted: {len(accepted)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--refresh", action="store_true", help="re-record dj-stripe 2.11's surface")
    parser.add_argument("--ref-python", default="/tmp/ref/djsvenv/bin/python")
    parser.add_argument("--ref-project", default="/tmp/ref/proj")
    parser.add_argument("--json", action="store_true", help="print the open gaps as JSON")
    args = parser.parse_args()
    if args.refresh:
        refresh(args.ref_python, args.ref_project)
    ref = json.loads(SNAPSHOT.read_text())
    gaps, accepted = split(compare(ref, current_surface()))
    if args.json:
        print(json.dumps([g.__dict__ for g in gaps], indent=1))
    else:
        print_report(gaps, accepted)
    return 1 if gaps else 0


if __name__ == "__main__":
    sys.exit(main())
