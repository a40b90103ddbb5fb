"""dj-stripe 2.11's write helpers that go to Stripe: the double serves the requests.

The double has no route yet for ``POST /v1/subscription_schedules/{id}/cancel`` and
``/release``, ``POST /v1/accounts/{id}/reject`` and ``POST /v1/tokens``: the
``extra_routes`` fixture adds them, answering as Stripe's API reference says.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
import stripe

from djstripe.models import Account, Card, Price, Product, SubscriptionSchedule

from ..conftest import example

pytestmark = pytest.mark.django_db


def _cancel_schedule(ctx: Any, schedule_id: str) -> Any:
    from djstripe.testing.crud import update_object

    record = ctx.get(schedule_id, "subscription_schedule")
    return update_object(ctx, record, emit=False, status="canceled", canceled_at=ctx.now())


def _release_schedule(ctx: Any, schedule_id: str) -> Any:
    from djstripe.testing.crud import update_object

    record = ctx.get(schedule_id, "subscription_schedule")
    return update_object(
        ctx,
        record,
        emit=False,
        status="released",
        released_at=ctx.now(),
        released_subscription=record.obj.get("subscription"),
        subscription=None,
    )


def _reject_account(ctx: Any, account_id: str) -> Any:
    from djstripe.testing.crud import update_object

    record = ctx.get(account_id, "account")
    reason = ctx.params.get("reason")
    requirements = {
        **(record.obj.get("requirements") or {}),
        "disabled_reason": f"rejected.{reason}",
    }
    return update_object(
        ctx,
        record,
        emit=False,
        charges_enabled=False,
        payouts_enabled=False,
        requirements=requirements,
    )


def _create_token(ctx: Any) -> dict[str, Any]:
    card = ctx.params.get("card") or {}
    return {
        "id": f"tok_{ctx.double.ids.text(24)}",
        "object": "token",
        "card": {
            "id": f"card_{ctx.double.ids.text(24)}",
            "object": "card",
            "last4": str(card.get("number", ""))[-4:],
            "brand": "Visa",
            "exp_month": int(card["exp_month"]),
            "exp_year": int(card["exp_year"]),
        },
        "created": ctx.now(),
        "livemode": ctx.livemode,
        "type": "card",
        "used": False,
    }


@pytest.fixture
def extra_routes(double: Any) -> Any:
    router = double.router
    router.add("POST", "/v1/subscription_schedules/{id}/cancel", _cancel_schedule)
    router.add("POST", "/v1/subscription_schedules/{id}/release", _release_schedule)
    router.add("POST", "/v1/accounts/{id}/reject", _reject_account)
    router.add("POST", "/v1/tokens", _create_token)
    return double


def _product(double: Any, stripe_id: str) -> Product:
    double.put(example("product", id=stripe_id, default_price=None))
    return Product.sync_from_stripe_data(double.get(stripe_id))


def test_price_create_takes_major_units(double: Any) -> None:
    product = _product(double, "prod_compat")
    monthly = Price.create(
        unit_amount=Decimal("9.99"),
        currency="usd",
        product=product,
        recurring={"interval": "month"},
        nickname="monthly",
    )
    yen = Price.create(unit_amount=500, currency="jpy", product=product.id)
    assert (monthly.unit_amount, monthly.product_id, monthly.recurring_interval) == (
        999,
        "prod_compat",
        "month",
    )
    assert double.get(monthly.id)["unit_amount"] == 999
    assert yen.unit_amount == 500  # zero-decimal: not multiplied by 100


def test_price_get_or_create(double: Any) -> None:
    product = _product(double, "prod_goc")
    created, was_created = Price.get_or_create(unit_amount=5, currency="eur", product=product)
    again, created_again = Price.get_or_create(id=created.id, unit_amount=5, currency="eur")
    assert was_created and not created_again and again.pk == created.pk


def _schedule(double: Any) -> SubscriptionSchedule:
    data = example("subscription_schedule", id="sub_sched_compat", status="active")
    data.update(customer=None, subscription="sub_compat_1", test_clock=None, application=None)
    double.put(data)
    return SubscriptionSchedule.sync_from_stripe_data(data)


def test_subscription_schedule_update_cancel_release(extra_routes: Any) -> None:
    schedule = _schedule(extra_routes)
    updated = schedule.update(end_behavior="cancel", metadata={"plan": "b"})
    assert (updated.end_behavior, updated.metadata) == ("cancel", {"plan": "b"})

    canceled = schedule.cancel()
    assert canceled.pk == schedule.pk
    assert (canceled.status, canceled.canceled_at is not None) == ("canceled", True)


def test_subscription_schedule_release(extra_routes: Any) -> None:
    schedule = _schedule(extra_routes)
    released = schedule.release()
    assert released.status == "released" and released.released_at is not None
    assert released.stripe_data["released_subscription"] == "sub_compat_1"


def test_account_api_reject(extra_routes: Any) -> None:
    connected = extra_routes.create_connected_account()
    account = Account.sync_from_stripe_data(connected)
    answer = account.api_reject(reason="fraud")
    assert isinstance(answer, stripe.StripeObject)
    account.refresh_from_db()
    assert account.charges_enabled is False
    assert account.requirements["disabled_reason"] == "rejected.fraud"


def test_card_create_token(extra_routes: Any) -> None:
    token = Card.create_token("4242424242424242", 12, 2030, "123")
    assert token.id.startswith("tok_") and token.card.last4 == "4242"
