"""Generated billing objects: subscriptions, items, invoices, lines, invoice items."""

from __future__ import annotations

from typing import Any

from ..actions.billing_periods import plan_from_price
from .naming import Namer, list_of


def subscription_item(
    namer: Namer, subscription_id: str, price: dict[str, Any], created: int, quantity: int
) -> dict[str, Any]:
    return {
        "id": namer.id("si"),
        "object": "subscription_item",
        "billing_thresholds": None,
        "created": created,
        "current_period_end": None,
        "current_period_start": None,
        "discounts": [],
        "metadata": {},
        "plan": plan_from_price(price),
        "price": price,
        "quantity": quantity,
        "subscription": subscription_id,
        "tax_rates": [],
    }


def subscription(
    sub_id: str,
    customer: dict[str, Any],
    method: dict[str, Any],
    items: list[dict[str, Any]],
    anchor: int,
) -> dict[str, Any]:
    return {
        "id": sub_id,
        "object": "subscription",
        "application": None,
        "application_fee_percent": None,
        "automatic_tax": {"disabled_reason": None, "enabled": False, "liability": None},
        "billing_cycle_anchor": anchor,
        "billing_cycle_anchor_config": None,
        "billing_mode": {"flexible": None, "type": "classic", "updated_at": None},
        "billing_thresholds": None,
        "cancel_at": None,
        "cancel_at_period_end": False,
        "canceled_at": None,
        "cancellation_details": {"comment": None, "feedback": None, "reason": None},
        "collection_method": "charge_automatically",
        "created": anchor,
        "currency": "usd",
        "customer": customer["id"],
        "customer_account": None,
        "days_until_due": None,
        "default_payment_method": method["id"],
        "default_source": None,
        "default_tax_rates": [],
        "description": None,
        "discounts": [],
        "ended_at": None,
        "invoice_settings": {"account_tax_ids": None, "issuer": {"type": "self"}},
        "items": list_of(items, f"/v1/subscription_items?subscription={sub_id}"),
        "latest_invoice": None,
        "livemode": False,
        "metadata": {},
        "next_pending_invoice_item_invoice": None,
        "on_behalf_of": None,
        "pause_collection": None,
        "payment_settings": {
            "payment_method_options": None,
            "payment_method_types": None,
            "save_default_payment_method": "off",
        },
        "pending_invoice_item_interval": None,
        "pending_setup_intent": None,
        "pending_update": None,
        "schedule": None,
        "start_date": anchor,
        "status": "active",
        "test_clock": None,
        "transfer_data": None,
        "trial_end": None,
        "trial_settings": {"end_behavior": {"missing_payment_method": "create_invoice"}},
        "trial_start": None,
    }


def subscription_line(
    namer: Namer, invoice_id: str, item: dict[str, Any], product_name: str, period: tuple[int, int]
) -> dict[str, Any]:
    price = item["price"]
    amount = price["unit_amount"] * item["quantity"]
    parent = {
        "type": "subscription_item_details",
        "invoice_item_details": None,
        "subscription_item_details": {
            "invoice_item": None,
            "proration": False,
            "proration_details": {"credited_items": None},
            "subscription": item["subscription"],
            "subscription_item": item["id"],
        },
    }
    description = (
        f"{item['quantity']} × {product_name} (at ${price['unit_amount'] / 100:.2f} / month)"
    )
    return _line(
        namer,
        invoice_id,
        amount,
        description,
        parent,
        price,
        item["quantity"],
        period,
        item["subscription"],
    )


def invoice_item_line(
    namer: Namer, invoice_id: str, ii: dict[str, Any], price: dict[str, Any], subscription_id: str
) -> dict[str, Any]:
    parent = {
        "type": "invoice_item_details",
        "subscription_item_details": None,
        "invoice_item_details": {
            "invoice_item": ii["id"],
            "proration": False,
            "proration_details": {"credited_items": None},
            "subscription": subscription_id,
        },
    }
    period = (ii["period"]["start"], ii["period"]["end"])
    return _line(
        namer,
        invoice_id,
        ii["amount"],
        ii["description"],
        parent,
        price,
        ii["quantity"],
        period,
        subscription_id,
    )


def _line(
    namer: Namer,
    invoice_id: str,
    amount: int,
    description: str,
    parent: dict[str, Any],
    price: dict[str, Any],
    quantity: int,
    period: tuple[int, int],
    subscription_id: str,
) -> dict[str, Any]:
    return {
        "id": namer.id("il"),
        "object": "line_item",
        "amount": amount,
        "currency": "usd",
        "description": description,
        "discount_amounts": [],
        "discountable": True,
        "discounts": [],
        "invoice": invoice_id,
        "livemode": False,
        "metadata": {},
        "parent": parent,
        "period": {"end": period[1], "start": period[0]},
        "pretax_credit_amounts": [],
        "pricing": {
            "price_details": {"price": price["id"], "product": price["product"]},
            "type": "price_details",
            "unit_amount_decimal": price["unit_amount_decimal"],
        },
        "quantity": quantity,
        "quantity_decimal": str(quantity),
        "subscription": subscription_id,
        "subtotal": amount,
        "taxes": [],
    }


def invoice_item(
    namer: Namer,
    customer_id: str,
    invoice_id: str,
    price: dict[str, Any],
    subscription_id: str,
    created: int,
    quantity: int = 1,
    description: str | None = None,
) -> dict[str, Any]:
    amount = price["unit_amount"] * quantity
    return {
        "id": namer.id("ii"),
        "object": "invoiceitem",
        "amount": amount,
        "currency": "usd",
        "customer": customer_id,
        "customer_account": None,
        "date": created,
        "description": description or price["nickname"],
        "discountable": True,
        "discounts": [],
        "invoice": invoice_id,
        "livemode": False,
        "metadata": {},
        "net_amount": amount,
        "parent": {
            "subscription_details": {"subscription": subscription_id, "subscription_item": None},
            "type": "subscription_details",
        },
        "period": {"end": created, "start": created},
        "pricing": {
            "price_details": {"price": price["id"], "product": price["product"]},
            "type": "price_details",
            "unit_amount_decimal": price["unit_amount_decimal"],
        },
        "proration": False,
        "proration_details": {"credited_items": None, "discount_amounts": []},
        "quantity": quantity,
        "quantity_decimal": str(quantity),
        "tax_rates": [],
        "test_clock": None,
    }


def invoice(
    namer: Namer,
    invoice_id: str,
    customer: dict[str, Any],
    sub_id: str,
    lines: list[dict[str, Any]],
    created: int,
    number: str,
    first: bool,
    account_id: str,
) -> dict[str, Any]:
    total = sum(line["amount"] for line in lines)
    token = namer.text(40)
    return {
        "id": invoice_id,
        "object": "invoice",
        "account_country": "US",
        "account_name": "Double Inc.",
        "account_tax_ids": None,
        "amount_due": total,
        "amount_overpaid": 0,
        "amount_paid": 0,
        "amount_paid_off_stripe": 0,
        "amount_remaining": total,
        "amount_shipping": 0,
        "application": None,
        "attempt_count": 0,
        "attempted": False,
        "auto_advance": True,
        "automatic_tax": {
            "disabled_reason": None,
            "enabled": False,
            "liability": None,
            "provider": None,
            "status": None,
        },
        "automatically_finalizes_at": None,
        "billing_reason": "subscription_create" if first else "subscription_cycle",
        "collection_method": "charge_automatically",
        "confirmation_secret": None,
        "created": created,
        "currency": "usd",
        "custom_fields": None,
        "customer": customer["id"],
        "customer_account": None,
        "customer_address": customer["address"],
        "customer_email": customer["email"],
        "customer_name": customer["name"],
        "customer_phone": None,
        "customer_shipping": None,
        "customer_tax_exempt": "none",
        "customer_tax_ids": [],
        "default_payment_method": None,
        "default_source": None,
        "default_tax_rates": [],
        "description": None,
        "discounts": [],
        "due_date": None,
        "effective_at": None,
        "ending_balance": 0,
        "footer": None,
        "from_invoice": None,
        "hosted_invoice_url": f"https://invoice.stripe.com/i/{account_id}/test_{token}",
        "invoice_pdf": f"https://pay.stripe.com/invoice/{account_id}/test_{token}/pdf",
        "issuer": {"type": "self"},
        "last_finalization_error": None,
        "latest_revision": None,
        "lines": list_of(lines, f"/v1/invoices/{invoice_id}/lines"),
        "livemode": False,
        "metadata": {},
        "next_payment_attempt": None,
        "number": number,
        "on_behalf_of": None,
        "parent": {
            "quote_details": None,
            "type": "subscription_details",
            "subscription_details": {
                "metadata": {},
                "subscription": sub_id,
                "subscription_proration_date": None,
            },
        },
        "payment_settings": {
            "default_mandate": None,
            "payment_method_options": None,
            "payment_method_types": None,
        },
        "period_end": created,
        "period_start": created,
        "post_payment_credit_notes_amount": 0,
        "pre_payment_credit_notes_amount": 0,
        "receipt_number": None,
        "rendering": None,
        "shipping_cost": None,
        "shipping_details": None,
        "starting_balance": 0,
        "statement_descriptor": None,
        "status": "open",
        "status_transitions": {
            "finalized_at": None,
            "marked_uncollectible_at": None,
            "paid_at": None,
            "voided_at": None,
        },
        "subtotal": total,
        "subtotal_excluding_tax": total,
        "test_clock": None,
        "threshold_reason": None,
        "total": total,
        "total_discount_amounts": [],
        "total_excluding_tax": total,
        "total_pretax_credit_amounts": [],
        "total_taxes": [],
        "webhooks_delivered_at": None,
    }


def invoice_payment(
    namer: Namer, invoice_obj: dict[str, Any], intent_id: str, created: int, paid_at: int
) -> dict[str, Any]:
    amount = invoice_obj["amount_paid"]
    return {
        "id": namer.id("inpay"),
        "object": "invoice_payment",
        "amount_paid": amount,
        "amount_requested": amount,
        "created": created,
        "currency": "usd",
        "invoice": invoice_obj["id"],
        "is_default": True,
        "livemode": False,
        "payment": {
            "charge": None,
            "payment_intent": intent_id,
            "payment_record": None,
            "type": "payment_intent",
        },
        "status": "paid",
        "status_transitions": {"canceled_at": None, "paid_at": paid_at},
    }
