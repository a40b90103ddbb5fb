"""Checks of the mirrored data after the conversion: rows, ids, relations, typed columns."""

from __future__ import annotations

from typing import Any

from django.apps import apps

from . import env, expectations, orm_rows, tables
from .report import Check

#: dj-stripe tables this project does not keep, and where the docs say so.
DOCUMENTED_DROPS = {
    "djstripe_upcominginvoice": ("UpcomingInvoice", "docs/migrating.md"),
}


def sample(items: Any, limit: int = 5) -> str:
    items = sorted(items, key=str)
    more = f" (+{len(items) - limit} more)" if len(items) > limit else ""
    return ", ".join(str(item) for item in items[:limit]) + more


def rows_and_ids(check: Check, snapshot: dict[str, Any]) -> None:
    """Every dj-stripe row is still there with its djstripe_id and Stripe id.

    Read through the models: a table this project splits (a card's Stripe id now in the
    payment methods' table) still names its rows the same way. Rows may be added (objects
    dj-stripe kept only inside their parent's data); none may be lost or change its ids.
    """
    present = tables.existing_tables()
    through = set(snapshot["through_tables"])
    added = 0
    for table, before in sorted(snapshot["tables"].items()):
        if table in through:
            continue  # link tables: compared by their links (m2m check)
        model = orm_rows.model_for_table(table)
        if model is None:
            if table not in present:
                dropped(check, table, before)
            elif before["count"]:
                check.fail(f"{table}: no model reads this table any more ({before['count']} rows)")
            continue
        surrogate = before["pk"] == "djstripe_id"
        old = {tuple(row) if surrogate else (row[-1],) for row in before["rows"]}
        try:
            new = orm_rows.identities(model, with_djstripe_id=surrogate)
        except Exception as error:
            check.fail(f"{table}: cannot read ({type(error).__name__}: {str(error)[:160]})")
            continue
        lost = old - new
        if lost and renumbered_as_documented(model, lost, new):
            check.note(
                f"{table}: {len(lost)} rows renumbered (their djstripe_id was taken by another "
                f"payment source; documented), e.g. {sample(lost, 3)}"
            )
        elif lost:
            what = "(djstripe_id, id)" if surrogate else "ids"
            moved = {row[-1] for row in lost} & {row[-1] for row in new}
            check.fail(
                f"{table} ({model.__name__}): {len(lost)} of {before['count']} {what} lost or "
                f"changed ({len(moved)} Stripe ids still there under another djstripe_id), "
                f"e.g. {sample(lost)}; now e.g. {sample(new - old)}"
            )
        if new - old:
            added += len(new - old)
            check.note(f"{table}: {len(new - old)} rows added, e.g. {sample(new - old, 3)}")
    total = sum(info["count"] for info in snapshot["tables"].values())
    check.note(
        f"{len(snapshot['tables'])} dj-stripe tables, {total} rows before the swap, {added} added"
    )


def renumbered_as_documented(model: Any, lost: set[Any], new: set[Any]) -> bool:
    """Cards, bank accounts and Sources share one key space here (they are children of
    one base): a row whose old ``djstripe_id`` another source took gets a new one, as
    docs/migrating.md says. Its Stripe id must still be there."""
    shared = any(parent is not None for parent in model._meta.parents.values())
    page = env.REPO_ROOT / "docs" / "migrating.md"
    documented = page.exists() and "share one table of payment sources" in page.read_text()
    return shared and documented and {row[-1] for row in lost} <= {row[-1] for row in new}


def dropped(check: Check, table: str, before: dict[str, Any]) -> None:
    documented = DOCUMENTED_DROPS.get(table)
    if documented:
        model, page = documented
        text = (env.REPO_ROOT / page).read_text() if (env.REPO_ROOT / page).exists() else ""
        if model in text:
            check.note(f"{table} dropped ({before['count']} rows), documented in {page}")
            return
        check.fail(f"{table} dropped but {page} does not mention {model}")
    elif before["count"]:
        check.fail(f"{table}: table gone, {before['count']} rows lost")
    else:
        check.fail(f"{table}: table gone (it was empty; undocumented)")


def relations(check: Check, snapshot: dict[str, Any], key: str) -> None:
    """Each foreign key leads from the same rows to the same Stripe objects as before."""
    linked_new: dict[str, int] = {}
    for name, before in sorted(snapshot[key].items()):
        table, column = name.split(".", 1)
        label = f"{before['model']}.{before['field']} ({name})"
        model = orm_rows.model_for_table(table)
        field = orm_rows.foreign_key(model, column) if model else None
        if field is None:
            if before["pairs"]:
                check.fail(
                    f"{label}: no such foreign key after the swap; "
                    f"{len(before['pairs'])} links were set"
                )
            continue
        try:
            new, dangling = orm_rows.links(model, field)
        except Exception as error:
            check.fail(f"{label}: cannot read ({type(error).__name__}: {str(error)[:160]})")
            continue
        old = {tuple(pair) for pair in before["pairs"]}
        if old - new:
            changed = {child for child, _ in old - new} & {child for child, _ in new}
            check.fail(
                f"{label}: {len(old - new)} of {len(old)} links lost "
                f"({len(changed)} now pointing elsewhere), e.g. {sample(old - new)}; "
                f"now e.g. {sample(new - old)}"
            )
        elif new - old:
            linked_new[label] = len(new - old)
        if dangling:
            check.fail(
                f"{label}: {len(dangling)} values point at no row, e.g. "
                f"{sample(dangling, 3)} (before: {len(before['dangling'])})"
            )
    for label, count in sorted(linked_new.items()):
        check.note(f"{label}: {count} links added")
    check.note(f"{len(snapshot[key])} foreign keys compared")


def m2m(check: Check, snapshot: dict[str, Any]) -> None:
    """Many-to-many links (tax rates of items and invoices) between the same objects."""
    after = tables.m2m_links("djstripe")
    for name, before in sorted(snapshot["m2m"].items()):
        now = after.get(name)
        if now is None or "pairs" not in now:
            why = "no such field" if now is None else f"missing tables {now['missing_tables']}"
            if before["pairs"]:
                check.fail(f"{name}: {why} after the swap; {len(before['pairs'])} links")
            continue
        old = {tuple(p) for p in before["pairs"]}
        new = {tuple(p) for p in now["pairs"]}
        if old - new:
            check.fail(f"{name}: links lost: {sample(old - new)}; new: {sample(new - old)}")
        check.note(
            f"{name}: {len(old)} links ({before['through_table']} -> {now['through_table']})"
        )


def typed_columns(check: Check, snapshot: dict[str, Any]) -> None:
    """Typed columns hold what ``stripe_data`` says (filled by the conversion)."""
    compared = 0
    blank: dict[str, int] = {}  # null in stripe_data, "" in a text column (Django's habit)
    unreadable: set[str] = set()
    for model_name, field, path, kind in expectations.TYPED:
        if model_name in unreadable:
            continue
        samples = snapshot["typed_samples"].get(model_name, {})
        wanted = {sid: values for sid, values in samples.items() if path in values}
        if not wanted:
            continue
        model = apps.get_model("djstripe", model_name)
        try:
            found = {obj.id: obj for obj in model.objects.filter(id__in=list(wanted))}
        except Exception as error:
            check.fail(f"{model_name}: cannot read ({type(error).__name__}: {error})")
            unreadable.add(model_name)
            continue
        wrong = []
        for stripe_id, values in wanted.items():
            obj = found.get(stripe_id)
            if obj is None:
                wrong.append(f"{stripe_id}: row missing")
                continue
            want = expectations.expected(kind, values[path], values)
            value = getattr(obj, field)
            compared += 1
            if want is None and value == "":
                blank[f"{model_name}.{field}"] = blank.get(f"{model_name}.{field}", 0) + 1
                continue
            if not expectations.same(kind, want, value):
                wrong.append(f"{stripe_id}: expected {want!r}, found {value!r}")
        if wrong:
            table = model._meta.db_table
            check.fail(
                f"{model_name}.{field} ({table}, from stripe_data.{path}): "
                f"{len(wrong)}/{len(wanted)} wrong, e.g. {'; '.join(wrong[:3])}"
            )
    check.note(f"{compared} typed values compared with stripe_data")
    if blank:
        check.note(
            "null stored as an empty string: "
            + ", ".join(f"{name} ({count})" for name, count in sorted(blank.items()))
        )


def readable(check: Check) -> None:
    """Every model's rows load through the ORM, every concrete field read."""
    for model in apps.get_app_config("djstripe").get_models():
        try:
            for obj in model.objects.all()[:500]:
                for field in model._meta.concrete_fields:
                    getattr(obj, field.attname)
        except Exception as error:
            check.fail(f"{model.__name__}: {type(error).__name__}: {str(error)[:200]}")
