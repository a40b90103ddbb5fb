"""Payments: PaymentIntents, SetupIntents, charges, refunds, payment methods.

Confirming with a card whose last4 is a decline test number (``pm_card_chargeDeclined``)
fails with a 402 ``card_error``, as Stripe's test cards do.
"""

from __future__ import annotations

from typing import Any

from .. import errors
from ..build import check_references
from ..context import Context
from ..crud import create_object, creating, update_object
from ..router import Router
from ..store import Record
from .cards import card_details, is_declined

FEE_PERCENT, FEE_FIXED = 0.029, 30


def balance_transaction(
    ctx: Context, source: str, amount: int, currency: str, kind: str, description: str | None = None
) -> Record:
    """The balance transaction of a charge (with Stripe's fee) or of a refund."""
    fee = round(amount * FEE_PERCENT) + FEE_FIXED if kind == "charge" else 0
    now = ctx.now()
    return create_object(
        ctx,
        "balance_transaction",
        emit=False,
        amount=amount,
        currency=currency,
        description=description,
        fee=fee,
        net=amount - fee,
        source=source,
        type=kind,
        reporting_category="charge" if kind == "charge" else "refund",
        available_on=now + 2 * 86400,
        status="pending",
        fee_details=[
            {
                "amount": fee,
                "application": None,
                "currency": currency,
                "description": "Stripe processing fees",
                "type": "stripe_fee",
            }
        ]
        if fee
        else [],
    )


def charge(
    ctx: Context,
    amount: int,
    currency: str,
    *,
    customer: str | None,
    payment_method: str | None,
    payment_intent: str | None = None,
    description: str | None = None,
    capture: bool = True,
) -> Record:
    """Create a charge (declined cards raise 402 after recording a failed charge)."""
    method = ctx.space.get(payment_method) if payment_method else None
    details = (
        method.obj.get("card")
        if method and method.obj.get("object") == "payment_method"
        else card_details(ctx)
    )
    fields: dict[str, Any] = {
        "amount": amount,
        "currency": currency,
        "customer": customer,
        "payment_method": payment_method,
        "payment_intent": payment_intent,
        "description": description,
        "captured": capture,
        "amount_captured": amount if capture else 0,
        "payment_method_details": {"type": "card", "card": dict(details or {})},
        "calculated_statement_descriptor": "DOUBLE INC",
    }
    if is_declined(method):
        fields.update(
            status="failed",
            paid=False,
            captured=False,
            amount_captured=0,
            failure_code="card_declined",
            failure_message="Your card was declined.",
            outcome={
                "network_status": "declined_by_network",
                "reason": "generic_decline",
                "risk_level": "normal",
                "seller_message": "The bank did not return any further details with this decline.",
                "type": "issuer_declined",
            },
        )
        failed = create_object(ctx, "charge", emit=False, **fields)
        ctx.emit("charge.failed", failed.copy())
        raise errors.StripeError(
            402,
            "Your card was declined.",
            error_type="card_error",
            code="card_declined",
            extra={"decline_code": "generic_decline", "charge": failed.id},
        )
    record = create_object(ctx, "charge", emit=False, **fields)
    if capture:
        txn = balance_transaction(ctx, record.id, amount, currency, "charge", description)
        record = update_object(ctx, record, emit=False, balance_transaction=txn.id)
    ctx.emit("charge.succeeded", record.copy())
    return record


# ------------------------------------------------------------ payment intents


@creating("payment_intent")
def _new_payment_intent(ctx: Context, obj: dict[str, Any], params: dict[str, Any]) -> None:
    obj["client_secret"] = f"{obj['id']}_secret_{ctx.ids.text(25)}"
    if obj.get("payment_method"):
        obj["status"] = "requires_confirmation"


def create_payment_intent(ctx: Context) -> Record:
    for name in ("amount", "currency"):
        if ctx.params.get(name) in (None, ""):
            raise errors.parameter_missing(name)
    record = create_object(ctx, "payment_intent", ctx.params)
    if ctx.params.get("confirm") == "true":
        record = confirm_intent(ctx, record, {})
    return record


def confirm_intent(ctx: Context, record: Record, params: dict[str, Any]) -> Record:
    obj = record.obj
    if obj["status"] not in ("requires_payment_method", "requires_confirmation", "requires_action"):
        raise errors.invalid_state(
            f"This PaymentIntent's status is {obj['status']}, so it cannot be confirmed."
        )
    method = params.get("payment_method") or obj.get("payment_method")
    if not method:
        raise errors.StripeError(
            400,
            "You cannot confirm this PaymentIntent because it's missing a payment method.",
            code="payment_intent_unexpected_state",
        )
    manual = obj.get("capture_method") in ("manual", "manual_preferred")
    try:
        paid = charge(
            ctx,
            obj["amount"],
            obj["currency"],
            customer=obj.get("customer"),
            payment_method=method,
            payment_intent=obj["id"],
            description=obj.get("description"),
            capture=not manual,
        )
    except errors.StripeError as declined:
        failed = update_object(
            ctx,
            record,
            {"payment_method": method},
            emit=False,
            status="requires_payment_method",
            last_payment_error={
                "code": "card_declined",
                "decline_code": "generic_decline",
                "message": "Your card was declined.",
                "type": "card_error",
            },
        )
        ctx.emit("payment_intent.payment_failed", failed.copy())
        declined.extra["payment_intent"] = failed.copy()
        raise
    fields: dict[str, Any] = {"latest_charge": paid.id, "payment_method": method}
    if manual:
        fields.update(status="requires_capture", amount_capturable=obj["amount"])
    else:
        fields.update(status="succeeded", amount_received=obj["amount"])
    record = update_object(ctx, record, params, emit=False, **fields)
    ctx.emit(
        "payment_intent.amount_capturable_updated" if manual else "payment_intent.succeeded",
        record.copy(),
    )
    return record


def confirm(ctx: Context, intent_id: str) -> Record:
    return confirm_intent(ctx, ctx.get(intent_id, "payment_intent"), ctx.params)


def capture(ctx: Context, intent_id: str) -> Record:
    record = ctx.get(intent_id, "payment_intent")
    if record.obj["status"] != "requires_capture":
        raise errors.invalid_state(
            "This PaymentIntent could not be captured because it has a status of "
            f"{record.obj['status']}. Only a PaymentIntent with one of the following "
            "statuses may be captured: requires_capture."
        )
    amount = int(ctx.params.get("amount_to_capture") or record.obj["amount"])
    charge_record = ctx.get(record.obj["latest_charge"], "charge")
    _capture_charge(ctx, charge_record, amount)
    record = update_object(
        ctx, record, emit=False, status="succeeded", amount_received=amount, amount_capturable=0
    )
    ctx.emit("payment_intent.succeeded", record.copy())
    return record


def cancel(ctx: Context, intent_id: str) -> Record:
    record = ctx.get(intent_id, "payment_intent")
    if record.obj["status"] in ("succeeded", "canceled"):
        raise errors.invalid_state(
            "You cannot cancel this PaymentIntent because it has a status of "
            f"{record.obj['status']}."
        )
    record = update_object(
        ctx,
        record,
        emit=False,
        status="canceled",
        canceled_at=ctx.now(),
        cancellation_reason=ctx.params.get("cancellation_reason"),
    )
    ctx.emit("payment_intent.canceled", record.copy())
    return record


# ------------------------------------------------------------- setup intents


@creating("setup_intent")
def _new_setup_intent(ctx: Context, obj: dict[str, Any], params: dict[str, Any]) -> None:
    obj["client_secret"] = f"{obj['id']}_secret_{ctx.ids.text(40)}"
    if obj.get("payment_method"):
        obj["status"] = "requires_confirmation"


def create_setup_intent(ctx: Context) -> Record:
    record = create_object(ctx, "setup_intent", ctx.params)
    if ctx.params.get("confirm") == "true":
        record = confirm_setup(ctx, record.id)
    return record


def confirm_setup(ctx: Context, intent_id: str) -> Record:
    record = ctx.get(intent_id, "setup_intent")
    method = ctx.params.get("payment_method") or record.obj.get("payment_method")
    if not method:
        raise errors.StripeError(
            400,
            "You cannot confirm this SetupIntent because it's missing a payment method.",
            code="setup_intent_unexpected_state",
        )
    customer = record.obj.get("customer")
    if customer:
        attach_payment_method(ctx, ctx.get(method, "payment_method", "payment_method"), customer)
    record = update_object(ctx, record, {"payment_method": method}, emit=False, status="succeeded")
    ctx.emit("setup_intent.succeeded", record.copy())
    return record


def cancel_setup(ctx: Context, intent_id: str) -> Record:
    record = ctx.get(intent_id, "setup_intent")
    record = update_object(
        ctx,
        record,
        emit=False,
        status="canceled",
        cancellation_reason=ctx.params.get("cancellation_reason"),
    )
    ctx.emit("setup_intent.canceled", record.copy())
    return record


# --------------------------------------------------------- charges, refunds


def create_charge(ctx: Context) -> Record:
    """Legacy ``POST /v1/charges`` (``source=tok_visa`` or a customer's default source)."""
    params = ctx.params
    for name in ("amount", "currency"):
        if not params.get(name):
            raise errors.parameter_missing(name)
    params = check_references(ctx, params)
    customer = params.get("customer")
    source = params.get("source")
    if not source and customer:
        source = ctx.get(customer, "customer", "customer").obj.get("default_source")
    return charge(
        ctx,
        int(params["amount"]),
        params["currency"],
        customer=customer,
        payment_method=source,
        description=params.get("description"),
        capture=params.get("capture") != "false",
    )


def _capture_charge(ctx: Context, record: Record, amount: int) -> Record:
    obj = record.obj
    txn = balance_transaction(
        ctx, obj["id"], amount, obj["currency"], "charge", obj.get("description")
    )
    record = update_object(
        ctx, record, emit=False, captured=True, amount_captured=amount, balance_transaction=txn.id
    )
    ctx.emit("charge.captured", record.copy())
    return record


def capture_charge(ctx: Context, charge_id: str) -> Record:
    record = ctx.get(charge_id, "charge")
    if record.obj.get("captured"):
        raise errors.StripeError(
            400, f"Charge {charge_id} has already been captured.", code="charge_already_captured"
        )
    return _capture_charge(ctx, record, int(ctx.params.get("amount") or record.obj["amount"]))


def create_refund(ctx: Context) -> Record:
    params = ctx.params
    charge_id = params.get("charge")
    if not charge_id and params.get("payment_intent"):
        intent = ctx.ref(params["payment_intent"], "payment_intent", "payment_intent")
        charge_id = intent.obj.get("latest_charge")
    if not charge_id:
        raise errors.parameter_missing("charge")
    charged = ctx.ref(charge_id, "charge", "charge")
    obj = charged.obj
    remaining = obj["amount_captured"] - obj["amount_refunded"]
    amount = int(params.get("amount") or remaining)
    if amount > remaining or amount <= 0:
        raise errors.StripeError(
            400,
            f"Refund amount ({amount}) is greater than unrefunded amount on charge ({remaining})",
            code="amount_too_large",
            param="amount",
        )
    refund = create_object(
        ctx,
        "refund",
        {k: v for k, v in params.items() if k != "charge"},
        emit=False,
        amount=amount,
        charge=charge_id,
        currency=obj["currency"],
        payment_intent=obj.get("payment_intent"),
    )
    txn = balance_transaction(ctx, refund.id, -amount, obj["currency"], "refund")
    refund = update_object(ctx, refund, emit=False, balance_transaction=txn.id)
    refunded = obj["amount_refunded"] + amount
    updated = update_object(
        ctx,
        charged,
        emit=False,
        amount_refunded=refunded,
        refunded=refunded >= obj["amount_captured"],
    )
    ctx.emit("refund.created", refund.copy())
    ctx.emit(
        "charge.refunded",
        updated.copy(),
        {"amount_refunded": obj["amount_refunded"], "refunded": obj["refunded"]},
    )
    return refund


# ------------------------------------------------------------ payment methods


@creating("payment_method")
def _new_payment_method(ctx: Context, obj: dict[str, Any], params: dict[str, Any]) -> None:
    if obj.get("type") == "card" and not (obj.get("card") or {}).get("fingerprint"):
        number = str((params.get("card") or {}).get("number") or "4242424242424242")
        obj["card"] = card_details(ctx)
        obj["card"]["last4"] = number[-4:]


def attach_payment_method(ctx: Context, record: Record, customer: str) -> Record:
    ctx.ref(customer, "customer", "customer")
    if record.obj.get("customer") == customer:
        return record
    record = update_object(ctx, record, emit=False, customer=customer)
    ctx.emit("payment_method.attached", record.copy())
    return record


def attach(ctx: Context, method_id: str) -> Record:
    customer = ctx.params.get("customer")
    if not customer:
        raise errors.parameter_missing("customer")
    return attach_payment_method(ctx, ctx.get(method_id, "payment_method"), customer)


def detach(ctx: Context, method_id: str) -> Record:
    record = ctx.get(method_id, "payment_method")
    if not record.obj.get("customer"):
        raise errors.StripeError(
            400,
            "The payment method you provided is not attached to a customer so "
            "detachment is impossible.",
            code="payment_method_unexpected_state",
        )
    previous = {"customer": record.obj["customer"]}
    record = update_object(ctx, record, emit=False, customer=None)
    ctx.emit("payment_method.detached", record.copy(), previous)
    return record


def register(router: Router) -> None:
    router.add("POST", "/v1/payment_intents", create_payment_intent)
    router.add("POST", "/v1/payment_intents/{id}/confirm", confirm)
    router.add("POST", "/v1/payment_intents/{id}/capture", capture)
    router.add("POST", "/v1/payment_intents/{id}/cancel", cancel)
    router.add("POST", "/v1/setup_intents", create_setup_intent)
    router.add("POST", "/v1/setup_intents/{id}/confirm", confirm_setup)
    router.add("POST", "/v1/setup_intents/{id}/cancel", cancel_setup)
    router.add("POST", "/v1/charges", create_charge)
    router.add("POST", "/v1/charges/{id}/capture", capture_charge)
    router.add("POST", "/v1/refunds", create_refund)
    router.add("POST", "/v1/payment_methods/{id}/attach", attach)
    router.add("POST", "/v1/payment_methods/{id}/detach", detach)
