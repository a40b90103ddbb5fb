"""Gating views on entitlements: decorator, mixin, template tag, context processor,
and at most one query per request."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from djstripe import stripe_api
from djstripe.entitlements import (
    has_feature,
    request_feature_keys,
    subscriber_has_feature,
)
from djstripe.models import ActiveEntitlement, Customer

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.usage.gating_urls")]


def entitle(customer: Customer, lookup_keys: list[str]) -> None:
    """Subscribe ``customer`` to a product with these features and mirror the result."""
    product = stripe_api.create("/v1/products", {"name": "Plan"})
    for key in lookup_keys:
        feature = stripe_api.create("/v1/entitlements/features", {"name": key, "lookup_key": key})
        stripe_api.create(
            f"/v1/products/{product['id']}/features", {"entitlement_feature": feature["id"]}
        )
    price = stripe_api.create(
        "/v1/prices",
        {
            "product": product["id"],
            "unit_amount": 1000,
            "currency": "usd",
            "recurring": {"interval": "month"},
        },
    )
    stripe_api.create(
        "/v1/subscriptions",
        {"customer": customer.id, "items": [{"price": price["id"]}], "trial_period_days": 7},
    )
    ActiveEntitlement.sync_for_customer(customer)


@pytest.fixture(autouse=True)
def features_in_templates(settings: Any) -> None:
    """The context processor, as a project adds it to its TEMPLATES."""
    options = settings.TEMPLATES[0]["OPTIONS"]
    processors = [*options["context_processors"], "djstripe.entitlements.features"]
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "OPTIONS": {**options, "context_processors": processors}}
    ]


@pytest.fixture
def user(db: Any) -> Any:
    return get_user_model().objects.create_user(username="ada", password="x")


@pytest.fixture
def subscriber_customer(stripe_double: Any, user: Any) -> Customer:
    customer, _ = Customer.get_or_create(user)
    return customer


def test_customer_and_subscriber_have_their_features(subscriber_customer: Customer, user) -> None:
    entitle(subscriber_customer, ["api", "exports"])

    assert subscriber_customer.has_feature("api")
    assert has_feature(subscriber_customer, "exports")
    assert not subscriber_customer.has_feature("sso")
    assert subscriber_has_feature(user, "api")
    assert not subscriber_has_feature(user, "api", livemode=True)
    other = get_user_model().objects.create_user(username="bob")
    assert not subscriber_has_feature(other, "api")


def test_lookup_keys_are_checked(subscriber_customer: Customer) -> None:
    with pytest.raises(ValueError, match="lookup key"):
        subscriber_customer.has_feature("")


def test_decorator_lets_an_entitled_subscriber_in(client, user, subscriber_customer) -> None:
    entitle(subscriber_customer, ["api"])
    client.force_login(user)
    response = client.get("/console/")
    assert response.status_code == 200
    assert response.content == b"console"


def test_decorator_refuses_with_403_by_default(client, user, subscriber_customer) -> None:
    entitle(subscriber_customer, ["exports"])
    client.force_login(user)
    assert client.get("/console/").status_code == 403


def test_anonymous_visitors_are_refused_without_a_query(client) -> None:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/console/")
    assert response.status_code == 403
    assert len(queries) == 0


def test_decorator_can_redirect_and_needs_every_feature(client, user, subscriber_customer) -> None:
    entitle(subscriber_customer, ["api"])
    client.force_login(user)
    response = client.get("/export/")
    assert response.status_code == 302
    assert response["Location"] == "/pricing/"


def test_view_decorator_template_tag_and_context_share_one_query(
    client, user, subscriber_customer
) -> None:
    entitle(subscriber_customer, ["api", "exports"])
    client.force_login(user)
    client.get("/pricing/")  # the session is loaded and stored once, outside the count

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/export/")

    assert response.content == b"exports=True api=yes"
    entitlement_queries = [q for q in queries if "djstripe_activeentitlement" in q["sql"]]
    assert len(entitlement_queries) == 1
    assert not any("djstripe_customer" in q["sql"] and "entitle" not in q["sql"] for q in queries)


def test_mixin_refuses_or_redirects(client, user, subscriber_customer) -> None:
    entitle(subscriber_customer, ["api"])
    client.force_login(user)
    assert client.get("/reports/").status_code == 403
    response = client.get("/reports-or-pricing/")
    assert (response.status_code, response["Location"]) == (302, "/pricing/")


def test_mixin_lets_an_entitled_subscriber_in(client, user, subscriber_customer) -> None:
    entitle(subscriber_customer, ["exports"])
    client.force_login(user)
    response = client.get("/reports/")
    assert response.status_code == 200
    assert response.content == b"exports=True api=no"


def test_losing_a_feature_closes_the_view(client, user, subscriber_customer, stripe_double):
    entitle(subscriber_customer, ["api"])
    client.force_login(user)
    assert client.get("/console/").status_code == 200
    for sub in stripe_api.iterate("/v1/subscriptions", params={"customer": subscriber_customer.id}):
        stripe_api.delete(f"/v1/subscriptions/{sub['id']}")
    ActiveEntitlement.sync_for_customer(subscriber_customer)
    assert client.get("/console/").status_code == 403


def test_request_cache_is_per_request(rf, user, subscriber_customer) -> None:
    entitle(subscriber_customer, ["api"])
    request = rf.get("/")
    request.user = user
    with CaptureQueriesContext(connection) as queries:
        assert request_feature_keys(request) == {"api"}
        assert request_feature_keys(request) == {"api"}
    assert len(queries) == 1


def test_a_single_required_feature_may_be_a_string(rf, user, subscriber_customer) -> None:
    from django.http import HttpResponse
    from django.views import View

    from djstripe.entitlements import FeatureRequiredMixin

    class Reports(FeatureRequiredMixin, View):
        required_features = "exports"  # not ("e", "x", "p", ...)

        def get(self, request):
            return HttpResponse("reports")

    entitle(subscriber_customer, ["exports"])
    request = rf.get("/")
    request.user = user
    assert Reports.as_view()(request).status_code == 200
