"""Final states stay final; data ranks by the age it is known to have; data of unknown age
(handed over by a caller) blocks nothing that comes after it.
"""

from __future__ import annotations

import copy
import time
from typing import Any

import pytest
import stripe
from django.test import Client

from djstripe.models import Customer, Subscription, WebhookEndpoint
from djstripe.sync import sync_page
from djstripe.sync.plan import Plan
from djstripe.sync.resolve import Resolver
from djstripe.sync.source import Source
from djstripe.sync.write import write

from ..conftest import example
from ..webhooks.conftest import endpoint_data, event, post

pytestmark = pytest.mark.django_db

SUB = "sub_1Pgc6rB7WZ01zgkWNy0Cn5nw"
CUSTOMER = "cus_QXg1o8vcGmoR32"
TEST_KEY = "sk_test_djstripe0tests0key"


@pytest.fixture
def endpoint(double: Any) -> Any:
    return WebhookEndpoint.sync_from_stripe_data(endpoint_data())


def subscription(**changes: Any) -> dict[str, Any]:
    return copy.deepcopy(example("subscription", **changes))


def canceled(at: int) -> dict[str, Any]:
    return subscription(status="canceled", canceled_at=at, ended_at=at)


def deliver(event_type: str, obj: dict[str, Any], created: int, endpoint: Any) -> None:
    assert post(Client(), endpoint, event(event_type, obj, created=created)).status_code == 200


@pytest.mark.parametrize("stripe_now", ["canceled", "deleted"])
def test_a_deletion_event_older_than_a_callers_sync_still_cancels(
    double: Any, endpoint: Any, stripe_now: str
) -> None:
    """The issue's case: synced in code from a dict, then ``customer.subscription.deleted``
    created an hour before that call. Whatever Stripe would answer now (the canceled
    subscription, or 404), the mirror ends canceled, and a late update does not revive it."""
    hour_ago = int(time.time()) - 3600
    if stripe_now == "canceled":
        double.put(canceled(hour_ago))
    else:
        double.delete_object(SUB)
    Subscription.sync_from_stripe_data(subscription(status="active"))

    deliver("customer.subscription.deleted", canceled(hour_ago), hour_ago, endpoint)
    assert Subscription.objects.get(id=SUB).status == "canceled"

    late = subscription(status="active", metadata={"late": "yes"})
    deliver("customer.subscription.updated", late, hour_ago + 600, endpoint)
    row = Subscription.objects.get(id=SUB)
    assert (row.status, row.canceled_at is not None) == ("canceled", True)
    assert row.stripe_data["metadata"] == {}


def test_a_late_update_before_the_deletion_does_not_keep_it_active(
    double: Any, endpoint: Any
) -> None:
    hour_ago = int(time.time()) - 3600
    Subscription.sync_from_stripe_data(subscription(status="active"))
    deliver("customer.subscription.updated", subscription(status="past_due"), hour_ago, endpoint)
    deliver("customer.subscription.deleted", canceled(hour_ago + 60), hour_ago + 60, endpoint)
    assert Subscription.objects.get(id=SUB).status == "canceled"


def test_a_callers_stale_data_never_revives_a_final_state(double: Any, endpoint: Any) -> None:
    hour_ago = int(time.time()) - 3600
    deliver("customer.subscription.deleted", canceled(hour_ago), hour_ago, endpoint)

    row = Subscription.sync_from_stripe_data(subscription(status="active"))

    assert row.status == "canceled"
    assert Subscription.objects.get(id=SUB).stripe_data["status"] == "canceled"


def test_newer_data_of_a_non_final_state_never_replaces_a_final_one(double: Any) -> None:
    cancel = Source.event("evt_cancel", 2000, api_key=TEST_KEY, livemode=False)
    sync_page(Subscription, [canceled(2000)], source=cancel)
    newer_event = Source.event("evt_odd", 3000, api_key=TEST_KEY, livemode=False)
    newer_read = Source.api(4000, api_key=TEST_KEY)
    for source in (newer_event, newer_read):
        result = sync_page(Subscription, [subscription(status="active")], source=source)
        assert result.items[0].decision == "skip"
    assert Subscription.objects.get(id=SUB).status == "canceled"
    # between final states, the fresher data still wins
    sync_page(Subscription, [dict(canceled(2000), metadata={"k": "v"})], source=newer_read)
    assert Subscription.objects.get(id=SUB).metadata == {"k": "v"}


def test_a_deleted_customer_is_never_revived_by_newer_data(double: Any) -> None:
    deletion = Source.event("evt_del", 2000, api_key=TEST_KEY, livemode=False)
    sync_page(Customer, [example("customer")], source=deletion, deleted=True)
    newer = Source.event("evt_upd", 3000, api_key=TEST_KEY, livemode=False)
    sync_page(Customer, [example("customer", email="back@example.com")], source=newer)
    row = Customer.objects.get(id=CUSTOMER)
    assert row.deleted is True
    assert row.email != "back@example.com"
    assert row.stripe_data.get("deleted") is True


def test_a_callers_data_does_not_block_newer_events(double: Any, endpoint: Any) -> None:
    """A plain dict's age is unknown: an event from after its ``created`` may be newer,
    so it replaces the dict's data (before, the dict counted as read *now* and outranked
    every event created before the call)."""
    Customer.sync_from_stripe_data(example("customer", email="handed@example.com"))
    ten_minutes_ago = int(time.time()) - 600
    newer = example("customer", email="event@example.com")
    deliver("customer.updated", newer, ten_minutes_ago, endpoint)
    row = Customer.objects.get(id=CUSTOMER)
    assert (row.email, row.djstripe_stamp, row.djstripe_stamp_floor) == (
        "event@example.com",
        ten_minutes_ago,
        None,
    )


def test_data_of_known_age_ranks_by_its_age(double: Any, endpoint: Any) -> None:
    """A StripeObject carries its response: its ``Date`` is its age, exactly."""
    read_at = int(time.time()) - 600
    double.set_time(read_at)
    client = stripe.StripeClient(TEST_KEY, base_addresses={"api": double.url})
    Customer.sync_from_stripe_data(client.v1.customers.retrieve(CUSTOMER))
    row = Customer.objects.get(id=CUSTOMER)
    assert (row.djstripe_stamp, row.djstripe_stamp_floor) == (read_at, None)

    deliver(
        "customer.updated", example("customer", email="older@example.com"), read_at - 5, endpoint
    )
    assert Customer.objects.get(id=CUSTOMER).email != "older@example.com"
    deliver(
        "customer.updated", example("customer", email="newer@example.com"), read_at + 5, endpoint
    )
    assert Customer.objects.get(id=CUSTOMER).email == "newer@example.com"


def test_the_write_itself_keeps_a_final_state_committed_meanwhile(double: Any) -> None:
    """The resolver saw an active subscription and planned a newer active one; the
    cancellation commits before the write: the guarded upsert keeps it."""
    sync_page(Subscription, [subscription(status="active")], source=Source.api(1000))
    plan = Plan(Source.api(5000, api_key=TEST_KEY))
    plan.add(Subscription, subscription(status="active", metadata={"v": "2"}), top_level=True)
    resolver = Resolver(plan)
    resolver.run()
    assert next(iter(plan)).decision == "update"

    cancel = Source.event("evt_cancel", 2000, api_key=TEST_KEY, livemode=False)
    sync_page(Subscription, [canceled(2000)], source=cancel)
    write(plan, resolver)

    assert Subscription.objects.get(id=SUB).status == "canceled"
