"""djstripe_init_customers, djstripe_sync_customers, djstripe_clear_expired_idempotency_keys."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError
from django.utils import timezone

from djstripe import stripe_api
from djstripe.models import Charge, Customer, IdempotencyKey, Invoice, Subscription

from .conftest import run

pytestmark = pytest.mark.django_db


@pytest.fixture
def users(db):
    model = get_user_model()
    return [model.objects.create_user(f"u{i}", f"u{i}@example.com") for i in range(3)]


def test_init_customers_creates_one_per_subscriber_without(users, stripe_double):
    Customer.get_or_create(users[0])
    stripe_double.reset_counts()

    out, _ = run("djstripe_init_customers")

    assert out.count("Created customer") == 2
    assert {c.subscriber for c in Customer.objects.all()} == set(users)
    assert len(stripe_double.objects("customer")) == 3
    out, _ = run("djstripe_init_customers")
    assert out.strip() == "Every subscriber has a customer."


def test_init_customers_dry_run_changes_nothing(users, stripe_double):
    out, _ = run("djstripe_init_customers", "--dry-run")
    assert out.count("Would create a customer for u") == 3
    assert not Customer.objects.exists()
    assert stripe_double.objects("customer") == []


def test_init_customers_ignores_deleted_customers_and_other_modes(users, stripe_double):
    customer, _ = Customer.get_or_create(users[0])
    customer.purge()
    Customer.objects.create(id="cus_live", livemode=True, subscriber=users[1])

    run("djstripe_init_customers")

    test_mode = Customer.objects.filter(livemode=False, deleted=False)
    assert {c.subscriber for c in test_mode} == set(users)


def test_init_customers_reports_stripe_failures(users, stripe_double):
    stripe_double.inject_fault("POST /v1/customers", status=400, times=None)
    with pytest.raises(CommandError, match="3 of 3"):
        run("djstripe_init_customers")


def test_sync_customers_refreshes_the_customer_and_its_objects(users, stripe_double):
    customer, _ = Customer.get_or_create(users[0])
    stripe_api.request("post", f"/v1/customers/{customer.id}", {"name": "Changed on Stripe"})
    card = stripe_api.request(
        "post", "/v1/payment_methods", {"type": "card", "card": {"token": "tok_visa"}}
    ).data
    stripe_api.request(
        "post", f"/v1/payment_methods/{card['id']}/attach", {"customer": customer.id}
    )
    stripe_api.request(
        "post",
        f"/v1/customers/{customer.id}",
        {"invoice_settings": {"default_payment_method": card["id"]}},
    )
    product = stripe_api.request("post", "/v1/products", {"name": "P"}).data
    price = stripe_api.request(
        "post",
        "/v1/prices",
        {
            "product": product["id"],
            "unit_amount": 900,
            "currency": "usd",
            "recurring": {"interval": "month"},
        },
    ).data
    stripe_api.request(
        "post", "/v1/subscriptions", {"customer": customer.id, "items": [{"price": price["id"]}]}
    )
    assert not Subscription.objects.exists()

    out, _ = run("djstripe_sync_customers", "--subscribers", str(users[0].pk))

    assert "[1/1]" in out
    assert Customer.objects.get(id=customer.id).name == "Changed on Stripe"
    assert Subscription.objects.get(customer=customer).status == "active"
    assert Invoice.objects.get(customer=customer).status == "paid"
    assert Charge.objects.filter(customer=customer).count() == 1


def test_sync_customers_creates_missing_customers(users, stripe_double):
    run("djstripe_sync_customers", "--no-related")
    assert Customer.objects.count() == 3


def test_sync_customers_fails_loudly(users, stripe_double):
    stripe_double.inject_fault("POST /v1/customers", status=400, times=None)
    with pytest.raises(CommandError, match="3 of 3 subscribers failed"):
        run("djstripe_sync_customers")


def test_clear_expired_idempotency_keys():
    old = IdempotencyKey.objects.create(action="customer:create:1", livemode=False)
    fresh = IdempotencyKey.objects.create(action="customer:create:2", livemode=False)
    IdempotencyKey.objects.filter(pk=old.pk).update(
        created=timezone.now() - datetime.timedelta(hours=25)
    )

    out, _ = run("djstripe_clear_expired_idempotency_keys")

    assert out.strip() == "Deleted 1 expired idempotency keys."
    assert list(IdempotencyKey.objects.all()) == [fresh]
