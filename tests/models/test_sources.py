"""Legacy payment sources: the polymorphic base, its multi-table upsert, customers' sources."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from djstripe import stripe_api
from djstripe.models import (
    BankAccount,
    Card,
    Charge,
    Customer,
    DjstripePaymentMethod,
    Payout,
    Source,
    Tombstone,
)
from djstripe.sync import sync_object, sync_page
from djstripe.sync.source import Source as SyncSource

from ..conftest import example

pytestmark = pytest.mark.django_db

CUSTOMER = "cus_QXg1o8vcGmoR32"
CARD = "card_1PgaftB7WZ01zgkWm3waTcFp"
BANK = "ba_1PgagAB7WZ01zgkWr3DySp2Q"
SOURCE = "src_1Pgc75B7WZ01zgkWn9ogkWOr"


def sync_event(model: Any, data: dict[str, Any], event_id: str, created: int, **kw: Any) -> Any:
    source = SyncSource.event(event_id, created, api_key="sk_test_djstripe0tests0key")
    return sync_page(model, [data], source=source, **kw)


def child_row(model: Any, stripe_id: str) -> dict[str, Any]:
    """The subclass's own table row, read without the ORM (what the upsert wrote there)."""
    base = DjstripePaymentMethod._base_manager.non_polymorphic().get(id=stripe_id)
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT * FROM {connection.ops.quote_name(table)} WHERE "
            f"{connection.ops.quote_name('djstripepaymentmethod_ptr_id')} = %s",
            [base.pk],
        )
        names = [column[0] for column in cursor.description]
        return dict(zip(names, cursor.fetchone(), strict=True))


def legacy_customer(*sources: dict[str, Any], default: str | None = None) -> dict[str, Any]:
    """A customer as versions before 2020-08-27 rendered it: its sources embedded."""
    url = f"/v1/customers/{CUSTOMER}/sources"
    listing = {"object": "list", "data": list(sources), "has_more": False, "url": url}
    return example("customer", sources=listing, default_source=default)


# ---- the multi-table upsert (djstripe.sync.write._upsert with table_layout) ----


def test_insert_writes_the_base_and_the_subclass_table(double: Any) -> None:
    card = Card.sync_from_stripe_data(example("card", customer=CUSTOMER))
    assert type(card) is Card
    base = DjstripePaymentMethod._base_manager.non_polymorphic().get(id=CARD)
    assert base.customer_id == CUSTOMER
    assert base.polymorphic_ctype.model_class() is Card
    assert child_row(Card, CARD)["brand"] == "Visa"
    assert DjstripePaymentMethod.objects.get(id=CARD) == card  # polymorphic: a Card


def test_update_rewrites_both_tables_and_keeps_the_primary_key(double: Any) -> None:
    first = Card.sync_from_stripe_data(example("card", customer=CUSTOMER))
    second = Card.sync_from_stripe_data(
        example("card", customer=None, brand="MasterCard", exp_year=2031, last4="4444")
    )
    assert second.pk == first.pk
    assert DjstripePaymentMethod.objects.count() == 1
    row = child_row(Card, CARD)
    assert (row["brand"], row["exp_year"], row["last4"]) == ("MasterCard", 2031, "4444")
    assert second.customer_id is None


def test_stale_event_changes_neither_table(double: Any) -> None:
    newer = example("card", customer=CUSTOMER, brand="MasterCard", exp_year=2032)
    older = example("card", customer=None, brand="Visa", exp_year=2020)
    sync_event(Card, newer, "evt_2", 2000)
    result = sync_event(Card, older, "evt_1", 1000)
    assert result.outcome.total("skipped") == 1
    card = Card.objects.get()
    assert (card.brand, card.exp_year, card.customer_id) == ("MasterCard", 2032, CUSTOMER)
    assert card.djstripe_stamp == 2000


def test_identical_data_only_moves_the_stamp(double: Any) -> None:
    sync_event(Card, example("card"), "evt_1", 1000)
    result = sync_event(Card, example("card"), "evt_2", 2000)
    assert result.outcome.total("unchanged") == 1
    assert Card.objects.get().djstripe_stamp == 2000


def test_a_page_of_mixed_sources_is_one_batch(double: Any) -> None:
    page = [example("card"), example("bank_account"), example("source")]
    result = sync_page(DjstripePaymentMethod, page, source=SyncSource.api(5000))
    created = result.outcome.created
    assert (created["Card"], created["BankAccount"], created["Source"]) == (1, 1, 1)
    kinds = {type(obj) for obj in DjstripePaymentMethod.objects.all()}
    assert kinds == {Card, BankAccount, Source}


def test_deleted_card_is_removed_from_both_tables_and_stays_deleted(double: Any) -> None:
    Card.sync_from_stripe_data(example("card", customer=CUSTOMER))
    gone = Card.sync_from_stripe_data({"id": CARD, "object": "card", "deleted": True})
    assert gone is None
    assert not DjstripePaymentMethod._base_manager.filter(id=CARD).exists()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {Card._meta.db_table}")
        assert cursor.fetchone()[0] == 0
    assert Tombstone.objects.filter(stripe_id=CARD).exists()
    sync_event(Card, example("card"), "evt_late", 1000)  # a late, older payload
    assert not Card.objects.exists()


def test_deleting_a_card_empties_the_links_to_it(double: Any) -> None:
    """Also a regression test: a charge, its card and the card's customer are looked up
    in one statement (PostgreSQL refused its UNION of tables with and without a
    ``deleted`` column)."""
    customer = Customer.sync_from_stripe_data(example("customer", default_source=CARD))
    Card.sync_from_stripe_data(example("card", customer=customer.id))
    Charge.sync_from_stripe_data(example("charge", source=example("card", customer=CUSTOMER)))
    assert Customer.objects.get().default_source_id == CARD
    Card.sync_from_stripe_data({"id": CARD, "object": "card", "deleted": True})
    assert Customer.objects.get().default_source_id is None
    assert Charge.objects.get().source_id is None


def test_customer_source_deleted_event_payload_removes_the_card(double: Any) -> None:
    """``customer.source.deleted`` carries the full card; the event type marks it deleted."""
    Card.sync_from_stripe_data(example("card", customer=CUSTOMER))
    source = SyncSource.event("evt_del", 9_000_000_000, api_key="sk_test_djstripe0tests0key")
    sync_page(Card, [example("card", customer=CUSTOMER)], source=source, deleted=True)
    assert not Card.objects.exists()


def test_deleting_a_source_through_the_double_and_its_event(double: Any) -> None:
    """End to end: the card the double deletes arrives deleted from its event payload."""
    customer = stripe_api.create("/v1/customers", {})
    card = stripe_api.create(f"/v1/customers/{customer['id']}/sources", {"source": "tok_visa"})
    Card.sync_from_stripe_data(card)
    assert Customer.objects.get(id=customer["id"]).sources.get().id == card["id"]
    stripe_api.delete(f"/v1/customers/{customer['id']}/sources/{card['id']}")
    event = double.events("customer.source.deleted")[0]
    sync_object(Card, event["data"]["object"], deleted=True)
    assert not Card.objects.filter(id=card["id"]).exists()


# ---- polymorphic references ----


def test_charge_source_returns_the_concrete_card(double: Any) -> None:
    charge = Charge.sync_from_stripe_data(example("charge", source=example("card")))
    charge = Charge.objects.get(pk=charge.pk)
    assert type(charge.source) is Card
    assert charge.source.brand == "Visa"
    assert list(charge.source.charges.all()) == [charge]
    assert Charge.objects.filter(source__id=CARD).get() == charge


def test_customer_default_source_and_sources_are_concrete(double: Any) -> None:
    data = legacy_customer(
        example("card", customer=CUSTOMER),
        example("bank_account", customer=CUSTOMER),
        example("source", customer=CUSTOMER),
        default=CARD,
    )
    customer = Customer.sync_from_stripe_data(data)
    customer = Customer.objects.get(pk=customer.pk)
    assert type(customer.default_source) is Card
    assert {type(s) for s in customer.sources.all()} == {Card, BankAccount, Source}
    assert customer.default_source.resolve() is customer.default_source
    assert customer.default_source.object_model is Card


def test_legacy_sources_list_is_pruned_when_complete(double: Any) -> None:
    card, bank = example("card", customer=CUSTOMER), example("bank_account", customer=CUSTOMER)
    Customer.sync_from_stripe_data(legacy_customer(card, bank, default=CARD))
    Customer.sync_from_stripe_data(legacy_customer(card, default=CARD))
    assert [s.id for s in Customer.objects.get().sources.all()] == [CARD]
    assert not BankAccount.objects.exists()


def test_current_customer_without_sources_keeps_them(double: Any) -> None:
    Customer.sync_from_stripe_data(legacy_customer(example("card", customer=CUSTOMER)))
    Customer.sync_from_stripe_data(example("customer"))  # 2020-08-27+: no `sources` key
    assert Customer.objects.get().sources.count() == 1


def test_legacy_sources_list_longer_than_a_page_is_read_to_the_end(double: Any) -> None:
    cards = [example("card", id=f"card_{n:02d}", customer=CUSTOMER) for n in range(12)]
    double.put(example("customer"))
    for card in cards:
        double.put(card, parent=CUSTOMER)
    newest_first = cards[::-1]  # Stripe's (and the double's) list order
    data = legacy_customer(*newest_first[:10], default="card_00")
    data["sources"]["has_more"] = True
    double.reset_counts()
    customer = Customer.sync_from_stripe_data(data)
    assert customer.sources.count() == 12
    assert double.request_counts()["GET /v1/customers/{id}/sources"] == 1


def test_default_source_linked_when_the_card_arrives_later(double: Any) -> None:
    customer = Customer.sync_from_stripe_data(example("customer", default_source=CARD))
    assert customer.default_source_id is None  # not fetchable without its customer
    Card.sync_from_stripe_data(example("card", customer=CUSTOMER))
    customer.refresh_from_db()
    assert type(customer.default_source) is Card


def test_default_card_of_2014_customers(double: Any) -> None:
    data = example("customer", default_card=CARD)
    data.pop("default_source", None)
    data["cards"] = {"object": "list", "data": [example("card", customer=CUSTOMER)]}
    Card.sync_from_stripe_data(example("card", customer=CUSTOMER))
    customer = Customer.sync_from_stripe_data(data)
    assert customer.default_source_id == CARD


def test_payout_destination_is_the_concrete_bank_account(double: Any) -> None:
    payout = Payout.sync_from_stripe_data(
        example("payout", destination=example("bank_account", account=None))
    )
    payout = Payout.objects.get(pk=payout.pk)
    assert type(payout.destination) is BankAccount
    assert payout.destination.bank_name == "STRIPE TEST BANK"


def test_connect_external_accounts(double: Any) -> None:
    account = double.create_connected_account()
    Card.sync_from_stripe_data(example("card", account=account["id"]))
    BankAccount.sync_from_stripe_data(example("bank_account", account=account["id"]))
    from djstripe.models import Account

    connected = Account.objects.get(id=account["id"])
    assert [c.id for c in connected.cards.all()] == [CARD]
    assert [b.id for b in connected.bank_accounts.all()] == [BANK]


# ---- surprising data ----


def test_unknown_source_type_never_fails_the_charge(double: Any) -> None:
    alipay = {"id": "aliacc_1", "object": "alipay_account", "fingerprint": "x", "livemode": False}
    charge = Charge.sync_from_stripe_data(example("charge", source=alipay))
    assert charge.source_id is None
    assert charge.stripe_data["source"] == alipay
    assert not DjstripePaymentMethod.objects.exists()


def test_oversized_and_new_values_are_kept(double: Any) -> None:
    card = Card.sync_from_stripe_data(
        example("card", brand="Hyperloop Card", funding="crypto", last4="123456", country="XYZ")
    )
    assert (card.brand, card.funding) == ("Hyperloop Card", "crypto")
    assert (card.last4, card.country) == ("1234", "XY")  # cut to the column
    assert card.stripe_data["last4"] == "123456"


def test_card_is_retrieved_and_deleted_under_its_customer(double: Any) -> None:
    customer = stripe_api.create("/v1/customers", {})
    created = stripe_api.create(f"/v1/customers/{customer['id']}/sources", {"source": "tok_visa"})
    Customer.sync_from_stripe_data(customer)
    card = Card.sync_from_stripe_data(created)
    assert card.api_retrieve()["last4"] == "4242"
    card._api_delete()
    assert double.get(card.id) is None


# ---- concurrent writers ----


def test_guard_holds_when_newer_data_lands_between_plan_and_write(double: Any) -> None:
    """A writer that decided "insert" before a newer write landed changes neither table."""
    from djstripe.sync.engine import with_owner
    from djstripe.sync.plan import Plan
    from djstripe.sync.resolve import Resolver
    from djstripe.sync.write import write

    stale = SyncSource.event("evt_1", 1000, api_key="sk_test_djstripe0tests0key")
    plan = Plan(with_owner(stale))
    plan.add(Card, example("card", brand="Visa", exp_year=2020), top_level=True)
    resolver = Resolver(plan)
    resolver.run()
    assert [item.decision for item in plan if item.model is Card] == ["insert"]
    sync_event(Card, example("card", brand="MasterCard", exp_year=2032), "evt_2", 2000)
    write(plan, resolver, using="default")
    card = Card.objects.get()
    assert (card.brand, card.exp_year, card.djstripe_stamp) == ("MasterCard", 2032, 2000)
    assert child_row(Card, CARD)["exp_year"] == 2032


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_end_at_the_newest_data(double: Any) -> None:
    """Threads racing to write versions of one card (PostgreSQL, MySQL: real concurrency)."""
    if connection.vendor not in ("postgresql", "mysql"):
        pytest.skip("SQLite serializes writers; the race needs PostgreSQL")
    import threading

    from django.db import connections

    errors: list[BaseException] = []
    barrier = threading.Barrier(6)

    def writer(n: int) -> None:
        try:
            barrier.wait()
            data = example("card", customer=None, exp_year=2020 + n, last4=f"{n:04d}")
            sync_event(Card, data, f"evt_{n:02d}", 1000 + n)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    card = Card.objects.get()
    assert (card.exp_year, card.last4, card.djstripe_stamp) == (2025, "0005", 1005)
    assert child_row(Card, CARD)["last4"] == "0005"


def test_source_detach(double: Any) -> None:
    """Stripe answers a detach with the detached Source; the double, like for cards, with a
    deletion marker. Either way the mirror follows what Stripe answered."""
    customer = Customer.sync_from_stripe_data(stripe_api.create("/v1/customers", {}))
    double.put(example("source", customer=customer.id), parent=customer.id)
    source = Source.sync_from_stripe_data(example("source", customer=customer.id))
    assert source.detach() is True
    assert double.get(SOURCE) is None
    assert not customer.sources.exists()
    assert Source(id="src_x").detach() is False  # not attached to a customer
