"""Data of one mode never writes, deletes, tombstones or re-stamps a row of the other mode.

Whatever the way in (a webhook, ``sync_from_stripe_data``, a page of a backfill), and
whether the data says its mode (``livemode``) or takes it from where it came from (a
refund has no ``livemode``: its event's or API key's mode is its mode).
"""

from __future__ import annotations

import logging
import time
from typing import Any

import pytest
import stripe
from django.test import Client

from djstripe.exceptions import LivemodeConflictError
from djstripe.models import Coupon, Customer, Product, Refund, Tombstone, WebhookEndpoint
from djstripe.sync import sync_page
from djstripe.sync.plan import Plan
from djstripe.sync.resolve import Resolver
from djstripe.sync.source import Source
from djstripe.sync.write import write

from ..conftest import example
from ..webhooks.conftest import endpoint_data, event, post

pytestmark = pytest.mark.django_db

CUSTOMER = "cus_QXg1o8vcGmoR32"
LIVE_KEY = "sk_live_djstripe0tests0key"
TEST_KEY = "sk_test_djstripe0tests0key"
SECURITY = "djstripe.sync.security"


@pytest.fixture
def endpoint(double: Any) -> Any:
    """A test-mode endpoint (its deliveries are test-mode events)."""
    return WebhookEndpoint.sync_from_stripe_data(endpoint_data())


def live_customer(**changes: Any) -> Customer:
    data = example("customer", livemode=True, email="live@example.com", **changes)
    return Customer.sync_from_stripe_data(data, api_key=LIVE_KEY)


def test_a_test_mode_event_never_rewrites_a_live_row(
    double: Any, endpoint: Any, caplog: pytest.LogCaptureFixture
) -> None:
    before = live_customer()
    forged = example("customer", livemode=False, email="attacker@example.com", balance=-10_000)
    caplog.set_level(logging.WARNING, logger=SECURITY)

    created = int(time.time()) + 60  # newer than anything stored
    response = post(Client(), endpoint, event("customer.updated", forged, created=created))

    assert response.status_code == 200  # the event is recorded; the mirror is not touched
    row = Customer.objects.get(id=CUSTOMER)
    assert (row.livemode, row.email, row.balance) == (True, "live@example.com", before.balance)
    assert row.stripe_data == before.stripe_data
    assert row.djstripe_stamp == before.djstripe_stamp
    assert f"Refused to write Customer {CUSTOMER}" in caplog.text


def test_a_test_mode_deletion_never_deletes_a_live_row(double: Any, endpoint: Any) -> None:
    product = Product.sync_from_stripe_data(example("product", livemode=True), api_key=LIVE_KEY)
    live_customer()
    created = int(time.time()) + 60
    for event_type, obj in (
        ("product.deleted", example("product", livemode=False, deleted=True)),
        ("customer.deleted", example("customer", livemode=False)),
    ):
        assert post(Client(), endpoint, event(event_type, obj, created=created)).status_code == 200

    assert Product.objects.get(id=product.id).livemode is True
    assert not Tombstone.objects.exists()  # a tombstone would hide the live product for good
    customer = Customer.objects.get(id=CUSTOMER)
    assert (customer.deleted, customer.date_purged, customer.email) == (
        False,
        None,
        "live@example.com",
    )


def test_sync_from_stripe_data_of_the_other_mode_is_refused_with_a_clear_error(
    double: Any,
) -> None:
    before = live_customer()
    with pytest.raises(LivemodeConflictError) as raised:
        Customer.sync_from_stripe_data(example("customer", livemode=False, email="x@example.com"))
    message = str(raised.value)
    assert CUSTOMER in message
    assert "test mode" in message and "live mode" in message
    assert "nothing was written" in message
    assert Customer.objects.get(id=CUSTOMER).stripe_data == before.stripe_data


def test_a_page_writes_its_other_objects_and_logs_the_refusal(
    double: Any, caplog: pytest.LogCaptureFixture
) -> None:
    live_customer()
    other = example("customer", id="cus_other", livemode=False, email="other@example.com")
    caplog.set_level(logging.WARNING, logger=SECURITY)

    result = sync_page(
        Customer,
        [example("customer", livemode=False, email="page@example.com"), other],
        source=Source.api(int(time.time()) + 60, api_key=TEST_KEY),
    )

    assert result.outcome.total("refused") == 1
    assert Customer.objects.get(id=CUSTOMER).email == "live@example.com"
    assert Customer.objects.get(id="cus_other").email == "other@example.com"
    assert f"Refused to write Customer {CUSTOMER}" in caplog.text


def refund(**changes: Any) -> dict[str, Any]:
    data = example("refund", **changes)
    assert "livemode" not in data  # Stripe's refunds do not say their mode
    return data


def test_data_without_livemode_takes_the_mode_of_its_source(double: Any) -> None:
    """A refund read with the live key is a live refund: a test-mode event carrying its id
    (even with identical data, which would only move the stamp) leaves it alone."""
    live = Source.api(1000, api_key=LIVE_KEY, owner_account="acct_live")
    sync_page(Refund, [refund()], source=live)
    row = Refund.objects.get()
    assert (row.livemode, row.djstripe_livemode) == (None, True)  # the data's, the engine's

    test_event = Source.event("evt_1", 5000, api_key=TEST_KEY, livemode=False)
    changed = sync_page(Refund, [refund(amount=1)], source=test_event)
    same = sync_page(Refund, [refund()], source=Source.event("evt_2", 6000, livemode=False))

    assert changed.outcome.total("refused") == same.outcome.total("refused") == 1
    row = Refund.objects.get()
    assert (row.amount, row.djstripe_stamp, row.djstripe_stamp_source) == (100, 1000, "")


def test_data_whose_mode_cannot_be_told_never_touches_a_row_of_known_mode(
    double: Any, settings: Any
) -> None:
    sync_page(Refund, [refund()], source=Source.api(1000, api_key=LIVE_KEY, owner_account="a"))
    settings.STRIPE_TEST_SECRET_KEY = ""  # no key, no livemode: the mode is unknown
    unknown = Source.api(2000, owner_account="a")
    assert unknown.mode is None

    result = sync_page(Refund, [refund(amount=1)], source=unknown)

    assert result.outcome.total("refused") == 1
    assert Refund.objects.get().amount == 100


def test_a_row_of_unknown_mode_learns_it_from_data_of_known_mode(
    double: Any, settings: Any
) -> None:
    settings.STRIPE_TEST_SECRET_KEY = ""
    sync_page(Refund, [refund()], source=Source.api(1000, owner_account="a"))
    assert Refund.objects.get().djstripe_livemode is None
    sync_page(Refund, [refund()], source=Source.api(2000, api_key=LIVE_KEY, owner_account="a"))
    assert Refund.objects.get().djstripe_livemode is True  # identical data: stamped, and learnt
    sync_page(Refund, [refund(amount=1)], source=Source.api(3000, api_key=TEST_KEY))
    assert Refund.objects.get().amount == 100


def test_a_tombstone_of_one_mode_does_not_hide_the_object_of_the_other(double: Any) -> None:
    """Coupon codes are chosen by users, and the same code can exist in both modes."""
    coupon = example("coupon", id="SUMMER", created=1000)
    test_deletion = Source.event("evt_del", 2000, api_key=TEST_KEY, livemode=False)
    sync_page(Coupon, [dict(coupon, livemode=False, deleted=True)], source=test_deletion)
    assert Tombstone.objects.get(stripe_id="SUMMER").livemode is False

    live = Source.event("evt_live", 1500, api_key=LIVE_KEY, livemode=True)
    sync_page(Coupon, [dict(coupon, livemode=True, name="live")], source=live)
    assert Coupon.objects.get(id="SUMMER").livemode is True

    late_test = Source.event("evt_late", 1200, api_key=TEST_KEY, livemode=False)
    sync_page(Coupon, [dict(coupon, livemode=False, name="old test")], source=late_test)
    assert Coupon.objects.get(id="SUMMER").name == "live"


def test_the_write_itself_refuses_a_row_of_the_other_mode_committed_meanwhile(
    double: Any,
) -> None:
    """The resolver found no row; a live row is committed before the write: the guarded
    upsert (ON CONFLICT ... WHERE) leaves it alone, as a deletion would."""
    plans = []
    for data, deleted in (
        (example("customer", livemode=False, email="late@example.com"), False),
        (example("customer", livemode=False), True),
    ):
        plan = Plan(Source.event("evt_t", int(time.time()) + 60, api_key=TEST_KEY, livemode=False))
        plan.add(Customer, data, top_level=True, deleted=deleted)
        resolver = Resolver(plan)
        resolver.run()
        assert next(iter(plan)).decision == ("delete" if deleted else "insert")
        plans.append((plan, resolver))

    live_customer()
    for plan, resolver in plans:
        write(plan, resolver)

    row = Customer.objects.get(id=CUSTOMER)
    assert (row.livemode, row.email, row.deleted) == (True, "live@example.com", False)


def test_objects_of_no_mode_are_written_by_either(double: Any) -> None:
    """Accounts belong to both modes: a live read after a test read updates the row."""
    from djstripe.models import Account

    account = double.platform_account
    sync_page(Account, [account], source=Source.api(1000, api_key=TEST_KEY))
    changed = dict(account, email="new@example.com")
    sync_page(Account, [changed], source=Source.api(2000, api_key=LIVE_KEY))
    assert Account.objects.get(id=account["id"]).email == "new@example.com"


def test_the_double_keeps_live_and_test_apart_and_so_does_the_mirror(double: Any) -> None:
    """End to end: a live customer created through the API and synced from its response;
    the same id handed over as test data is refused."""
    live = stripe.StripeClient(LIVE_KEY, base_addresses={"api": double.url})
    created = live.v1.customers.create(params={"email": "live@example.com"})
    row = Customer.sync_from_stripe_data(created, api_key=LIVE_KEY)
    assert row.livemode is True

    forged = dict(created.to_dict(), livemode=False, email="forged@example.com")
    with pytest.raises(LivemodeConflictError):
        Customer.sync_from_stripe_data(forged)
    assert Customer.objects.get(id=created.id).email == "live@example.com"
