"""The engine's parameter shortcuts give what Django's ``get_db_prep_save`` gives."""

from __future__ import annotations

import datetime
from collections import OrderedDict

import pytest
from django.db import connection

from djstripe.models import Customer, Invoice
from djstripe.sync.params import preparers


@pytest.mark.django_db
@pytest.mark.parametrize(
    "value",
    [
        None,
        {},
        {"a": 1, "b": [1, "é"]},
        [],
        [1, {"x": None}],
        "text",
        3,
        True,
        OrderedDict([("b", 1), ("a", OrderedDict())]),  # as stripe-python parses
        OrderedDict(),
    ],
)
def test_json_columns_get_what_django_gives(value):
    field = Customer._meta.get_field("metadata")
    (prepare,) = preparers(connection, (field,))
    # PostgreSQL: a Jsonb wrapper, compared by what it wraps
    assert _unwrapped(prepare(value)) == _unwrapped(field.get_db_prep_save(value, connection))


def _unwrapped(param):
    return getattr(param, "obj", param)


@pytest.mark.django_db
def test_a_datetime_seen_again_gets_the_same_parameter():
    field = Invoice._meta.get_field("created")
    (prepare,) = preparers(connection, (field,))
    first = datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)
    second = datetime.datetime(2025, 6, 7, 8, 9, 10, 11, tzinfo=datetime.UTC)
    for value in (first, first, second, first, second, second):
        assert prepare(value) == field.get_db_prep_save(value, connection)
