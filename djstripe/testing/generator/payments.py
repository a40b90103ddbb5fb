"""Generated payment objects: card payment methods, PaymentIntents, charges, refunds."""

from __future__ import annotations

from typing import Any

from .naming import DAY, Namer


def card_payment_method(
    namer: Namer, customer: dict[str, Any], created: int, brand: str, last4: str
) -> dict[str, Any]:
    return {
        "id": namer.id("pm"),
        "object": "payment_method",
        "allow_redisplay": "unspecified",
        "billing_details": {
            "address": customer["address"],
            "email": customer["email"],
            "name": customer["name"],
            "phone": None,
            "tax_id": None,
        },
        "card": {
            "brand": brand,
            "checks": {
                "address_line1_check": "pass",
                "address_postal_code_check": "pass",
                "cvc_check": "pass",
            },
            "country": "US",
            "display_brand": brand,
            "exp_month": namer.rng.randint(1, 12),
            "exp_year": namer.rng.randint(2027, 2033),
            "fingerprint": namer.text(16),
            "funding": "credit",
            "generated_from": None,
            "last4": last4,
            "networks": {"available": [brand], "preferred": None},
            "regulated_status": "unregulated",
            "three_d_secure_usage": {"supported": True},
            "wallet": None,
        },
        "created": created,
        "customer": customer["id"],
        "customer_account": None,
        "livemode": False,
        "metadata": {},
        "radar_options": {},
        "type": "card",
    }


def payment_intent(
    namer: Namer,
    invoice: dict[str, Any],
    method: dict[str, Any],
    created: int,
    charge_id: str,
    first: bool,
) -> dict[str, Any]:
    intent_id = namer.id("pi")
    amount = invoice["amount_due"]
    return {
        "id": intent_id,
        "object": "payment_intent",
        "amount": amount,
        "amount_capturable": 0,
        "amount_details": {"tip": {}},
        "amount_received": amount,
        "application": None,
        "application_fee_amount": None,
        "automatic_payment_methods": None,
        "canceled_at": None,
        "cancellation_reason": None,
        "capture_method": "automatic",
        "client_secret": f"{intent_id}_secret_{namer.text(25)}",
        "confirmation_method": "automatic",
        "created": created,
        "currency": "usd",
        "customer": invoice["customer"],
        "customer_account": None,
        "description": "Subscription creation" if first else "Subscription update",
        "excluded_payment_method_types": None,
        "last_payment_error": None,
        "latest_charge": charge_id,
        "livemode": False,
        "metadata": {},
        "next_action": None,
        "on_behalf_of": None,
        "payment_method": method["id"],
        "payment_method_configuration_details": None,
        "payment_method_options": {
            "card": {
                "installments": None,
                "mandate_options": None,
                "network": None,
                "request_three_d_secure": "automatic",
            }
        },
        "payment_method_types": ["card"],
        "processing": None,
        "receipt_email": None,
        "review": None,
        "setup_future_usage": "off_session",
        "shipping": None,
        "source": None,
        "statement_descriptor": None,
        "statement_descriptor_suffix": None,
        "status": "succeeded",
        "transfer_data": None,
        "transfer_group": None,
    }


def charge(
    namer: Namer,
    intent: dict[str, Any],
    method: dict[str, Any],
    created: int,
    charge_id: str,
    txn_id: str,
) -> dict[str, Any]:
    amount = intent["amount"]
    card = method["card"]
    return {
        "id": charge_id,
        "object": "charge",
        "amount": amount,
        "amount_captured": amount,
        "amount_refunded": 0,
        "application": None,
        "application_fee": None,
        "application_fee_amount": None,
        "authorization_code": None,
        "balance_transaction": txn_id,
        "billing_details": method["billing_details"],
        "calculated_statement_descriptor": "DOUBLE INC",
        "captured": True,
        "created": created,
        "currency": "usd",
        "customer": intent["customer"],
        "description": intent["description"],
        "disputed": False,
        "failure_balance_transaction": None,
        "failure_code": None,
        "failure_message": None,
        "fraud_details": {},
        "livemode": False,
        "metadata": {},
        "on_behalf_of": None,
        "outcome": {
            "advice_code": None,
            "network_advice_code": None,
            "network_decline_code": None,
            "network_status": "approved_by_network",
            "reason": None,
            "risk_level": "normal",
            "risk_score": namer.rng.randint(0, 60),
            "seller_message": "Payment complete.",
            "type": "authorized",
        },
        "paid": True,
        "payment_intent": intent["id"],
        "payment_method": method["id"],
        "payment_method_details": {
            "type": "card",
            "card": {
                "amount_authorized": amount,
                "brand": card["brand"],
                "checks": card["checks"],
                "country": "US",
                "exp_month": card["exp_month"],
                "exp_year": card["exp_year"],
                "fingerprint": card["fingerprint"],
                "funding": "credit",
                "last4": card["last4"],
                "network": card["brand"],
                "three_d_secure": None,
                "wallet": None,
            },
        },
        "radar_options": {},
        "receipt_email": None,
        "receipt_number": None,
        "receipt_url": f"https://pay.stripe.com/receipts/payment/{namer.text(40)}",
        "refunded": False,
        "review": None,
        "shipping": None,
        "source": None,
        "source_transfer": None,
        "statement_descriptor": None,
        "statement_descriptor_suffix": None,
        "status": "succeeded",
        "transfer_data": None,
        "transfer_group": None,
    }


def balance_transaction(
    txn_id: str, source: str, amount: int, created: int, description: str | None
) -> dict[str, Any]:
    is_charge = amount > 0
    fee = round(amount * 0.029) + 30 if is_charge else 0
    return {
        "id": txn_id,
        "object": "balance_transaction",
        "amount": amount,
        "available_on": (created // DAY + 2) * DAY,
        "balance_type": "payments",
        "created": created,
        "currency": "usd",
        "description": description,
        "exchange_rate": None,
        "fee": fee,
        "fee_details": [
            {
                "amount": fee,
                "application": None,
                "currency": "usd",
                "description": "Stripe processing fees",
                "type": "stripe_fee",
            }
        ]
        if fee
        else [],
        "net": amount - fee,
        "reporting_category": "charge" if is_charge else "refund",
        "source": source,
        "status": "available",
        "type": "charge" if is_charge else "refund",
    }


def refund(
    namer: Namer, charge_obj: dict[str, Any], amount: int, created: int, txn_id: str
) -> dict[str, Any]:
    return {
        "id": namer.id("re"),
        "object": "refund",
        "amount": amount,
        "balance_transaction": txn_id,
        "charge": charge_obj["id"],
        "created": created,
        "currency": "usd",
        "customer": charge_obj["customer"],
        "customer_account": None,
        "destination_details": {
            "card": {
                "reference_status": "available",
                "reference_type": "acquirer_reference_number",
                "type": "refund",
            },
            "type": "card",
        },
        "metadata": {},
        "payment_intent": charge_obj["payment_intent"],
        "payment_method": charge_obj["payment_method"],
        "reason": "requested_by_customer",
        "receipt_number": None,
        "source_transfer_reversal": None,
        "status": "succeeded",
        "transfer_reversal": None,
    }
