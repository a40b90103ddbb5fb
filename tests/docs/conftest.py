"""What the docs' examples may assume: a signed-in user, a request, a product and price."""

from __future__ import annotations

from typing import Any

import pytest
import stripe
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory

from djstripe import stripe_api


@pytest.fixture
def example_namespace(db: Any, stripe_double: Any, settings: Any, monkeypatch: Any) -> dict:
    """The names an example may use without defining them (see docs/contributing/docs.md)."""
    from djstripe.models import Price, Product

    # Code that calls stripe-python itself talks to the double too, with the test key.
    monkeypatch.setattr(stripe, "api_base", stripe_double.url)
    monkeypatch.setenv("STRIPE_TEST_SECRET_KEY", settings.STRIPE_TEST_SECRET_KEY)
    monkeypatch.setenv("STRIPE_LIVE_SECRET_KEY", "sk_live_docs0example0key")
    monkeypatch.setenv("STRIPE_TEST_PUBLIC_KEY", "pk_test_docs0example0key")
    monkeypatch.setenv("STRIPE_LIVE_PUBLIC_KEY", "pk_live_docs0example0key")
    user = get_user_model().objects.create_user(
        username="ada", email="ada@example.com", first_name="Ada", last_name="Lovelace"
    )
    request = RequestFactory().get("/account/")
    request.user = user
    request.session = SessionStore()
    product = stripe_api.request("post", "/v1/products", {"name": "Pro"}).data
    price = stripe_api.request(
        "post",
        "/v1/prices",
        {
            "product": product["id"],
            "unit_amount": 2000,
            "currency": "usd",
            "recurring": {"interval": "month"},
            "lookup_key": "pro_monthly",
        },
    ).data
    return {
        "user": user,
        "request": request,
        "product": Product.sync_from_stripe_data(product),
        "price": Price.sync_from_stripe_data(price),
        "stripe_double": stripe_double,
    }
