"""Customer.get_or_create, create and purge against the double."""

from __future__ import annotations

import pytest
import stripe

from djstripe.models import Customer, IdempotencyKey


def test_get_or_create_creates_a_linked_customer_on_stripe(user, stripe_double):
    customer, created = Customer.get_or_create(subscriber=user)

    assert created is True
    remote = stripe_double.get(customer.id)
    assert remote["email"] == "ada@example.com"
    assert remote["name"] == "Ada Lovelace"
    assert remote["metadata"] == {"djstripe_subscriber": str(user.pk)}
    row = Customer.objects.get(id=customer.id)
    assert row.subscriber == user
    assert row.email == "ada@example.com"
    assert row.livemode is False


def test_get_or_create_returns_the_existing_customer_without_a_request(user, stripe_double):
    first, _ = Customer.get_or_create(subscriber=user)
    stripe_double.reset_counts()

    second, created = Customer.get_or_create(subscriber=user)

    assert (second.pk, created) == (first.pk, False)
    assert stripe_double.total_requests() == 0


def test_for_subscriber_of_an_anonymous_user_is_none(db, django_assert_num_queries):
    from django.contrib.auth.models import AnonymousUser

    with django_assert_num_queries(0):
        assert Customer.for_subscriber(AnonymousUser()) is None


def test_get_or_create_is_per_mode(user, stripe_double):
    Customer.get_or_create(subscriber=user)
    assert Customer.for_subscriber(user, livemode=True) is None
    assert Customer.for_subscriber(user, livemode=False) is not None


def test_repeated_creation_reuses_the_idempotency_key(user, stripe_double):
    """A second creation racing the first gets the same Stripe customer back."""
    customer, _ = Customer.get_or_create(subscriber=user)
    Customer.objects.filter(pk=customer.pk).delete()  # as if another process were mid-way

    again, created = Customer.get_or_create(subscriber=user)

    assert created is True
    assert again.id == customer.id
    assert len(stripe_double.objects("customer")) == 1


def test_extra_arguments_reach_stripe_and_the_metadata_link_wins(user, stripe_double):
    customer = Customer.create(
        user,
        metadata={"plan": "gold", "djstripe_subscriber": "someone else"},
        description="VIP",
    )
    remote = stripe_double.get(customer.id)
    assert remote["description"] == "VIP"
    assert remote["metadata"] == {"plan": "gold", "djstripe_subscriber": str(user.pk)}
    assert customer.subscriber == user


def test_the_link_holds_with_the_metadata_key_disabled(user, stripe_double, settings):
    settings.DJSTRIPE_SUBSCRIBER_CUSTOMER_KEY = ""
    customer = Customer.create(user)
    assert stripe_double.get(customer.id)["metadata"] == {}
    assert Customer.objects.get(id=customer.id).subscriber == user
    customer.resync()  # a later sync keeps the link set locally
    assert Customer.objects.get(id=customer.id).subscriber == user


def test_the_row_carries_stripes_clock(user, stripe_double):
    stripe_double.set_time(1_900_000_000)
    customer, _ = Customer.get_or_create(subscriber=user)
    assert Customer.objects.get(id=customer.id).djstripe_stamp == 1_900_000_000


def test_stripe_errors_pass_through_unchanged(user, stripe_double):
    with pytest.raises(stripe.InvalidRequestError) as caught:
        Customer.create(user, coupon="no_such_coupon")
    assert "No such coupon" in str(caught.value)
    assert not Customer.objects.exists()


def test_purge_deletes_on_stripe_and_keeps_the_row_unlinked(customer, stripe_double):
    customer.purge()

    assert stripe_double.get(customer.id) is None
    assert customer.deleted is True
    assert customer.subscriber is None
    assert customer.date_purged is not None
    row = Customer.objects.get(id=customer.id)
    assert (row.deleted, row.subscriber_id) == (True, None)


def test_after_purge_get_or_create_makes_a_new_customer(user, customer, stripe_double):
    customer.purge()
    assert not IdempotencyKey.objects.filter(action=f"customer:create:{user.pk}").exists()

    fresh, created = Customer.get_or_create(subscriber=user)

    assert created is True
    assert fresh.id != customer.id
    assert stripe_double.get(fresh.id) is not None
    assert fresh.subscriber == user


def test_purge_of_a_customer_already_deleted_on_stripe(customer, stripe_double):
    stripe_double.delete_object(customer.id)
    customer.purge()
    assert Customer.objects.get(id=customer.id).deleted is True


def test_a_later_sync_links_the_subscriber_named_in_the_metadata(user):
    """A customer first mirrored without the metadata key is linked once it has it."""
    base = {"id": "cus_later", "object": "customer", "livemode": False, "created": 1}
    Customer.sync_api_read(dict(base, metadata={}), 100)
    assert Customer.objects.get(id="cus_later").subscriber is None

    Customer.sync_api_read(dict(base, metadata={"djstripe_subscriber": str(user.pk)}), 101)
    assert Customer.objects.get(id="cus_later").subscriber == user

    Customer.sync_api_read(dict(base, metadata={}), 102)  # a link is kept when data has none
    assert Customer.objects.get(id="cus_later").subscriber == user


def test_sync_subscriber_is_importable_where_dj_stripe_had_it(user, stripe_double):
    from djstripe.sync import sync_subscriber

    customer = sync_subscriber(user)
    assert customer.subscriber == user
    assert sync_subscriber(user, related=False).id == customer.id
