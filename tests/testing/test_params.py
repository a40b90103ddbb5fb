"""Decoding of stripe-python's form encoding (no server involved)."""

from __future__ import annotations

from urllib.parse import urlencode

from stripe._encode import _api_encode

from djstripe.testing.params import coerce, decode, expand_paths


def encoded(params: dict) -> str:
    """Encode exactly as stripe-python does for a request."""
    return urlencode(list(_api_encode(params)))


def test_nested_dicts_lists_and_expand_round_trip():
    params = {
        "items": [{"price": "price_1", "quantity": 2}, {"price": "price_2"}],
        "metadata": {"order": "42"},
        "expand": ["latest_invoice", "customer"],
        "invoice_settings": {"default_payment_method": "pm_1"},
    }
    decoded = decode(encoded(params))
    assert decoded["items"] == [{"price": "price_1", "quantity": "2"}, {"price": "price_2"}]
    assert decoded["metadata"] == {"order": "42"}
    assert expand_paths(decoded) == ["latest_invoice", "customer"]
    assert decoded["invoice_settings"] == {"default_payment_method": "pm_1"}


def test_bracket_append_form_used_by_curl():
    decoded = decode("expand[]=data.customer&expand[]=data.invoice")
    assert expand_paths(decoded) == ["data.customer", "data.invoice"]


def test_coerce_uses_template_types_and_keeps_metadata_strings():
    template = {"amount": 0, "active": True, "description": "x", "metadata": {}, "address": None}
    decoded = decode(
        encoded(
            {
                "amount": 1500,
                "active": False,
                "description": "12",
                "metadata": {"n": "7", "gone": ""},
                "address": {"postal_code": "02108"},
            }
        )
    )
    assert coerce(decoded, template) == {
        "amount": 1500,
        "active": False,
        "description": "12",
        "metadata": {"n": "7", "gone": None},
        "address": {"postal_code": "02108"},
    }


def test_empty_string_means_unset():
    assert coerce(decode("description=&quantity=3"), {"description": "a"}) == {
        "description": None,
        "quantity": 3,
    }
