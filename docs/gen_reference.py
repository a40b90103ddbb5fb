"""The generated reference pages of the docs, built from the code at every build.

MkDocs runs this file as a hook (``hooks:`` in mkdocs.yml): ``on_files`` adds the
pages ``reference/settings.md`` (every setting name djstripe reads, with its
default), ``reference/commands.md`` (each command's argparse options),
``reference/signals.md``, ``reference/checks.md`` (the system check ids) and
``reference/moved-fields.md`` (``djstripe.sync.versions``), so they never go
stale. To look at them without MkDocs::

    .venv/bin/python docs/gen_reference.py /tmp/reference

``tests/docs/test_reference.py`` checks them, and that every setting has a
description below.

The repository holds a short placeholder at each of these paths (written with
``--stubs``), so that links to them work when the docs are read in the repository
rather than on the built site; the build replaces them with the generated pages.
"""

from __future__ import annotations

import argparse
import ast
import importlib
import os
import pkgutil
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
HEADER = "<!-- Generated from the code by docs/gen_reference.py at each docs build. -->\n\n"

#: What each setting is for (the code gives the names, defaults and accessors).
SETTINGS: dict[str, str] = {
    "STRIPE_LIVE_MODE": "Whether the active mode is live. `False`: test mode.",
    "STRIPE_TEST_SECRET_KEY": "Secret (or restricted) key of test mode, `sk_test_...`.",
    "STRIPE_LIVE_SECRET_KEY": "Secret (or restricted) key of live mode, `sk_live_...`.",
    "STRIPE_SECRET_KEY": "A key that overrides both of the above (whatever its mode).",
    "STRIPE_TEST_PUBLIC_KEY": "Publishable key of test mode, for your templates.",
    "STRIPE_LIVE_PUBLIC_KEY": "Publishable key of live mode, for your templates.",
    "STRIPE_PUBLIC_KEY": "A publishable key that overrides both of the above.",
    "STRIPE_API_VERSION": "The Stripe API version of every request djstripe makes, and of "
    "the webhook endpoints it creates. Default: the version the installed stripe-python "
    "is pinned to. See [API versions](../api-versions.md).",
    "STRIPE_API_HOST": "Send Stripe requests to another host (the bundled API double in "
    "tests). Never in production (check `djstripe.W002`).",
    "DJSTRIPE_FOREIGN_KEY_TO_FIELD": "dj-stripe's setting; no longer matters: foreign keys "
    'always hold Stripe ids. `"djstripe_id"` gives warning `djstripe.W010` (a dj-stripe '
    "database made with it is converted by `migrate`); values dj-stripe never accepted "
    "give error `djstripe.E002`.",
    "DJSTRIPE_SUBSCRIBER_MODEL": "The model customers belong to (`app_label.ModelName`, "
    "with an `email`). Default: `AUTH_USER_MODEL`.",
    "DJSTRIPE_SUBSCRIBER_MODEL_MIGRATION_DEPENDENCY": "The migration of the subscriber "
    "model's app that creates it, when that is not the app's first migration. Default: "
    '`"__first__"`.',
    "DJSTRIPE_SUBSCRIBER_CUSTOMER_KEY": "Customer metadata key holding the subscriber's "
    'primary key, which links customers to subscribers. `""` turns the link off.',
    "DJSTRIPE_SUBSCRIBER_MODEL_REQUEST_CALLBACK": "Callable (or dotted path) `request -> "
    "subscriber`. Default: `request.user`.",
    "DJSTRIPE_IDEMPOTENCY_KEY_CALLBACK": "Callable (or dotted path) `(object_type, action, "
    "livemode) -> key` for the idempotency keys of djstripe's writes.",
    "DJSTRIPE_WEBHOOK_VALIDATION": '`"verify_signature"` (check the `Stripe-Signature` '
    'header), `"retrieve_event"` (re-read the event from Stripe) or `"none"`.',
    "DJSTRIPE_WEBHOOK_TOLERANCE": "Seconds a signature's timestamp may be away from now, "
    "either way (300). Zero or less means the default: replay protection cannot be "
    "switched off (check `djstripe.W009`).",
    "DJSTRIPE_WEBHOOK_PROCESSING": '`"inline"` (in the webhook request) or `"task"` (a '
    "Django task, run by workers).",
    "DJSTRIPE_WEBHOOK_MAX_BODY_BYTES": "Largest webhook body accepted, in bytes.",
    "DJSTRIPE_WEBHOOK_TRUST_X_FORWARDED_FOR": "Record the client address from "
    "`X-Forwarded-For` (behind a proxy you trust).",
    "DJSTRIPE_WEBHOOK_TASK_MAX_ATTEMPTS": "Attempts of a webhook task before the event is "
    "left `failed` (for `djstripe_process_events --failed`).",
    "DJSTRIPE_STALE_PENDING_AFTER": "Seconds (or a `timedelta`) an event may stay `pending` "
    "before `djstripe_process_events --failed` processes it as stranded: in task mode, the "
    "worker running its task died. Keep it above the time your queue takes in a burst; "
    "processing stays exactly once either way.",
    "DJSTRIPE_WEBHOOK_EVENT_CALLBACK": "dj-stripe's callback run instead of inline "
    "processing (prefer the signals).",
    "DJSTRIPE_FETCH_MISSING_REFERENCES": "Retrieve objects that synced data references but "
    "the mirror lacks (a subscription's customer, the key's own account, a product's "
    "features). `False`: no sync, webhook or backfill retrieves them; such references are "
    "left empty and remembered, and the next `djstripe_sync_models` links those its "
    "listings bring in. Still asked: which account a key belongs to (once per key and "
    "process), the rest of a long embedded list, a re-read of same-second events.",
    "DJSTRIPE_LEAN_LIST_READS": "Read list pages (the backfill, child lists, catch-up) over a "
    "kept-alive `http.client` connection, parsed with orjson, with the same headers, query, "
    "retries, request budget and errors as stripe-python. Default `True`; `False` sends them "
    "through stripe-python. A proxy in the environment (`HTTPS_PROXY`, ...) or in "
    "`stripe.proxy`, or a custom `stripe.default_http_client`, does the same by itself.",
    "DJSTRIPE_AUTOMATIC_TAX": "`True`: Stripe Tax calculates tax on the Checkout Sessions "
    "and subscriptions the helpers create (`automatic_tax`), and Checkout collects the "
    "address and tax ids it needs. Default `False`. See [Stripe Tax](../tax.md).",
    "DJSTRIPE_WEBHOOK_URL": "dj-stripe's legacy single-endpoint pattern, only shown as "
    "`djstripe_settings.DJSTRIPE_WEBHOOK_URL`; deliveries go to each endpoint's "
    "`webhook/<uuid>/`.",
}

#: Options every Django command has; the pages list only each command's own.
DJANGO_OPTIONS = frozenset(
    {
        "help",
        "version",
        "verbosity",
        "settings",
        "pythonpath",
        "traceback",
        "no_color",
        "force_color",
        "skip_checks",
    }
)


def setup_django() -> None:
    import django
    from django.conf import settings

    if not settings.configured:
        sys.path.insert(0, str(ROOT))
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
        django.setup()


def cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


# ---- settings ----------------------------------------------------------------------------


def settings_in_code() -> dict[str, dict[str, str]]:
    """Every setting name djstripe reads, with its accessor and default where visible."""
    from djstripe import settings as module

    tree = ast.parse(Path(module.__file__).read_text())
    found: dict[str, dict[str, str]] = {}
    for function in tree.body:
        if not isinstance(function, ast.FunctionDef) or function.name.startswith("_"):
            continue
        for node in ast.walk(function):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            if node.func.id not in ("_get", "callback") or not node.args:
                continue
            name = node.args[0]
            if not isinstance(name, ast.Constant) or not isinstance(name.value, str):
                continue
            default = _default(module, node) if node.func.id == "_get" else "None"
            found.setdefault(name.value, {"accessor": function.name, "default": default})
    package = Path(module.__file__).parent
    literal = re.compile(r"""(?:["']|settings\.)((?:DJSTRIPE|STRIPE)_[A-Z_]+)\b""")
    for path in sorted(package.rglob("*.py")):
        if {"testing", "migrations"} & set(path.parts):
            continue
        for name in literal.findall(path.read_text()):
            found.setdefault(name, {"accessor": "", "default": ""})
    return found


def _default(module: object, call: ast.Call) -> str:
    if len(call.args) < 2:
        return "None"
    node = call.args[1]
    if isinstance(node, ast.Name) and hasattr(module, node.id):
        return repr(getattr(module, node.id))
    return ast.unparse(node)


def settings_page() -> str:
    from djstripe import settings as module

    found = settings_in_code()
    lines = [
        "# Settings",
        "",
        "Every setting djstripe reads. Each is read when it is used (never cached at import),",
        "so `override_settings` works in tests. Names and defaults are dj-stripe's.",
        "",
        "| setting | default | meaning |",
        "|---|---|---|",
    ]
    for name in sorted(found):
        default = found[name]["default"] or "—"
        if name == "STRIPE_API_VERSION":
            default = f"`{module.pinned_api_version()}`"
        elif default not in ("—",):
            default = f"`{default}`"
        lines.append(f"| `{name}` | {cell(default)} | {cell(SETTINGS.get(name, ''))} |")
    lines += [
        "",
        "In code, read them through `djstripe.settings` (`djstripe.settings.api_version()`,",
        "`djstripe.settings.subscriber_model()`, ...) or dj-stripe's",
        "`djstripe.settings.djstripe_settings` object.",
    ]
    return "\n".join(lines) + "\n"


# ---- commands ----------------------------------------------------------------------------


def command_names() -> list[str]:
    import djstripe.management.commands as package

    return sorted(m.name for m in pkgutil.iter_modules(package.__path__) if not m.ispkg)


def commands_page() -> str:
    lines = [
        "# Management commands",
        "",
        "Each also takes Django's common options (`-v/--verbosity`, `--settings`,",
        "`--traceback`, ...). A failure exits non-zero.",
        "",
    ]
    lines += [f"- [`{name}`](#{name})" for name in command_names()]
    for name in command_names():
        command = importlib.import_module(f"djstripe.management.commands.{name}").Command()
        parser = command.create_parser("manage.py", name)
        actions = [a for a in parser._actions if a.dest not in DJANGO_OPTIONS]
        usage = " ".join(_usage(action) for action in actions)
        lines += ["", f"## {name}", "", "```text", f"manage.py {name} {usage}".rstrip(), "```"]
        lines += ["", command.help, ""]
        if actions:
            lines += ["| option | meaning | default |", "|---|---|---|"]
            for action in actions:
                flags = ", ".join(f"`{f}`" for f in action.option_strings) or f"`{action.dest}`"
                default = action.default
                shown = "" if default in (None, False, argparse.SUPPRESS) else f"`{default!r}`"
                help_text = (action.help or "") % {"default": default}
                lines.append(f"| {flags} | {cell(help_text)} | {cell(shown)} |")
    return "\n".join(lines) + "\n"


def _usage(action: argparse.Action) -> str:
    if not action.option_strings:
        return f"[{action.metavar or action.dest.upper()} ...]" if action.nargs else action.dest
    flag = max(action.option_strings, key=len)
    if action.nargs == 0:
        text = flag
    else:
        metavar = action.metavar or action.dest.upper()
        text = f"{flag} {metavar}" + (" ..." if action.nargs in ("+", "*") else "")
    return text if action.required else f"[{text}]"


# ---- signals -----------------------------------------------------------------------------


def signals_page() -> str:
    from django.dispatch import Signal

    from djstripe import event_handlers, signals

    named = [n for n, v in vars(signals).items() if isinstance(v, Signal)]
    lines = [
        "# Signals",
        "",
        "`djstripe.signals` sends these around webhook processing (dj-stripe's names):",
        "",
        *[f"- `djstripe.signals.{name}`" for name in sorted(named)],
        "",
        "```text",
        (signals.__doc__ or "").strip(),
        "```",
        "",
        "## One signal per event type",
        "",
        "Connect to them with `djstripe.event_handlers.djstripe_receiver`:",
        "",
        "```text",
        (event_handlers.djstripe_receiver.__doc__ or "").strip(),
        "```",
        "",
        f"The {len(signals.WEBHOOK_SIGNALS)} event types with a signal "
        "(`djstripe.signals.WEBHOOK_SIGNALS`); a type Stripe adds later gets one on first use:",
        "",
        '??? note "Event types"',
        "",
    ]
    lines += [f"    `{event_type}`  " for event_type in sorted(signals.WEBHOOK_SIGNALS)]
    return "\n".join(lines) + "\n"


# ---- checks ------------------------------------------------------------------------------


def checks_page() -> str:
    from djstripe import checks

    levels = {"E": "Error", "W": "Warning", "I": "Info", "C": "Critical"}
    reserved = re.findall(r"^\s+(djstripe\.[CEWI]\d{3})\s+(.*)$", checks.__doc__ or "", re.M)
    lines = [
        "# System checks",
        "",
        "`manage.py check` runs them. Checks marked *database* read the database, so they run",
        "only when Django passes databases (`migrate`, `check --database default`). Silence one",
        "with `SILENCED_SYSTEM_CHECKS`. Ids that dj-stripe 2.11 used with the same meaning are",
        "kept, so a dj-stripe project's silenced ids keep working.",
        "",
        "| id | level | when |",
        "|---|---|---|",
    ]
    for check_id, meaning in sorted(checks.CHECKS.items()):
        level = levels[check_id.split(".")[1][0]]
        lines.append(f"| `{check_id}` | {level} | {cell(meaning)} |")
    lines += ["", "Reserved ids, never reused:", ""]
    lines += [f"- `{check_id}`: {meaning}" for check_id, meaning in reserved]
    return "\n".join(lines) + "\n"


# ---- fields that moved between API versions -----------------------------------------------


def moved_fields_page() -> str:
    from djstripe.sync import versions

    lines = [
        "# Fields that moved between API versions",
        "",
        "djstripe reads each of these columns from the first path present in the data, the",
        "current API version's first, so data rendered at any version fills the same columns.",
        "*derived*: computed when no path is present; *kept*: a stored value is kept when new",
        "data has none (a link that other objects fill in).",
        "",
        "| model | column | read from | changed in | note |",
        "|---|---|---|---|---|",
    ]
    for entry in versions.entries():
        paths = ", ".join(f"`{p}`" for p in entry.paths)
        extra = [word for word, on in (("derived", entry.derive), ("kept", entry.sticky)) if on]
        note = entry.note + (f" ({', '.join(extra)})" if extra else "")
        lines.append(
            f"| {entry.model} | `{entry.field}` | {paths} | {entry.changed_in} | {cell(note)} |"
        )
    return "\n".join(lines) + "\n"


def models_page() -> str:
    from djstripe.sync import mapping, registry

    lines = [
        "# Mirrored models",
        "",
        "Every model that mirrors a Stripe object, read from its declaration: the `object`",
        "it mirrors, where it is listed, how a deletion is kept, the lists synced with it and",
        "its typed columns besides the common `id`, `livemode`, `created` and `metadata`",
        "(filled from Stripe; everything else is a property over `stripe_data`). See",
        "[Columns and attributes](../models/columns.md) for the rule.",
        "",
        "| model | Stripe object | listed at | deletion | child lists | columns |",
        "|---|---|---|---|---|---|",
    ]
    for model in sorted(registry.stripe_models(), key=lambda m: m.__name__):
        listed = f"`{model.api_path}`" if model.api_path and model.listable else ""
        children = ", ".join(f"`{spec.key}`" for spec in model.child_lists)
        columns = ", ".join(
            f"`{column.name}`"
            for column in mapping.columns(model)
            if column.name not in ("id", "livemode", "created", "metadata")
        )
        lines.append(
            f"| {model.__name__} | `{model.stripe_object}` | {listed} | "
            f"{model.deletion} | {children} | {columns} |"
        )
    return "\n".join(lines) + "\n"


PAGES: dict[str, Callable[[], str]] = {
    "settings.md": settings_page,
    "commands.md": commands_page,
    "signals.md": signals_page,
    "checks.md": checks_page,
    "moved-fields.md": moved_fields_page,
    "models.md": models_page,
}


def render() -> dict[str, str]:
    """``{"reference/settings.md": text, ...}``."""
    setup_django()
    return {f"reference/{name}": HEADER + build() for name, build in PAGES.items()}


def on_files(files: Any, config: Any) -> Any:
    """MkDocs hook: add the generated pages to the site, and every page to the nav."""
    from mkdocs.structure.files import File

    for uri, text in render().items():
        stub = files.get_file_from_path(uri)
        if stub is not None:  # the repository's placeholder (see STUB), replaced here
            files.remove(stub)
        files.append(File.generated(config, uri, content=text))
    complete_nav(config.nav, [page.src_uri for page in files.documentation_pages()])
    return files


#: The nav section that receives a page left out of ``nav``, by its folder.
SECTION_OF_FOLDER = {"models": "Models", "contributing": "Contributing", "": "Guides"}


def complete_nav(nav: list[Any] | None, pages: list[str]) -> list[str]:
    """Append the pages that ``nav`` does not mention to their section; return them.

    So a page someone adds (``docs/webhooks.md``, ``docs/models/x.md``) is on the site at
    once, and the strict build does not fail over it; move it where it belongs later.
    """
    if not nav:
        return []
    listed = set(_nav_paths(nav))
    added = []
    for page in sorted(pages):
        if page in listed or page.startswith("reference/"):
            continue
        folder = page.rsplit("/", 1)[0] if "/" in page else ""
        section = SECTION_OF_FOLDER.get(folder, "Guides")
        _section(nav, section).append(page)
        added.append(page)
    return added


def _nav_paths(node: Any) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [path for value in node.values() for path in _nav_paths(value)]
    if isinstance(node, list):
        return [path for item in node for path in _nav_paths(item)]
    return []


def _section(nav: list[Any], title: str) -> list[Any]:
    for item in nav:
        if isinstance(item, dict) and isinstance(item.get(title), list):
            return item[title]
    entries: list[Any] = []
    nav.append({title: entries})
    return entries


#: Where each generated page's content comes from, for its placeholder.
SOURCES = {
    "models.md": ("Mirrored models", "the model declarations of `djstripe/models/`"),
    "settings.md": (
        "Settings",
        "the accessors of `djstripe/settings.py`, described in "
        "`SETTINGS` of `docs/gen_reference.py`",
    ),
    "commands.md": (
        "Management commands",
        "the argparse options of each command in `djstripe/management/commands/`",
    ),
    "signals.md": ("Signals", "`djstripe/signals.py`"),
    "checks.md": (
        "System checks",
        "`CHECKS` in `djstripe/checks.py` (and the reserved ids in its docstring)",
    ),
    "moved-fields.md": ("Fields that moved between API versions", "`djstripe/sync/versions/`"),
}
STUB = """# {title}

<!-- A placeholder: docs/gen_reference.py replaces it at each docs build. -->

This page is generated from the code when the documentation site is built, from
{source}, so it is always current there. To read it from a checkout:

```bash
mkdocs serve                                      # the whole site, http://127.0.0.1:8000
python docs/gen_reference.py /tmp/djstripe-docs   # or just the pages, as Markdown files
```

then open `/tmp/djstripe-docs/reference/{name}`.
"""


def stubs() -> dict[str, str]:
    """``{"reference/settings.md": placeholder, ...}``: what the repository holds."""
    return {
        f"reference/{name}": STUB.format(title=title, source=source, name=name)
        for name, (title, source) in SOURCES.items()
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write the generated reference pages.")
    parser.add_argument("directory", type=Path, help="Where to write them.")
    parser.add_argument(
        "--stubs", action="store_true", help="Write the repository's placeholders instead."
    )
    options = parser.parse_args(argv)
    pages = stubs() if options.stubs else render()
    for uri, text in pages.items():
        path = options.directory / uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        sys.stdout.write(f"wrote {path}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
