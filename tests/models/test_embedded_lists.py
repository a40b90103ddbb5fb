"""Lists of mirrored objects embedded in a parent become rows: a customer's
subscriptions, a quote's line items, a dispute's balance transactions, expanded
discounts and tax ids. Complete lists prune what left them, where leaving means
being removed; lists Stripe shows only partly never prune."""

from __future__ import annotations

from typing import Any

import pytest

from djstripe import stripe_api
from djstripe.models import (
    BalanceTransaction,
    Customer,
    Discount,
    Dispute,
    Invoice,
    Quote,
    SessionLineItem,
    Subscription,
    TaxId,
    TaxRate,
    Tombstone,
)
from djstripe.sync import registry

from ..conftest import example
from .spec import schemas, variants

pytestmark = pytest.mark.django_db

PRICE = "price_1PgafmB7WZ01zgkW6dKueIc5"  # the example price (2000 usd)


def customer_with_subscriptions(count: int) -> str:
    customer = stripe_api.create("/v1/customers", {"email": "many@example.com"})["id"]
    for _ in range(count):
        stripe_api.create("/v1/subscriptions", {"customer": customer, "items": [{"price": PRICE}]})
    return customer


def test_a_customers_subscriptions_become_rows_paged_past_ten(double: Any) -> None:
    customer_id = customer_with_subscriptions(12)
    data, stamp = stripe_api.retrieve(f"/v1/customers/{customer_id}", expand=["subscriptions"])
    assert len(data["subscriptions"]["data"]) == 10 and data["subscriptions"]["has_more"]
    double.reset_counts()

    customer = Customer.sync_api_read(data, stamp)

    assert customer.subscriptions.count() == 12
    assert double.request_counts().get("GET /v1/customers/{id}/subscriptions") == 1
    subscription = customer.subscriptions.first()
    assert subscription.items.count() == 1  # with what each subscription embeds


def test_a_subscription_missing_from_the_customers_list_is_kept(double: Any) -> None:
    """Stripe lists only current subscriptions there: a canceled one leaves the list
    but still exists, so the list never deletes."""
    customer_id = customer_with_subscriptions(2)
    data, stamp = stripe_api.retrieve(f"/v1/customers/{customer_id}", expand=["subscriptions"])
    Customer.sync_api_read(data, stamp)
    kept, left = (sub["id"] for sub in data["subscriptions"]["data"])
    data["subscriptions"]["data"] = [s for s in data["subscriptions"]["data"] if s["id"] == kept]

    Customer.sync_api_read(data, stamp + 1)

    assert set(Subscription.objects.values_list("id", flat=True)) == {kept, left}
    assert not Tombstone.objects.filter(stripe_id=left).exists()


def line(line_id: str, quantity: int) -> dict[str, Any]:
    return example("item", id=line_id, quantity=quantity)


def put_quote(double: Any, lines: int) -> str:
    """A quote in the double with ``lines`` line items (served by ``/line_items``)."""
    quote_id = double.put(example("quote", id="qt_embedded"))["id"]
    for n in range(lines):
        double.put(line(f"li_quote{n:02d}", n + 1), parent=quote_id)
    return quote_id


def test_a_quotes_line_items_become_rows_paged_past_ten(double: Any) -> None:
    quote_id = put_quote(double, 12)
    data, stamp = stripe_api.retrieve(f"/v1/quotes/{quote_id}", expand=["line_items"])
    assert len(data["line_items"]["data"]) == 10 and data["line_items"]["has_more"]
    double.reset_counts()

    quote = Quote.sync_api_read(data, stamp)

    assert quote.items.count() == 12
    assert sorted(quote.items.values_list("quantity", flat=True)) == list(range(1, 13))
    assert double.request_counts().get("GET /v1/quotes/{id}/line_items") == 1
    assert SessionLineItem.objects.filter(session__isnull=False).count() == 0


def test_a_line_that_left_a_complete_quote_list_is_removed(double: Any) -> None:
    quote_id = put_quote(double, 2)
    data, stamp = stripe_api.retrieve(f"/v1/quotes/{quote_id}", expand=["line_items"])
    Quote.sync_api_read(data, stamp)
    data["line_items"]["data"] = data["line_items"]["data"][:1]

    quote = Quote.sync_api_read(data, stamp + 1)

    assert list(quote.items.values_list("id", flat=True)) == ["li_quote00"]
    assert Tombstone.objects.filter(stripe_id="li_quote01").exists()


def test_a_quote_without_its_line_items_keeps_them(double: Any) -> None:
    quote_id = put_quote(double, 3)
    data, stamp = stripe_api.retrieve(f"/v1/quotes/{quote_id}", expand=["line_items"])
    Quote.sync_api_read(data, stamp)
    del data["line_items"]  # as in a quote.* event: not included

    quote = Quote.sync_api_read(data, stamp + 1)

    assert quote.items.count() == 3


def test_resyncing_a_quote_reads_its_line_items(double: Any) -> None:
    quote_id = put_quote(double, 3)
    quote = Quote.sync_from_stripe_data(example("quote", id=quote_id))
    assert quote.items.count() == 0

    assert quote.resync().items.count() == 3


def test_a_disputes_balance_transactions_become_rows(double: Any) -> None:
    """The withdrawal and the reinstatement of a won dispute (not only the first,
    which the ``balance_transaction`` column names)."""
    withdrawal = example("balance_transaction", id="txn_withdrawal", type="adjustment")
    reinstated = example("balance_transaction", id="txn_reinstated", type="adjustment")
    data = example("dispute", status="won", balance_transactions=[withdrawal, reinstated])

    dispute = Dispute.sync_from_stripe_data(data)

    assert dispute.balance_transaction_id == "txn_withdrawal"
    found = BalanceTransaction.objects.filter(id__in=["txn_withdrawal", "txn_reinstated"])
    assert found.count() == 2


def test_expanded_discounts_tax_ids_and_tax_rates_become_rows(double: Any) -> None:
    discount = example("discount", id="di_expanded_on_quote")
    tax_rate = example("tax_rate", id="txr_expanded_on_quote")
    Quote.sync_from_stripe_data(
        example("quote", discounts=[discount], default_tax_rates=[tax_rate])
    )
    tax_id = example("tax_id", id="txi_expanded_on_invoice")
    Invoice.sync_from_stripe_data(example("invoice", account_tax_ids=[tax_id]))

    assert Discount.objects.filter(id="di_expanded_on_quote").exists()
    assert TaxRate.objects.filter(id="txr_expanded_on_quote").exists()
    assert TaxId.objects.filter(id="txi_expanded_on_invoice").exists()


def embedded_lists_of_mirrored_objects() -> list[tuple[Any, str]]:
    """(model, property) for every list property of a mirrored object's schema whose
    entries are objects of a mirrored type (lists with ``data`` and plain arrays)."""
    mirrored = {m.stripe_object for m in registry.stripe_models()}
    found = []
    for model in registry.stripe_models():
        schema = schemas().get(model.stripe_object)
        for name, node in (schema or {}).get("properties", {}).items():
            for option in variants(node):
                entries = _entries(option)
                if entries is not None and any(
                    v.get("x-resourceId") in mirrored for v in variants(entries)
                ):
                    found.append((model, name))
                    break
    return found


def _entries(option: dict[str, Any]) -> dict[str, Any] | None:
    if option.get("type") == "array":
        return option.get("items", {})
    properties = option.get("properties", {})
    if "data" in properties and properties.get("object", {}).get("enum") == ["list"]:
        return properties["data"].get("items", {})
    return None


def test_every_embedded_list_of_mirrored_objects_is_mirrored() -> None:
    """A list that Stripe's schema declares on a mirrored object, holding objects of a
    mirrored type, is a declared child list (so a new one in the spec is noticed)."""
    found = embedded_lists_of_mirrored_objects()
    assert (Customer, "subscriptions") in found and (Quote, "line_items") in found
    missing = [
        f"{model.__name__}.{name}"
        for model, name in found
        if name not in {spec.key for spec in model.child_lists}
    ]
    assert not missing, f"embedded lists not declared as child_lists: {missing}"


def test_a_customer_listing_does_not_cover_subscription_events() -> None:
    """Customer pages carry no subscriptions (not asked for): a run of customers alone
    does not apply subscription events as if it had listed them."""
    from djstripe.sync.catchup import covered_models

    covered = {model.__name__ for model in covered_models({"Customer": 0})}
    assert "Subscription" not in covered
    assert "SessionLineItem" in {m.__name__ for m in covered_models({"Quote": 0})}


def test_a_backfill_of_quotes_mirrors_their_line_items(double: Any, settings: Any) -> None:
    from djstripe.sync.backfill import backfill

    settings.STRIPE_TEST_SECRET_KEY = double.api_key
    quote_id = put_quote(double, 12)
    double.reset_counts()

    report = backfill(["Quote"], rate=0, sleep=lambda seconds: None)

    assert report.status == "completed", report.errors
    assert Quote.objects.get(id=quote_id).items.count() == 12
    # The page carries the first ten (``expand[]=data.line_items``); one request pages the rest.
    assert double.request_counts().get("GET /v1/quotes/{id}/line_items") == 1
