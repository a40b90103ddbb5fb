"""Lists: order, cursors both ways, auto-paging, filters, expand, nested lists past 10."""

from __future__ import annotations

import pytest
import stripe


@pytest.fixture
def customers(client, double):
    """25 customers, created one second apart; returned newest first."""
    double.set_time(1_700_000_000)
    made = []
    for number in range(25):
        made.append(client.v1.customers.create(params={"email": f"c{number}@example.com"}).id)
        double.advance(1)
    return list(reversed(made))


def test_pages_forward_and_backward(client, customers):
    first = client.v1.customers.list(params={"limit": 10})
    assert [c.id for c in first.data] == customers[:10]
    assert first.has_more is True and first.url == "/v1/customers"
    second = client.v1.customers.list(params={"limit": 10, "starting_after": first.data[-1].id})
    assert [c.id for c in second.data] == customers[10:20]
    last = client.v1.customers.list(params={"limit": 10, "starting_after": customers[19]})
    assert [c.id for c in last.data] == customers[20:] and last.has_more is False
    back = client.v1.customers.list(params={"limit": 10, "ending_before": customers[20]})
    assert [c.id for c in back.data] == customers[10:20] and back.has_more is True
    top = client.v1.customers.list(params={"limit": 10, "ending_before": customers[10]})
    assert [c.id for c in top.data] == customers[:10] and top.has_more is False


def test_auto_paging_both_directions(client, customers):
    page = client.v1.customers.list(params={"limit": 4})
    assert [c.id for c in page.auto_paging_iter()] == customers
    backwards = client.v1.customers.list(params={"limit": 4, "ending_before": customers[-1]})
    assert [c.id for c in backwards.auto_paging_iter()] == list(reversed(customers[:-1]))


def test_equal_created_keeps_insertion_order_newest_first(client, double):
    double.set_time(1_700_000_000)
    ids = [client.v1.products.create(params={"name": f"p{n}"}).id for n in range(3)]
    assert [p.id for p in client.v1.products.list().data] == list(reversed(ids))


def test_created_filters(client, customers):
    def listed(created):
        return [
            c.id
            for c in client.v1.customers.list(
                params={"limit": 100, "created": created}
            ).auto_paging_iter()
        ]

    base = 1_700_000_000
    assert listed({"gte": base + 20}) == customers[:5]
    assert listed({"gt": base + 20}) == customers[:4]
    assert listed({"lt": base + 2}) == customers[-2:]
    assert listed({"lte": base + 2, "gte": base + 1}) == customers[-3:-1]
    assert [c.id for c in client.v1.customers.list(params={"created": base + 3}).data] == [
        customers[-4]
    ]


@pytest.mark.parametrize("limit", [0, 101, "many"])
def test_limit_out_of_range(client, limit):
    with pytest.raises(stripe.InvalidRequestError) as raised:
        client.v1.customers.list(params={"limit": limit})
    assert raised.value.http_status == 400 and raised.value.param == "limit"


def test_bad_cursor_and_unknown_filter(client):
    with pytest.raises(stripe.InvalidRequestError) as raised:
        client.v1.customers.list(params={"starting_after": "cus_nope"})
    assert raised.value.code == "resource_missing"
    assert raised.value.param == "starting_after"
    with pytest.raises(stripe.InvalidRequestError) as unknown:
        client.v1.customers.list(params={"colour": "blue"})  # type: ignore[typeddict-unknown-key]
    assert unknown.value.code == "parameter_unknown"


def test_equality_filters_and_expand(client):
    alice = client.v1.customers.create(params={"email": "alice@example.com"})
    bob = client.v1.customers.create(params={"email": "bob@example.com"})
    for owner in (alice, bob, alice):
        method = client.v1.payment_methods.create(params={"type": "card"})
        client.v1.payment_methods.attach(method.id, params={"customer": owner.id})
    mine = client.v1.payment_methods.list(params={"customer": alice.id, "type": "card"})
    assert len(mine.data) == 2 and {m.customer for m in mine.data} == {alice.id}
    nested = client.v1.customers.payment_methods.list(alice.id)
    assert [m.id for m in nested.data] == [m.id for m in mine.data]
    expanded = client.v1.payment_methods.list(
        params={"customer": bob.id, "expand": ["data.customer"]}
    )
    assert expanded.data[0].customer.email == "bob@example.com"
    assert client.v1.customers.list(params={"email": "bob@example.com"}).data[0].id == bob.id


def test_expand_errors_for_unknown_property(client):
    customer = client.v1.customers.create()
    with pytest.raises(stripe.InvalidRequestError) as raised:
        client.v1.customers.retrieve(customer.id, params={"expand": ["colour"]})
    assert "cannot be expanded" in str(raised.value)


def test_invoice_lines_past_ten_must_be_paged(client):
    customer = client.v1.customers.create()
    invoice = client.v1.invoices.create(params={"customer": customer.id})
    for number in range(25):
        client.v1.invoice_items.create(
            params={
                "customer": customer.id,
                "invoice": invoice.id,
                "amount": 100 + number,
                "currency": "usd",
            }
        )
    invoice = client.v1.invoices.retrieve(invoice.id)
    assert len(invoice.lines.data) == 10 and invoice.lines.has_more is True
    assert invoice.lines.url == f"/v1/invoices/{invoice.id}/lines"
    assert invoice.total == sum(100 + n for n in range(25))
    amounts = [line.amount for line in invoice.lines.auto_paging_iter()]
    assert amounts == [100 + n for n in range(25)]  # lines keep their invoice order
    page = client.v1.invoices.line_items.list(invoice.id, params={"limit": 100})
    assert len(page.data) == 25 and page.has_more is False


def test_subscription_items_past_ten(client):
    customer = client.v1.customers.create()
    prices = [
        client.v1.prices.create(
            params={
                "currency": "usd",
                "unit_amount": 100,
                "recurring": {"interval": "month"},
                "product_data": {"name": f"Seat {n}"},
            }
        ).id
        for n in range(12)
    ]
    subscription = client.v1.subscriptions.create(
        params={"customer": customer.id, "items": [{"price": price} for price in prices]}
    )
    assert len(subscription["items"].data) == 10 and subscription["items"].has_more
    assert subscription["items"].url == (f"/v1/subscription_items?subscription={subscription.id}")
    every = list(subscription["items"].auto_paging_iter())
    assert [item.price.id for item in every] == prices
    assert all(item.current_period_end > item.current_period_start for item in every)


def test_subscriptions_list_hides_canceled_unless_asked(client):
    customer = client.v1.customers.create(params={"payment_method": "pm_card_visa"})
    price = client.v1.prices.create(
        params={
            "currency": "usd",
            "unit_amount": 0,
            "recurring": {"interval": "month"},
            "product_data": {"name": "Free"},
        }
    )
    kept = client.v1.subscriptions.create(
        params={"customer": customer.id, "items": [{"price": price.id}]}
    )
    gone = client.v1.subscriptions.create(
        params={"customer": customer.id, "items": [{"price": price.id}]}
    )
    client.v1.subscriptions.cancel(gone.id)
    assert [s.id for s in client.v1.subscriptions.list().data] == [kept.id]
    assert len(client.v1.subscriptions.list(params={"status": "all"}).data) == 2
    assert [s.id for s in client.v1.subscriptions.list(params={"status": "canceled"}).data] == [
        gone.id
    ]


def test_search_subset(client):
    for number in range(5):
        client.v1.customers.create(
            params={
                "email": f"u{number}@example.com",
                "metadata": {"plan": "gold" if number % 2 else "free"},
            }
        )
    gold = client.v1.customers.search(params={"query": "metadata['plan']:'gold'", "limit": 1})
    assert len(gold.data) == 1 and gold.has_more and gold.next_page
    assert {c.email for c in gold.auto_paging_iter()} == {"u1@example.com", "u3@example.com"}
    either = client.v1.customers.search(params={"query": "email~'u1' OR email:'u4@example.com'"})
    assert {c.email for c in either.data} == {"u1@example.com", "u4@example.com"}
    with pytest.raises(stripe.InvalidRequestError):
        client.v1.customers.search(params={"query": "email:'a' AND name:'b' OR x:'c'"})


def test_a_customers_sources_filtered_by_object(client, double):
    """``?object=card`` names one kind of source (every kind, as Stripe, without it)."""
    customer = client.v1.customers.create(params={"email": "s@example.com"})
    card = client.v1.customers.payment_sources.create(customer.id, params={"source": "tok_visa"})
    cards = client.v1.customers.payment_sources.list(customer.id, params={"object": "card"})
    assert [c.id for c in cards.data] == [card.id]


def test_properties_stripe_sends_only_when_expanded(client):
    coupon = client.v1.coupons.create(params={"percent_off": 10, "duration": "once"})
    plain = client.v1.coupons.retrieve(coupon.id)
    assert "applies_to" not in plain
    expanded = client.v1.coupons.retrieve(coupon.id, params={"expand": ["applies_to"]})
    assert expanded.applies_to.products == []
    listed = client.v1.coupons.list(params={"expand": ["data.applies_to"]})
    assert all("applies_to" in c for c in listed.data)
