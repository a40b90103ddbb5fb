"""``djstripe.sync.rows`` on its own: batched state look-ups, the guarded upsert,
stamp bumps and column updates, checked on the rows they leave."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from djstripe.models import Card, DjstripePaymentMethod, Product, Subscription, SubscriptionItem
from djstripe.sync import column_updates, rows
from djstripe.sync.state import Tombstone

pytestmark = pytest.mark.django_db


def product(stripe_id: str, *, stamp: int = 100, livemode: bool | None = False, **kw: Any) -> Any:
    return Product.objects.create(
        id=stripe_id,
        name=kw.pop("name", stripe_id),
        djstripe_stamp=stamp,
        djstripe_stamp_source=kw.pop("source", "api"),
        djstripe_livemode=livemode,
        djstripe_hash=kw.pop("data_hash", "h-" + stripe_id),
        **kw,
    )


# ---- helpers ----
def test_chunked_splits_in_order_and_never_loses_an_item() -> None:
    assert [list(c) for c in rows.chunked([1, 2, 3, 4, 5], 2)] == [[1, 2], [3, 4], [5]]
    assert [list(c) for c in rows.chunked([1, 2], 0)] == [[1], [2]]  # size is at least 1
    assert list(rows.chunked([], 3)) == []


def test_root_model_is_the_table_holding_the_stripe_id() -> None:
    assert rows.root_model(Product) is Product
    assert rows.root_model(Card) is DjstripePaymentMethod
    layout = rows.table_layout(Card)
    assert layout[0][0] is DjstripePaymentMethod  # the root table first
    assert {table for table, _ in layout} == {DjstripePaymentMethod, Card}
    assert all(f.name != "djstripe_id" for _, fields in layout for f in fields)


# ---- states ----
def test_states_answers_stored_rows_and_tombstones_and_skips_unknown_ids() -> None:
    product("prod_a", stamp=120, livemode=True, data_hash="abc")
    Tombstone.objects.create(
        stripe_id="prod_gone", object_type="product", stamp=90, object_created=80, livemode=False
    )
    found, tombstones = rows.states({Product: {"prod_a", "prod_gone", "prod_never"}})
    assert set(found[Product]) == {"prod_a"}
    state = found[Product]["prod_a"]
    assert (state.stamp, state.data_hash, state.livemode) == (120, "abc", True)
    assert state.deleted is False
    assert set(tombstones) == {"prod_gone"}
    assert (tombstones["prod_gone"].stamp, tombstones["prod_gone"].object_created) == (90, 80)
    assert tombstones["prod_gone"].livemode is False


def test_states_of_nothing_runs_no_query(django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(0):
        assert rows.states({Product: set()}) == ({Product: {}}, {})


def test_states_lists_the_stored_children_of_parents_in_the_same_statement(
    django_assert_num_queries: Any,
) -> None:
    sub = Subscription.objects.create(id="sub_1", djstripe_stamp=1)
    SubscriptionItem.objects.create(id="si_1", subscription=sub, djstripe_stamp=1)
    SubscriptionItem.objects.create(id="si_2", subscription=sub, djstripe_stamp=1)
    related = rows.Related(children={}, links={})
    with django_assert_num_queries(1):
        rows.states(
            {Subscription: {"sub_1"}},
            children={(SubscriptionItem, "subscription"): {"sub_1", "sub_none"}},
            related=related,
        )
    assert related.children[(SubscriptionItem, "subscription")] == {
        "sub_1": {"si_1", "si_2"},
        "sub_none": set(),
    }


# ---- upsert ----
TOMB_FIELDS = [
    Tombstone._meta.get_field(name)
    for name in ("stripe_id", "object_type", "stamp", "stamp_source", "livemode", "created")
]


def tomb_row(stripe_id: str, object_type: str, stamp: int, livemode: Any = None) -> list[Any]:
    from django.utils import timezone

    return [stripe_id, object_type, stamp, "api", livemode, timezone.now()]


def upsert(rows_: list[list[Any]], **kw: Any) -> list[Any]:
    return rows.upsert(
        Tombstone,
        TOMB_FIELDS,
        rows_,
        conflict_field=Tombstone._meta.get_field("stripe_id"),
        returning=Tombstone._meta.get_field("stripe_id"),
        **kw,
    )


def test_upsert_inserts_then_replaces_whole_rows() -> None:
    assert sorted(upsert([tomb_row("x_1", "a", 1), tomb_row("x_2", "a", 1)])) == ["x_1", "x_2"]
    assert upsert([tomb_row("x_1", "b", 2)]) == ["x_1"]
    stored = Tombstone.objects.get(stripe_id="x_1")
    assert (stored.object_type, stored.stamp) == ("b", 2)
    assert Tombstone.objects.count() == 2


ON_MYSQL = pytest.mark.skipif(
    connection.vendor == "mysql",
    reason="MySQL's builder (sync.dialects) evaluates the guard through the marker column "
    "of a Stripe model's table and splits by statement size; its guard is covered by "
    "test_terminal_states.py and test_upsert_other_unique_key.py",
)


@ON_MYSQL
def test_upsert_replaces_only_where_the_condition_holds() -> None:
    upsert([tomb_row("x_1", "a", 5)])
    where = '"djstripe_tombstone"."stamp" < EXCLUDED."stamp"'
    assert upsert([tomb_row("x_1", "older", 3)], where=where) == []  # nothing replaced
    assert upsert([tomb_row("x_1", "newer", 7)], where=where) == ["x_1"]
    assert Tombstone.objects.get(stripe_id="x_1").object_type == "newer"


def test_upsert_keeps_sticky_values_when_new_data_has_none() -> None:
    upsert([tomb_row("x_1", "a", 1, livemode=True)])
    upsert([tomb_row("x_1", "a", 2, livemode=None)], sticky=("livemode",))
    assert Tombstone.objects.get(stripe_id="x_1").livemode is True
    upsert([tomb_row("x_1", "a", 3, livemode=None)])  # not sticky: replaced
    assert Tombstone.objects.get(stripe_id="x_1").livemode is None


def test_upsert_writes_insert_only_columns_on_insert_only() -> None:
    upsert([tomb_row("x_1", "first", 1)])
    upsert([tomb_row("x_1", "second", 2)], keep_on_update=("object_type",))
    stored = Tombstone.objects.get(stripe_id="x_1")
    assert (stored.object_type, stored.stamp) == ("first", 2)


def test_upsert_of_no_rows_runs_no_query(django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(0):
        assert upsert([]) == []


@ON_MYSQL
def test_upsert_splits_large_batches_by_the_parameter_limit(
    monkeypatch: pytest.MonkeyPatch, django_assert_num_queries: Any
) -> None:
    monkeypatch.setattr(rows, "MAX_PARAMS", len(TOMB_FIELDS) * 2)  # two rows a statement
    with django_assert_num_queries(3):
        inserted = upsert([tomb_row(f"x_{n}", "a", 1) for n in range(5)])
    assert len(inserted) == 5
    assert Tombstone.objects.count() == 5


# ---- bump_stamps ----
def test_bump_stamps_moves_only_older_rows_of_the_same_mode() -> None:
    product("prod_old", stamp=100)
    product("prod_new", stamp=300)
    product("prod_live", stamp=100, livemode=True)
    product("prod_unknown_mode", stamp=100, livemode=None)
    ids = ["prod_old", "prod_new", "prod_live", "prod_unknown_mode"]
    assert rows.bump_stamps(Product, ids, stamp=200, stamp_source="api", mode=False) == 2
    stamps = dict(Product.objects.values_list("id", "djstripe_stamp"))
    assert stamps == {
        "prod_old": 200,
        "prod_new": 300,
        "prod_live": 100,
        "prod_unknown_mode": 200,
    }
    learned = Product.objects.get(id="prod_unknown_mode").djstripe_livemode
    assert learned is False  # a row stored without its mode learns it


# ---- update_column ----
def test_update_column_sets_each_row_its_own_value() -> None:
    product("prod_a", name="old a")
    product("prod_b")
    product("prod_c", name="untouched")
    field = Product._meta.get_field("name")
    values = {"prod_a": "new a", "prod_b": "new b", "prod_missing": "x"}
    assert column_updates.update_column(Product, field, values, using="default") == 2
    stored = dict(Product.objects.values_list("id", "name"))
    assert stored == {"prod_a": "new a", "prod_b": "new b", "prod_c": "untouched"}


def test_update_column_only_if_null_leaves_set_values() -> None:
    sub = Subscription.objects.create(id="sub_1", djstripe_stamp=1)
    SubscriptionItem.objects.create(id="si_set", subscription=sub, djstripe_stamp=1)
    SubscriptionItem.objects.create(id="si_null", djstripe_stamp=1)
    Subscription.objects.create(id="sub_2", djstripe_stamp=1)
    field = SubscriptionItem._meta.get_field("subscription")
    values = {"si_set": "sub_2", "si_null": "sub_2"}
    column_updates.update_column(
        SubscriptionItem, field, values, only_if_null=True, using="default"
    )
    stored = dict(SubscriptionItem.objects.values_list("id", "subscription_id"))
    assert stored == {"si_set": "sub_1", "si_null": "sub_2"}


def test_update_column_takes_typed_values_and_nulls_by_primary_key() -> None:
    """Not only text: integers, times and NULLs, each of its column's type (PostgreSQL
    casts each value in its VALUES list), rows named by primary key."""
    import datetime

    a, b, c = product("prod_a"), product("prod_b"), product("prod_c")
    when = datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)
    created = Product._meta.get_field("created")
    assert (
        column_updates.update_column(
            Product, created, {a.pk: when, b.pk: None}, key="pk", using="default"
        )
        == 2
    )
    stamp = Product._meta.get_field("djstripe_stamp")
    column_updates.update_column(Product, stamp, {a.pk: 7, c.pk: 2**40}, key="pk", using="default")
    stored = {p.id: (p.created, p.djstripe_stamp) for p in Product.objects.all()}
    assert stored == {"prod_a": (when, 7), "prod_b": (None, 100), "prod_c": (None, 2**40)}


def test_update_column_in_several_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(column_updates, "VALUES_CHUNK", 2)
    monkeypatch.setattr(column_updates, "CASE_CHUNK", 2)
    for n in range(5):
        product(f"prod_{n}")
    field = Product._meta.get_field("name")
    values = {f"prod_{n}": f"name {n}" for n in range(5)}
    assert column_updates.update_column(Product, field, values, using="default") == 5
    assert dict(Product.objects.values_list("id", "name")) == values


def test_update_column_joins_a_values_list_where_the_database_can(
    django_assert_num_queries: Any,
) -> None:
    """A join is linear in rows; a ``CASE`` compares each row with every branch."""
    product("prod_a")
    field = Product._meta.get_field("name")
    with django_assert_num_queries(1) as captured:
        column_updates.update_column(Product, field, {"prod_a": "A"}, using="default")
    joined = "FROM (VALUES" in captured.captured_queries[0]["sql"]
    assert joined == (connection.vendor in ("postgresql", "sqlite"))


def test_update_column_by_case_where_the_database_cannot_join(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """MySQL, MariaDB and SQLite before 3.33: the same results by ``CASE``."""
    import datetime

    monkeypatch.setattr(column_updates, "joins", lambda connection: False)
    monkeypatch.setattr(column_updates, "CASE_CHUNK", 2)
    a, b, c = product("prod_a"), product("prod_b"), product("prod_c")
    when = datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)
    created = Product._meta.get_field("created")
    values = {a.pk: when, b.pk: None, c.pk: when}
    assert column_updates.update_column(Product, created, values, key="pk", using="default") == 3
    later = when + datetime.timedelta(days=1)
    column_updates.update_column(
        Product, created, {"prod_a": later, "prod_b": later}, only_if_null=True, using="default"
    )
    stored = {p.id: p.created for p in Product.objects.all()}
    assert stored == {"prod_a": when, "prod_b": later, "prod_c": when}


def test_update_columns_writes_each_row_once_with_only_its_own_changes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Rows named for one column only keep their other columns as they were."""
    monkeypatch.setattr(column_updates, "VALUES_CHUNK", 2)
    for key in "abcd":
        product(f"prod_{key}", name=key, active=True)
    name = Product._meta.get_field("name")
    active = Product._meta.get_field("active")
    changes = {
        name: {"prod_a": "A", "prod_b": "B", "prod_missing": "x"},
        active: {"prod_b": False, "prod_c": None},
    }
    rows_written = 3 if connection.vendor == "postgresql" else 4  # elsewhere column by column
    assert column_updates.update_columns(Product, changes, using="default") == rows_written
    stored = {p.id: (p.name, p.active) for p in Product.objects.all()}
    assert stored == {
        "prod_a": ("A", True),
        "prod_b": ("B", False),
        "prod_c": ("c", None),
        "prod_d": ("d", True),
    }


def test_pks_for_ids_maps_stored_ids_to_primary_keys() -> None:
    a, b = product("prod_a"), product("prod_b")
    assert rows.pks_for_ids(Product, ["prod_a", "prod_b", "prod_x", "prod_a"]) == {
        "prod_a": a.pk,
        "prod_b": b.pk,
    }
