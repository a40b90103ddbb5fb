"""``stripe_data`` is what Stripe sent, whether the object comes as JSON data or as the
``StripeObject`` stripe-python builds from it (``stripe.PromotionCode.retrieve()``).

Every round-trip case (every mirrored model, current and older shapes) is synced in
each form, with the shapes Stripe's examples leave out filled in from the schemas:
per-key maps of objects (``restrictions.currency_options.eur``) and decimal strings.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import pytest
import stripe
from django.apps import apps

from djstripe import stripe_api

from ..conftest import example
from .cases import all_cases
from .roundtrip import Case
from .spec import TRICKY_DECIMAL, with_every_shape

CASES = all_cases()


def as_dict(data: dict[str, Any], model: Any) -> Any:
    return copy.deepcopy(data)


def converted(data: dict[str, Any], model: Any) -> Any:
    """What a retrieve or a list page gives: the class is chosen by ``object``."""
    return stripe.convert_to_stripe_object(copy.deepcopy(data))


def constructed(data: dict[str, Any], model: Any) -> Any:
    """``Resource.construct_from(values, key)``, stripe-python's documented constructor."""
    klass = model.stripe_class or stripe.StripeObject
    return klass.construct_from(copy.deepcopy(data), "sk_test_raw_data")


FORMS: dict[str, Callable[[dict[str, Any], Any], Any]] = {
    "dict": as_dict,
    "convert_to_stripe_object": converted,
    "construct_from": constructed,
}


@pytest.mark.django_db
@pytest.mark.parametrize("form", list(FORMS))
@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_stripe_data_is_exactly_what_stripe_sent(case: Case, form: str, double: Any) -> None:
    model = apps.get_model("djstripe", case.model)
    if case.setup:
        case.setup(double)
    data = with_every_shape(case.data())
    row = model.sync_from_stripe_data(FORMS[form](data, model))
    row.refresh_from_db()
    assert row.stripe_data == data


def promotion_code() -> dict[str, Any]:
    data = example("promotion_code")
    data["restrictions"]["currency_options"] = {
        "eur": {"minimum_amount": 1000},
        "jpy": {"minimum_amount": 1500},
    }
    return data


def test_a_per_key_map_of_objects_stays_objects() -> None:
    """The reported shape: each currency's options an object, not JSON text."""
    data = promotion_code()
    assert stripe_api.as_data(stripe.convert_to_stripe_object(copy.deepcopy(data))) == data


def test_an_expanded_object_inside_another_keeps_its_maps() -> None:
    data = example("discount", promotion_code=promotion_code())
    assert stripe_api.as_data(stripe.convert_to_stripe_object(copy.deepcopy(data))) == data


def test_decimal_strings_keep_the_digits_stripe_sent() -> None:
    data = example("price", unit_amount_decimal=TRICKY_DECIMAL)
    result = stripe_api.as_data(stripe.convert_to_stripe_object(copy.deepcopy(data)))
    assert result["unit_amount_decimal"] == TRICKY_DECIMAL


def test_the_result_is_plain_json() -> None:
    data = with_every_shape(example("shipping_rate"))
    result = stripe_api.as_data(stripe.convert_to_stripe_object(copy.deepcopy(data)))
    assert json.loads(json.dumps(result)) == data


def test_the_filled_examples_hold_the_shapes_that_were_lost() -> None:
    """The generated shapes really contain a per-key map of objects (else the
    parametrized test above proves nothing about them)."""
    shipping = with_every_shape(example("shipping_rate"))
    assert isinstance(shipping["fixed_amount"]["currency_options"]["eur"], dict)
    code = with_every_shape(example("promotion_code"))
    assert isinstance(code["restrictions"]["currency_options"]["eur"], dict)
