"""Card details for payment methods, cards and charges, including Stripe's test ids.

``pm_card_visa``, ``pm_card_mastercard``, ``tok_visa``... work as on Stripe in
test mode: using one creates a fresh object.  ``pm_card_chargeDeclined`` (and
``tok_chargeDeclined``) makes a card whose payments are declined.
"""

from __future__ import annotations

from typing import Any

from .. import objects
from ..build import MAGIC, new_object
from ..context import Context
from ..crud import create_object
from ..store import Record

BRANDS: dict[str, tuple[str, str]] = {
    "visa": ("visa", "4242"),
    "visa_debit": ("visa", "5556"),
    "mastercard": ("mastercard", "4444"),
    "amex": ("amex", "8431"),
    "discover": ("discover", "1117"),
    "chargedeclined": ("visa", "0002"),
    "chargedeclinedinsufficientfunds": ("visa", "9995"),
}
DECLINED_LAST4 = frozenset({"0002", "9995"})


def card_details(ctx: Context, kind: str = "visa") -> dict[str, Any]:
    brand, last4 = BRANDS.get(kind.lower(), BRANDS["visa"])
    return {
        "brand": brand,
        "checks": {
            "address_line1_check": None,
            "address_postal_code_check": None,
            "cvc_check": "pass",
        },
        "country": "US",
        "display_brand": brand,
        "exp_month": 12,
        "exp_year": 2034,
        "fingerprint": ctx.ids.text(16),
        "funding": "credit",
        "generated_from": None,
        "last4": last4,
        "networks": {"available": [brand], "preferred": None},
        "regulated_status": "unregulated",
        "three_d_secure_usage": {"supported": True},
        "wallet": None,
    }


def create_card_payment_method(
    ctx: Context, kind: str = "visa", customer: str | None = None
) -> Record:
    return create_object(
        ctx,
        "payment_method",
        {"type": "card"},
        emit=False,
        card=card_details(ctx, kind),
        customer=customer,
        billing_details={
            "address": None,
            "email": None,
            "name": None,
            "phone": None,
            "tax_id": None,
        },
    )


def create_card_source(ctx: Context, kind: str, customer: str | None) -> Record:
    """A legacy ``card`` object (``card_...``), e.g. from ``tok_visa``."""
    details = card_details(ctx, kind)
    obj = new_object(ctx, "card")
    obj.update(
        id=ctx.ids.new("card"),
        brand=details["brand"].title(),
        last4=details["last4"],
        fingerprint=details["fingerprint"],
        exp_month=details["exp_month"],
        exp_year=details["exp_year"],
        customer=customer,
        funding="credit",
        country="US",
    )
    return objects.save(ctx.store, ctx.space, obj)


def is_declined(record: Record | None) -> bool:
    if record is None:
        return False
    obj = record.obj
    last4 = (
        (obj.get("card") or {}).get("last4")
        if obj.get("object") == "payment_method"
        else obj.get("last4")
    )
    return last4 in DECLINED_LAST4


def _magic_payment_method(ctx: Context, value: str) -> str:
    return create_card_payment_method(ctx, value.removeprefix("pm_card_")).id


def _magic_token(ctx: Context, value: str) -> str:
    return create_card_source(ctx, value.removeprefix("tok_"), None).id


MAGIC["pm_card_"] = _magic_payment_method
MAGIC["tok_"] = _magic_token
