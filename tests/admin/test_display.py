"""What the admin shows: money, escaped data, masked secrets, links, search, related lists."""

from __future__ import annotations

import html
import json
import re

import pytest
from django.contrib.admin.utils import quote

from djstripe import stripe_api
from djstripe.models import Customer, Event, InvoiceItem, PaymentIntent, Price
from djstripe.webhooks import recording
from tests.conftest import example

from .conftest import change_url, changelist_url, text_of

pytestmark = pytest.mark.django_db


def create(model, path, **params):
    response = stripe_api.request("post", path, params)
    return model.sync_api_read(response.data, response.stamp)


def test_amounts_are_money_in_their_currency(stripe_double, admin_client):
    product = stripe_api.request("post", "/v1/products", {"name": "Plan"}).data["id"]
    create(Price, "/v1/prices", product=product, currency="jpy", unit_amount=2000)
    create(Price, "/v1/prices", product=product, currency="usd", unit_amount=2000)
    create(Price, "/v1/prices", product=product, currency="kwd", unit_amount=2000)

    text = text_of(admin_client.get(changelist_url(Price)))

    assert "¥2,000" in text
    assert "$20.00" in text
    assert "2.000 KWD" in text


def test_stripe_data_is_pretty_printed_and_escaped(stripe_double, admin_client):
    name = '<img src=x onerror="alert(1)">'
    customer = create(Customer, "/v1/customers", name=name, email="x@example.com")

    page = admin_client.get(change_url(Customer, customer.pk)).content.decode()
    listing = admin_client.get(changelist_url(Customer)).content.decode()

    assert "<img src=x" not in page and "<img src=x" not in listing
    blocks = re.findall(r'<pre class="djstripe-json"[^>]*>(.*?)</pre>', page, flags=re.S)
    shown = json.loads(html.unescape(blocks[-1]))  # escaped, and exactly the data once unescaped
    assert shown == customer.stripe_data
    assert shown["name"] == name
    assert '\n  "email": "x@example.com",\n' in html.unescape(blocks[-1])


def test_client_secrets_are_masked_in_the_raw_data(double, admin_client):
    data = example("payment_intent", client_secret="pi_1_secret_verysecretvalue42")
    intent = PaymentIntent.sync_from_stripe_data(data)

    page = admin_client.get(change_url(PaymentIntent, intent.pk)).content.decode()

    assert "verysecretvalue42" not in page
    assert "pi_1_secret_...ue42" in page


def test_references_link_to_the_referenced_objects_page(stripe_double, admin_client):
    customer = create(Customer, "/v1/customers", email="linked@example.com")
    item = create(InvoiceItem, "/v1/invoiceitems", customer=customer.id, amount=500, currency="usd")

    listing = admin_client.get(changelist_url(InvoiceItem)).content.decode()
    page = admin_client.get(change_url(InvoiceItem, item.id)).content.decode()

    href = f'href="{change_url(Customer, quote(customer.id))}"'
    assert f"{href}>linked@example.com</a>" in listing
    assert href in page
    assert admin_client.get(change_url(Customer, quote(customer.id))).status_code == 200


def test_a_customer_page_lists_its_objects_and_links_to_all(stripe_double, admin_client):
    customer = create(Customer, "/v1/customers", email="many@example.com")
    other = create(Customer, "/v1/customers", email="other@example.com")
    for amount in range(100, 1200, 100):  # eleven items
        create(InvoiceItem, "/v1/invoiceitems", customer=customer.id, amount=amount, currency="usd")
    create(InvoiceItem, "/v1/invoiceitems", customer=other.id, amount=5, currency="usd")

    response = admin_client.get(change_url(Customer, customer.pk))
    page = response.content.decode()

    assert page.count(f'href="{changelist_url(InvoiceItem)}') >= 1
    all_url = f"{changelist_url(InvoiceItem)}?customer__id__exact={customer.id}"
    assert f'href="{all_url}"' in page
    assert "$11.00" in text_of(response) and "$1.00" not in text_of(response)  # newest ten
    listed = admin_client.get(all_url)
    assert listed.status_code == 200
    assert listed.context["cl"].result_count == 11


def test_a_pasted_stripe_id_finds_the_object_and_what_refers_to_it(stripe_double, admin_client):
    customer = create(Customer, "/v1/customers", email="find.me@example.com", name="Ada")
    create(Customer, "/v1/customers", email="someone@example.com")
    create(InvoiceItem, "/v1/invoiceitems", customer=customer.id, amount=500, currency="usd")

    by_id = admin_client.get(changelist_url(Customer), {"q": customer.id})
    by_email = admin_client.get(changelist_url(Customer), {"q": "find.me"})
    items = admin_client.get(changelist_url(InvoiceItem), {"q": customer.id})
    by_customer_email = admin_client.get(changelist_url(InvoiceItem), {"q": "find.me@"})

    assert [c.id for c in by_id.context["cl"].result_list] == [customer.id]
    assert [c.id for c in by_email.context["cl"].result_list] == [customer.id]
    assert [i.customer_id for i in items.context["cl"].result_list] == [customer.id]
    assert [i.customer_id for i in by_customer_email.context["cl"].result_list] == [customer.id]


def test_events_link_to_the_object_they_are_about(stripe_double, admin_client):
    customer = create(Customer, "/v1/customers", email="evented@example.com")
    data = stripe_double.events("customer.created")[0]
    recording.insert_event(data, status="processed", owner_account=None)

    listing = admin_client.get(changelist_url(Event))
    page = admin_client.get(change_url(Event, data["id"]))

    assert f'href="{change_url(Customer, quote(customer.id))}"' in listing.content.decode()
    assert "customer.created" in text_of(listing)
    assert "customer.created" in text_of(page)


def test_percent_shows_floats_as_written() -> None:
    from djstripe.admin.display import percent

    assert percent(8.1) == "8.1%"
    assert percent(None) is None


def test_dj_stripe_admin_base_name_is_importable() -> None:
    from djstripe.admin import MirroredModelAdmin, StripeModelAdmin

    assert StripeModelAdmin is MirroredModelAdmin
