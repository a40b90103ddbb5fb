"""Older data never overwrites newer data; a deletion is final."""

from __future__ import annotations

from typing import Any

import pytest

from djstripe.models import Customer, Product, Tombstone
from djstripe.sync import sync_page
from djstripe.sync.source import Source

from ..conftest import example

pytestmark = pytest.mark.django_db


def event_source(event_id: str, created: int, double: Any) -> Source:
    return Source.event(event_id, created, api_key="sk_test_djstripe0tests0key")


def sync_event(model: Any, data: dict, event_id: str, created: int, double: Any, **kw: Any) -> Any:
    return sync_page(model, [data], source=event_source(event_id, created, double), **kw)


def test_older_event_after_newer_event_changes_nothing(double: Any) -> None:
    sync_event(Customer, example("customer", email="new@example.com"), "evt_2", 2000, double)
    result = sync_event(
        Customer, example("customer", email="old@example.com"), "evt_1", 1000, double
    )
    assert Customer.objects.get().email == "new@example.com"
    assert result.outcome.total("skipped") == 1


def test_newer_event_wins(double: Any) -> None:
    sync_event(Customer, example("customer", email="old@example.com"), "evt_1", 1000, double)
    sync_event(Customer, example("customer", email="new@example.com"), "evt_2", 2000, double)
    assert Customer.objects.get().email == "new@example.com"


def test_event_older_than_an_api_read_changes_nothing(double: Any) -> None:
    Customer.sync_from_stripe_data(example("customer", email="api@example.com"))
    row = Customer.objects.get()
    assert row.djstripe_stamp > 1_700_000_000  # a caller's data counts as read now
    sync_event(Customer, example("customer", email="event@example.com"), "evt_1", 4000, double)
    assert Customer.objects.get().email == "api@example.com"


def test_api_read_is_stamped_with_stripes_clock(double: Any) -> None:
    double.put(example("customer"))
    double.set_time(5000)
    Customer._get_or_retrieve("cus_QXg1o8vcGmoR32")
    assert Customer.objects.get().djstripe_stamp == 5000


def test_same_second_events_are_settled_by_a_re_read(double: Any) -> None:
    double.put(example("customer", email="truth@example.com"))
    sync_event(Customer, example("customer", email="a@example.com"), "evt_a", 3000, double)
    double.reset_counts()
    sync_event(Customer, example("customer", email="b@example.com"), "evt_b", 3000, double)
    assert Customer.objects.get().email == "truth@example.com"
    assert double.request_counts().get("GET /v1/customers/{id}") == 1


def test_same_second_tie_without_the_api_is_deterministic_and_queued(double: Any) -> None:
    from djstripe.models import PendingReread

    double.inject_fault(route="GET /v1/customers/{id}", status=500, times=None, should_retry=False)
    orders = [("evt_a", "a@example.com"), ("evt_b", "b@example.com")]
    finals = []
    for order in (orders, list(reversed(orders))):
        Customer.objects.all().delete()
        for event_id, email in order:
            sync_event(Customer, example("customer", email=email), event_id, 3000, double)
        finals.append(Customer.objects.get().email)
    assert finals == ["b@example.com", "b@example.com"]
    assert PendingReread.objects.filter(stripe_id="cus_QXg1o8vcGmoR32").exists()


def test_deletion_is_final_against_older_and_same_second_data(double: Any) -> None:
    sync_event(Product, example("product"), "evt_1", 1000, double)
    sync_event(Product, example("product"), "evt_del", 2000, double, deleted=True)
    assert not Product.objects.exists()
    assert Tombstone.objects.filter(stripe_id="prod_QXg1hqf4jFNsqG").exists()
    sync_event(Product, example("product", name="late"), "evt_0", 1500, double)
    sync_event(Product, example("product", name="late"), "evt_3", 2000, double)
    assert not Product.objects.exists()


def test_deleted_customer_is_kept_and_marked(double: Any) -> None:
    Customer.sync_from_stripe_data(example("customer"))
    sync_event(Customer, example("customer"), "evt_del", 9_999_999_999, double, deleted=True)
    customer = Customer.objects.get()
    assert customer.deleted is True
    assert customer.date_purged is not None
    sync_event(Customer, example("customer", email="late@example.com"), "evt_x", 2000, double)
    assert Customer.objects.get().deleted is True


def test_api_read_with_identical_data_only_moves_the_stamp(double: Any) -> None:
    sync_page(Customer, [example("customer")], source=Source.api(1000))
    result = sync_page(Customer, [example("customer")], source=Source.api(2000))
    assert result.outcome.total("unchanged") == 1
    assert Customer.objects.get().djstripe_stamp == 2000


def test_an_id_used_again_for_a_new_object_is_mirrored(double: Any) -> None:
    """Coupon codes and plan ids are chosen by users: deleting one and creating it again
    makes a new object, which the tombstone of the old one must not hide."""
    from djstripe.models import Coupon

    old = example("coupon", id="SUMMER", created=1000, name="old")
    sync_event(Coupon, old, "evt_1", 1000, double)
    sync_event(Coupon, old, "evt_2", 2000, double, deleted=True)
    assert not Coupon.objects.exists()
    assert Tombstone.objects.get(stripe_id="SUMMER").object_created == 1000

    sync_event(Coupon, old, "evt_late", 1500, double)  # the deleted one, late: stays gone
    assert not Coupon.objects.exists()

    new = example("coupon", id="SUMMER", created=3000, name="new")
    sync_event(Coupon, new, "evt_3", 3000, double)
    assert Coupon.objects.get().name == "new"
    assert not Tombstone.objects.filter(stripe_id="SUMMER").exists()
    sync_event(Coupon, old, "evt_later", 2500, double)  # older data of the old object
    assert Coupon.objects.get().name == "new"


def test_a_deletion_stub_takes_the_created_time_of_the_stored_row(double: Any) -> None:
    sync_event(Product, example("product", created=1000), "evt_1", 1000, double)
    stub = {"id": "prod_QXg1hqf4jFNsqG", "object": "product", "deleted": True}
    sync_event(Product, stub, "evt_2", 2000, double)
    assert Tombstone.objects.get(stripe_id="prod_QXg1hqf4jFNsqG").object_created == 1000


def _invoice_with_line(description: str) -> dict[str, Any]:
    invoice = example("invoice")
    invoice["lines"]["data"][0]["description"] = description
    return invoice


def test_a_re_read_replaces_the_children_of_the_tied_event_too(double: Any) -> None:
    """Same-second events on an invoice: the re-read invoice brings its own lines; the
    lines of the event it replaces are neither written nor queued for another re-read."""
    from djstripe.models import Invoice, LineItem, PendingReread

    double.put(example("customer"))
    double.put(_invoice_with_line("as Stripe has it now"))
    line_id = example("invoice")["lines"]["data"][0]["id"]
    sync_event(Invoice, _invoice_with_line("first event"), "evt_a", 3000, double)
    assert LineItem.objects.get(id=line_id).description == "first event"
    double.reset_counts()

    sync_event(Invoice, _invoice_with_line("second event"), "evt_b", 3000, double)

    assert double.request_counts().get("GET /v1/invoices/{id}") == 1
    assert Invoice.objects.get().djstripe_stamp_source == ""  # an API read
    assert LineItem.objects.get(id=line_id).description == "as Stripe has it now"
    assert not PendingReread.objects.exists()
