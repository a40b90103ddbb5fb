"""What a freshly created object has, where Stripe's example object says otherwise.

Values here override the sanitized example (see templates.py).  Each entry is
what the API returns for an object created with only its required params.
"""

from __future__ import annotations

from typing import Any

_NO_TRANSITIONS = {"finalized_at": None, "marked_uncollectible_at": None, "paid_at": None,
                   "voided_at": None}

#: Fields the example still carries but the current API version no longer returns.
REMOVED: dict[str, tuple[str, ...]] = {
    "invoice": ("subscription",),  # moved to parent.subscription_details (2025-03-31.basil)
    "charge": ("refunds",),  # includable only since 2022-11-15
}

DEFAULTS: dict[str, dict[str, Any]] = {
    "customer": {
        "address": None, "discount": None, "shipping": None, "email": None, "name": None,
        "balance": 0, "currency": None, "description": None, "phone": None,
        "invoice_settings": {"custom_fields": None, "default_payment_method": None,
                             "footer": None, "rendering_options": None},
        "next_invoice_sequence": 1, "delinquent": False,
    },
    "subscription": {
        "status": "incomplete", "cancel_at": None, "canceled_at": None, "ended_at": None,
        "cancel_at_period_end": False, "pause_collection": None, "pending_update": None,
        "billing_cycle_anchor_config": None, "next_pending_invoice_item_invoice": None,
        "pending_invoice_item_interval": None, "transfer_data": None, "trial_start": None,
        "trial_end": None, "billing_thresholds": None, "latest_invoice": None,
        "automatic_tax": {"enabled": False, "liability": None, "disabled_reason": None},
        "trial_settings": {"end_behavior": {"missing_payment_method": "create_invoice"}},
        "billing_mode": {"type": "classic", "flexible": None, "updated_at": None},
        "managed_payments": None,
    },
    "subscription_item": {"billing_thresholds": None, "plan": None, "price": None,
                          "quantity": 1},
    "invoice": {
        "status": "draft", "amount_due": 0, "amount_paid": 0, "amount_remaining": 0,
        "amount_overpaid": 0, "attempt_count": 0, "attempted": False, "auto_advance": True,
        "billing_reason": "manual", "subtotal": 0, "subtotal_excluding_tax": 0, "total": 0,
        "total_excluding_tax": 0, "last_finalization_error": None, "from_invoice": None,
        "next_payment_attempt": None, "due_date": None, "effective_at": None, "number": None,
        "ending_balance": None, "starting_balance": 0, "webhooks_delivered_at": None,
        "status_transitions": dict(_NO_TRANSITIONS), "parent": None, "customer_address": None,
        "customer_shipping": None, "shipping_cost": None, "shipping_details": None,
        "rendering": None, "total_pretax_credit_amounts": [], "total_taxes": [],
        "automatic_tax": {"enabled": False, "liability": None, "status": None,
                          "disabled_reason": None, "provider": None},
    },
    "line_item": {"parent": None, "subscription": None, "pretax_credit_amounts": [],
                  "taxes": [], "quantity_decimal": "1",
                  "pricing": {"type": "price_details", "price_details": None,
                              "unit_amount_decimal": None}},
    "invoiceitem": {"parent": None, "invoice": None, "net_amount": 0, "quantity_decimal": "1",
                    "pricing": {"type": "price_details", "price_details": None,
                                "unit_amount_decimal": None}},
    "invoice_payment": {"amount_paid": 0, "amount_requested": 0, "currency": "usd",
                        "invoice": None, "status": "open",
                        "payment": {"type": "payment_intent", "payment_intent": None}},
    "payment_intent": {
        "status": "requires_payment_method", "canceled_at": None, "last_payment_error": None,
        "next_action": None, "processing": None, "transfer_data": None, "shipping": None,
        "amount_received": 0, "latest_charge": None, "managed_payments": None,
        "payment_method_configuration_details": None, "automatic_payment_methods": None,
        "amount_details": {"tip": {}},
    },
    "setup_intent": {"status": "requires_payment_method", "last_setup_error": None,
                     "next_action": None, "payment_method_configuration_details": None,
                     "automatic_payment_methods": None},
    "charge": {
        "status": "succeeded", "paid": True, "captured": True, "amount_refunded": 0,
        "refunded": False, "disputed": False, "balance_transaction": None, "shipping": None,
        "transfer_data": None, "receipt_url": None, "source": None, "payment_method": None,
        "outcome": {"network_status": "approved_by_network", "reason": None,
                    "risk_level": "normal", "risk_score": 20,
                    "seller_message": "Payment complete.", "type": "authorized"},
    },
    "refund": {"status": "succeeded", "charge": None, "destination_details": None},
    "balance_transaction": {"available_on": None, "fee": 0, "fee_details": [],
                            "status": "available"},
    "price": {"type": "one_time", "recurring": None, "transform_quantity": None,
              "custom_unit_amount": None, "unit_amount": None, "unit_amount_decimal": None,
              "currency": "usd", "tiers_mode": None},
    "plan": {"transform_usage": None, "amount": None, "amount_decimal": None},
    "product": {"package_dimensions": None, "default_price": None, "description": None,
                "type": "service"},
    "coupon": {"redeem_by": None, "duration_in_months": None, "percent_off": None,
               "amount_off": None, "currency": None, "name": None, "duration": "once",
               "valid": True},
    "promotion_code": {"active": True, "expires_at": None, "code": None},
    "payment_method": {"customer": None, "metadata": {}},
    "checkout.session": {
        "status": "open", "payment_status": "unpaid", "payment_intent": None,
        "shipping_cost": None, "total_details": None, "custom_text": None,
        "after_expiration": None, "shipping_address_collection": None,
        "collected_information": None, "customer_details": None, "adaptive_pricing": None,
        "currency_conversion": None, "managed_payments": None, "permissions": None,
        "wallet_options": None, "payment_method_configuration_details": None,
    },
    "webhook_endpoint": {"status": "enabled", "api_version": None, "description": None,
                         "enabled_events": ["*"]},
    "test_helpers.test_clock": {"status": "ready", "frozen_time": None,
                                "deletes_after": None},
    "transfer": {"amount_reversed": 0, "reversed": False, "balance_transaction": None,
                 "destination_payment": None},
    "payout": {"status": "pending", "balance_transaction": None, "failure_code": None,
               "failure_message": None, "failure_balance_transaction": None},
    "account": {"charges_enabled": True, "payouts_enabled": True, "details_submitted": True,
                "email": None, "type": "standard"},
    "dispute": {"status": "needs_response"},
    "quote": {"status": "draft", "from_quote": None, "transfer_data": None},
    "credit_note": {"status": "issued", "voided_at": None, "post_payment_amount": 0,
                    "pre_payment_amount": 0, "refunds": []},
    "tax_id": {"verification": {"status": "pending", "verified_address": None,
                                "verified_name": None}},
    "product_feature": {"entitlement_feature": None},
}
