"""``djstripe.sync.plan`` on its own: what a plan holds for given Stripe data (items,
references, children, prunes), built without the database or the network."""

from __future__ import annotations

from typing import Any

import pytest

from djstripe.exceptions import InvalidStripeDataError
from djstripe.models import (
    Card,
    Customer,
    DjstripePaymentMethod,
    Price,
    Product,
    Subscription,
    SubscriptionItem,
)
from djstripe.sync.plan import Plan, check_id, check_object
from djstripe.sync.source import Source

STAMP = 1_700_000_000


def plan(**source: Any) -> Plan:
    return Plan(Source.api(STAMP, **source))


def subscription(items: list[dict[str, Any]], *, has_more: bool = False, **extra: Any) -> dict:
    return {
        "id": "sub_1",
        "object": "subscription",
        "customer": "cus_1",
        "status": "active",
        "items": {"object": "list", "data": items, "has_more": has_more},
        **extra,
    }


def item(stripe_id: str, **extra: Any) -> dict[str, Any]:
    return {"id": stripe_id, "object": "subscription_item", "quantity": 1, **extra}


def keys(built: Plan) -> set[tuple[str, str]]:
    return {(entry.model.__name__, entry.stripe_id) for entry in built}


# ---- one object ----
def test_an_object_becomes_one_item_with_its_column_values() -> None:
    built = plan()
    added = built.add(Customer, {"id": "cus_1", "object": "customer", "email": "a@b.c"})
    assert keys(built) == {("Customer", "cus_1")}
    assert added is not None and added.values["email"] == "a@b.c"
    assert added.source.stamp == STAMP and added.deleted is False


def test_an_unexpanded_reference_is_recorded_not_added() -> None:
    built = plan()
    price = built.add(Price, {"id": "price_1", "object": "price", "product": "prod_1"})
    assert keys(built) == {("Price", "price_1")}
    assert [(r.target, r.stripe_id) for r in price.references] == [(Product, "prod_1")]
    assert price.values["product_id"] == "prod_1"


def test_an_expanded_reference_becomes_an_item_of_the_same_plan() -> None:
    built = plan()
    product = {"id": "prod_1", "object": "product", "name": "Shirt"}
    built.add(Price, {"id": "price_1", "object": "price", "product": product})
    assert keys(built) == {("Price", "price_1"), ("Product", "prod_1")}
    assert built.items[(Product, "prod_1")].values["name"] == "Shirt"


def test_the_first_full_copy_of_an_object_seen_twice_is_kept() -> None:
    built = plan()
    top = built.add(Product, {"id": "prod_1", "object": "product", "name": "top"}, top_level=True)
    nested = {"id": "prod_1", "object": "product", "name": "nested"}
    built.add(Price, {"id": "price_1", "object": "price", "product": nested})
    assert built.items[(Product, "prod_1")] is top
    assert top.values["name"] == "top"


def test_deleted_data_is_an_item_without_values() -> None:
    built = plan()
    gone = built.add(Product, {"id": "prod_1", "object": "product", "deleted": True, "name": "x"})
    assert gone.deleted and gone.terminal and gone.values == {}


def test_a_deletion_of_a_state_model_is_its_final_state() -> None:
    built = plan()
    data = subscription([], status="canceled")
    final = built.add(Subscription, data, deleted=True)
    assert Subscription.deletion == "state"
    assert final.deleted is False and final.terminal is True
    assert final.values["status"] == "canceled"


def test_the_mode_comes_from_the_data_else_the_embedding_object_else_the_source() -> None:
    built = plan(livemode=False)
    product = {"id": "prod_1", "object": "product"}  # no livemode of its own
    price = built.add(
        Price, {"id": "price_1", "object": "price", "livemode": True, "product": product}
    )
    assert price.mode is True
    assert built.items[(Product, "prod_1")].mode is True  # from the price embedding it
    alone = built.add(Product, {"id": "prod_2", "object": "product"})
    assert alone.mode is False  # from the source


def test_a_polymorphic_model_gets_the_concrete_model_of_the_data() -> None:
    built = plan()
    card = built.add(DjstripePaymentMethod, {"id": "card_1", "object": "card", "last4": "4242"})
    assert card.model is Card


def test_the_owner_account_of_the_source_is_a_reference() -> None:
    built = plan(owner_account="acct_1")
    added = built.add(Product, {"id": "prod_1", "object": "product"})
    assert [(r.column, r.stripe_id) for r in added.references] == [(None, "acct_1")]


# ---- children ----
def test_a_complete_child_list_adds_children_linked_to_the_parent_and_a_prune() -> None:
    built = plan()
    parent = built.add(Subscription, subscription([item("si_1"), item("si_2")]))
    children = [entry for entry in built if entry.model is SubscriptionItem]
    assert {child.stripe_id for child in children} == {"si_1", "si_2"}
    for child in children:
        assert child.values["subscription_id"] == "sub_1"
        assert child.parent is parent
    prunes = [p for p in built.prunes if p.model is SubscriptionItem]
    assert [(p.parent, p.parent_field, p.keep) for p in prunes] == [
        (parent, "subscription", {"si_1", "si_2"})
    ]


def test_an_incomplete_list_is_paged_first_and_never_pruned() -> None:
    built = plan()
    built.add(Subscription, subscription([item("si_1")], has_more=True))
    assert ("SubscriptionItem", "si_1") not in keys(built)
    assert [p.spec.model for p in built.pending_lists] == ["SubscriptionItem"]
    assert not [p for p in built.prunes if p.model is SubscriptionItem]


def test_a_many_to_many_list_records_its_target_ids() -> None:
    built = plan()
    rate = {"id": "txr_1", "object": "tax_rate", "percentage": 5}
    built.add(Subscription, subscription([], default_tax_rates=[rate, "txr_2"]))
    links = {(m.field_name, tuple(m.target_ids)) for m in built.many_to_many}
    assert ("default_tax_rates", ("txr_1", "txr_2")) in links
    assert ("TaxRate", "txr_1") in keys(built)


def test_discard_removes_an_item_and_everything_its_data_brought() -> None:
    built = plan()
    parent = built.add(Subscription, subscription([item("si_1")]))
    built.add(Product, {"id": "prod_other", "object": "product"})
    built.discard(parent)
    assert keys(built) == {("Product", "prod_other")}
    assert not built.prunes and not built.many_to_many


# ---- bad input ----
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("cus_1", "needs a Stripe object"),
        ({"object": "customer"}, "has no 'id'"),
        ({"id": "", "object": "customer"}, "has no 'id'"),
        ({"id": "ch_1", "object": "charge"}, "mirrors Stripe 'customer' objects"),
    ],
)
def test_unusable_data_is_refused_with_the_problem_named(data: Any, message: str) -> None:
    with pytest.raises(InvalidStripeDataError, match=message):
        check_object(Customer, data)
    with pytest.raises(InvalidStripeDataError):
        plan().add(Customer, data, strict=True)


def test_unusable_nested_data_is_skipped_without_strict() -> None:
    built = plan()
    assert built.add(Customer, {"object": "customer"}) is None
    assert list(built) == []


def test_an_id_is_never_cut() -> None:
    limit = Customer._meta.get_field("id").max_length
    assert check_id(Customer, "cus_" + "x" * (limit - 4)) == "cus_" + "x" * (limit - 4)
    with pytest.raises(InvalidStripeDataError, match="cannot be stored"):
        check_id(Customer, "cus_" + "x" * limit)
    with pytest.raises(InvalidStripeDataError, match="is not a"):
        check_id(Customer, "..")


def test_the_data_hash_ignores_key_order() -> None:
    first, second = plan(), plan()
    a = first.add(Product, {"id": "prod_1", "object": "product", "name": "n", "active": True})
    b = second.add(Product, {"active": True, "name": "n", "object": "product", "id": "prod_1"})
    assert a.data_hash() == b.data_hash()
    c = plan().add(Product, {"id": "prod_1", "object": "product", "name": "other"})
    assert c.data_hash() != a.data_hash()


def test_building_a_plan_touches_no_database() -> None:
    # Without the django_db mark any query raises: the plan is pure.
    built = plan()
    built.add(
        Subscription, subscription([item("si_1", price={"id": "price_1", "object": "price"})])
    )
    assert ("Price", "price_1") in keys(built)
