"""Describe the public surface of whichever ``djstripe`` package is importable.

Used by ``scripts/compat_report.py`` in two interpreters: dj-stripe 2.11's (to
record the reference surface) and this project's. It imports nothing from this
repository, so it runs unchanged in both. Run as a script inside a configured
Django project::

    python scripts/compat_surface.py --examples examples.json --out surface.json

The description is facts only (names, kinds, signatures, value types), never code.
"""

from __future__ import annotations

import argparse
import datetime
import decimal
import enum
import functools
import importlib
import inspect
import json
import pkgutil
import re
import uuid
from pathlib import Path
from typing import Any

MODULES = (
    "djstripe",
    "djstripe.models",
    "djstripe.enums",
    "djstripe.settings",
    "djstripe.signals",
    "djstripe.event_handlers",
    "djstripe.utils",
    "djstripe.mixins",
    "djstripe.decorators",
    "djstripe.fields",
    "djstripe.urls",
    "djstripe.views",
    "djstripe.exceptions",
    "djstripe.sync",
    "djstripe.admin",
    "djstripe.managers",
    "djstripe.checks",
    "djstripe.apps",
)
COMMANDS = (
    "djstripe_clear_expired_idempotency_keys",
    "djstripe_init_customers",
    "djstripe_process_events",
    "djstripe_sync_customers",
    "djstripe_sync_models",
    "stripe_listen",
)
#: A setting read by name: ``settings.NAME`` or the name as a whole string literal.
_SETTING_NAME = re.compile(
    r"""settings\.((?:DJSTRIPE|STRIPE)_[A-Z0-9_]+)\b|["']((?:DJSTRIPE|STRIPE)_[A-Z0-9_]+)["']"""
)
_GENERATED = re.compile(r"^get_(next|previous)_by_|^get_.+_display$")


def value_kind(value: Any) -> str:
    """A short name of a value's type, as user code would notice it."""
    from django.db import models

    if value is None:
        return "none"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, enum.Enum) and isinstance(value, str):
        return "str"
    if isinstance(value, list) and type(value) is not list and hasattr(value, "all"):
        return "rows"  # an in-memory list with the queryset methods users call
    for kind, types in (
        ("int", int),
        ("Decimal", decimal.Decimal),
        ("float", float),
        ("str", str),
        ("datetime", datetime.datetime),
        ("date", datetime.date),
        ("uuid", uuid.UUID),
        ("dict", dict),
        ("list", (list, tuple)),
    ):
        if isinstance(value, types):
            return kind
    if isinstance(value, models.Model):
        return f"model:{type(value).__name__}"
    if isinstance(value, models.QuerySet):
        return f"queryset:{value.model.__name__}"
    if isinstance(value, models.Manager):
        return f"manager:{value.model.__name__}"
    return type(value).__name__


def field_kind(field: Any) -> str:
    """``fk:Customer``, ``o2o:X``, ``m2m:X`` or ``column:<value kind>``."""
    if field.many_to_many:
        return f"m2m:{field.related_model.__name__}"
    if field.one_to_one:
        return f"o2o:{field.related_model.__name__}"
    if field.many_to_one:
        return f"fk:{field.related_model.__name__}"
    internal = field.get_internal_type()
    if internal == "DecimalField" and hasattr(field, "from_db_value"):
        # A decimal column that hands out another type (percentages as float here).
        return f"column:{value_kind(field.from_db_value(decimal.Decimal('1.5'), None, None))}"
    for kind, names in (
        ("int", ("Integer", "AutoField", "BigAutoField", "SmallAutoField")),
        ("Decimal", ("DecimalField",)),
        ("float", ("FloatField",)),
        ("bool", ("BooleanField",)),
        ("datetime", ("DateTimeField",)),
        ("date", ("DateField",)),
        ("uuid", ("UUIDField",)),
        ("json", ("JSONField",)),
        ("duration", ("DurationField",)),
    ):
        if any(n in internal for n in names):
            return f"column:{kind}"
    return "column:str"


def signature(func: Any) -> list[list[Any]] | None:
    """``[[name, kind, default_repr_or_None], ...]`` without ``self``/``cls``."""
    try:
        sig = inspect.signature(func)
    except (TypeError, ValueError):
        return None
    params = []
    for param in sig.parameters.values():
        default = None if param.default is param.empty else repr(param.default)[:60]
        params.append([param.name, param.kind.name, default])
    return params


def _defining_class(cls: type, name: str) -> type | None:
    for klass in cls.__mro__:
        if name in vars(klass):
            return klass
    return None


def _is_ours(klass: type | None) -> bool:
    return bool(klass) and (klass.__module__ or "").split(".")[0] == "djstripe"


_DJANGO_MEMBERS = {"pk", "objects", "DoesNotExist", "MultipleObjectsReturned", "Meta"}


def _function_is_ours(value: Any) -> bool:
    """A method copied onto a generated class (``Manager.from_queryset``) that is ours."""
    func = inspect.unwrap(value) if callable(value) else None
    return (getattr(func, "__module__", "") or "").split(".")[0] == "djstripe"


def describe_model(model: Any, example: dict[str, Any] | None) -> dict[str, Any]:
    from django.db import models

    fields: dict[str, str] = {}
    reverse: dict[str, str] = {}
    names: set[str] = set()
    for field in model._meta.get_fields(include_hidden=False):
        if field.concrete or (field.many_to_many and not field.auto_created):
            fields[field.name] = field_kind(field)
            names.update({field.name, getattr(field, "attname", field.name)})
        elif field.auto_created and field.is_relation:
            accessor = field.get_accessor_name()
            if accessor and not accessor.endswith("+"):
                many = "many" if (field.one_to_many or field.many_to_many) else "one"
                reverse[accessor] = f"{many}:{field.related_model.__name__}"
                names.add(accessor)
    members: dict[str, Any] = {}
    instance = _instance(model, example)
    for name in sorted(dir(model)):
        if name.startswith("_") or name in names or name in _DJANGO_MEMBERS:
            continue
        klass = _defining_class(model, name)
        if not _is_ours(klass) and not _GENERATED.match(name):
            continue
        static = vars(klass)[name] if klass else None
        members[name] = _describe_member(model, name, static, instance)
    managers = {manager.name: _describe_manager(manager) for manager in model._meta.managers}
    return {
        "fields": fields,
        "reverse": reverse,
        "members": members,
        "managers": managers,
        "abstract": model._meta.abstract,
        "bases": [b.__name__ for b in model.__mro__[1:] if issubclass(b, models.Model)],
    }


def _instance(model: Any, example: dict[str, Any] | None) -> Any:
    try:
        instance = model()
    except Exception:  # noqa: BLE001 - some models need arguments; values stay unknown
        return None
    if example is not None and hasattr(instance, "stripe_data"):
        instance.stripe_data = example
        _fill_columns(model, instance, example)
    return instance


def _fill_columns(model: Any, instance: Any, example: dict[str, Any]) -> None:
    """Give an unsaved row the column values a sync would (this project only)."""
    try:
        from djstripe.sync import mapping  # type: ignore[import-not-found]
    except ImportError:  # dj-stripe 2.11: its properties read stripe_data
        return
    for column in mapping.columns(model):
        if column.reference is None and not column.field.is_relation:
            try:
                setattr(instance, column.attname, column.value(example))
            except Exception:  # noqa: BLE001, S112 - best effort description
                continue


def _describe_member(model: Any, name: str, static: Any, instance: Any) -> dict[str, Any]:
    if isinstance(static, classmethod | staticmethod):
        kind = type(static).__name__
        return {"kind": kind, "signature": signature(getattr(model, name))}
    if inspect.isfunction(static) or isinstance(static, functools.partialmethod):
        func = getattr(model, name)
        return {"kind": "method", "signature": signature(func)}
    if isinstance(static, property | functools.cached_property) or (
        hasattr(static, "__get__") and not callable(static) and not _is_data(static)
    ):
        return {"kind": "property", "value": _evaluate(instance, name)}
    if type(static).__name__ == "ManagerDescriptor":
        return {"kind": "manager"}
    return {"kind": "attribute", "value": value_kind(static)}


def _is_data(value: Any) -> bool:
    return isinstance(value, str | int | float | list | tuple | dict | type)


_AMOUNT = re.compile(r"amount|balance|fee$|total|^net$|credits|pending_charges|_off$|percent")
_DATE = re.compile(r"(_at|_date|_end|_start|_on|_until|_by|^date|^period_.*)$")


def _evaluate(instance: Any, name: str) -> str:
    """The kind of ``instance.<name>``; an absent amount or date is probed with a number."""
    if instance is None:
        return "unknown"
    try:
        kind = value_kind(getattr(instance, name))
    except Exception as exc:  # noqa: BLE001 - recorded, not raised
        return f"error:{type(exc).__name__}"
    probe = 1234 if _AMOUNT.search(name) else 1700000000 if _DATE.search(name) else "probe"
    data = getattr(instance, "stripe_data", None)
    if kind != "none" or probe is None or not isinstance(data, dict):
        return kind
    instance.stripe_data = {**data, name: probe, "currency": data.get("currency") or "usd"}
    try:
        probed = value_kind(getattr(instance, name))
        return f"probe:{probed}" if isinstance(probe, str) else probed
    except Exception as exc:  # noqa: BLE001 - recorded, not raised
        return f"error:{type(exc).__name__}"
    finally:
        instance.stripe_data = data


def _describe_manager(manager: Any) -> dict[str, Any]:
    from django.db import models

    base = set(dir(models.Manager()))
    methods = {}
    for name in sorted(set(dir(manager)) - base):
        if name.startswith("_"):
            continue
        value = getattr(manager, name, None)
        if callable(value):
            methods[name] = signature(value)
    return methods


def describe_module(name: str) -> dict[str, Any] | None:
    try:
        module = importlib.import_module(name)
    except ImportError as exc:
        return {"error": str(exc)} if exc.name and exc.name != name else None
    public = set(getattr(module, "__all__", ()))
    package = hasattr(module, "__path__")
    for attr, value in vars(module).items():
        if attr.startswith("_") or inspect.ismodule(value) or _foreign(value, name, package):
            continue
        public.add(attr)
    return {attr: _describe_value(getattr(module, attr, None)) for attr in sorted(public)}


def _foreign(value: Any, module: str, package: bool) -> bool:
    """Whether a module attribute is an import from elsewhere rather than its own name.

    A package (``djstripe.models``) re-exports its submodules' names on purpose.
    """
    if inspect.isclass(value) or inspect.isroutine(value):
        home = getattr(value, "__module__", "") or ""
        if home.split(".")[0] != "djstripe":
            return True
        return not package and home != module
    home = type(value).__module__ or ""
    if home.startswith(("django.conf", "logging", "typing", "re", "datetime", "functools")):
        return True
    if home.split(".")[0] == "djstripe" and not package and home != module:
        return True
    return False


def _describe_value(value: Any) -> dict[str, Any]:
    if inspect.isclass(value):
        members = sorted(n for n in dir(value) if not n.startswith("_"))
        info: dict[str, Any] = {
            "kind": "class",
            "bases": [b.__name__ for b in value.__mro__[1:]],
        }
        if _is_model(value):
            return info
        if _enum_like(value):
            info["values"] = {n: str(getattr(value, n)) for n in members if _enum_member(value, n)}
        else:
            info["members"] = {
                n: signature(getattr(value, n)) if callable(getattr(value, n, None)) else None
                for n in members
                if _is_ours(_defining_class(value, n)) or _function_is_ours(getattr(value, n))
            }
            info["attrs"] = members
            init = vars(value).get("__init__")
            if init is not None:
                info["init"] = signature(init)
        return info
    if inspect.isroutine(value):
        return {"kind": "function", "signature": signature(value)}
    if isinstance(value, dict):
        return {"kind": "dict", "keys": sorted(map(str, value))}
    if isinstance(value, list | tuple | set | frozenset) and all(isinstance(v, str) for v in value):
        return {"kind": "list", "items": sorted(value)}
    if type(value).__name__ == "_DjstripeSettings" or type(value).__name__ == "DjstripeSettings":
        return {"kind": "object", "attributes": sorted(n for n in dir(value) if n[0] != "_")}
    return {"kind": value_kind(value)}


def _is_model(value: type) -> bool:
    return hasattr(value, "_meta") and hasattr(value, "DoesNotExist")


def _enum_like(value: type) -> bool:
    return hasattr(value, "choices") and hasattr(value, "humanize")


def _enum_member(cls: type, name: str) -> bool:
    if name in ("choices", "humanize", "labels", "names", "values", "do_not_call_in_templates"):
        return False
    return isinstance(getattr(cls, name, None), str)


def describe_commands() -> dict[str, Any]:
    from django.core.management import load_command_class

    out: dict[str, Any] = {}
    for name in COMMANDS:
        try:
            command = load_command_class("djstripe", name)
        except (ImportError, AttributeError):
            continue
        parser = command.create_parser("manage.py", name)
        options = {}
        for action in parser._actions:
            if action.dest in ("help",) or action.dest in _BASE_OPTIONS:
                continue
            options[action.dest] = sorted(action.option_strings) or ["<positional>"]
        out[name] = options
    return out


_BASE_OPTIONS = {
    "version",
    "verbosity",
    "settings",
    "pythonpath",
    "traceback",
    "no_color",
    "force_color",
    "skip_checks",
}


def settings_read(package: Any) -> list[str]:
    """Setting names read by the package's source (migrations too; not tests)."""
    found: set[str] = set()
    root = Path(package.__file__).parent
    for path in root.rglob("*.py"):
        parts = set(path.relative_to(root).parts)
        if parts & {"testing", "tests"}:
            continue
        for attribute, literal in _SETTING_NAME.findall(path.read_text(encoding="utf-8")):
            found.add(attribute or literal)
    return sorted(found)


def dump(examples: dict[str, Any]) -> dict[str, Any]:
    import django
    from django.apps import apps
    from django.contrib import admin

    import djstripe

    models = {
        model.__name__: describe_model(model, examples.get(model.__name__))
        for model in apps.get_app_config("djstripe").get_models()
    }
    modules = {name: describe_module(name) for name in MODULES}
    submodules = {}
    models_pkg = importlib.import_module("djstripe.models")
    for info in pkgutil.iter_modules(models_pkg.__path__):
        full = f"djstripe.models.{info.name}"
        names = {n for n, info in (describe_module(full) or {}).items() if info["kind"] == "class"}
        module = importlib.import_module(full)
        if "__dir__" in vars(module):  # names lent by a PEP 562 module (see models/moved.py)
            names |= {n for n in dir(module) if inspect.isclass(getattr(module, n, None))}
        submodules[full] = sorted(names)
    return {
        "django": django.get_version(),
        "models": models,
        "modules": modules,
        "model_submodules": submodules,
        "commands": describe_commands(),
        "settings": settings_read(djstripe),
        "admin_registered": sorted(
            m.__name__ for m in admin.site._registry if m._meta.app_label == "djstripe"
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--examples", help="JSON: model name -> example Stripe object")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    import django

    django.setup()
    examples = json.loads(Path(args.examples).read_text()) if args.examples else {}
    Path(args.out).write_text(json.dumps(dump(examples), indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
