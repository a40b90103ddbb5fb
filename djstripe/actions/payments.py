"""Money moving: refunds and captures of charges, payment methods, paying invoices.

The functions behind ``Charge.refund``/``capture``, ``PaymentMethod.attach``/``detach``
and ``Invoice.retry`` (the first argument is the row, or the model for ``attach``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import stripe

from .. import settings as djstripe_settings
from .. import stripe_api
from ..currency import to_minor_units
from ..enums import InvoiceStatus
from ..models.base import StripeModel
from ..sync import sync_deleted
from . import calls


def refund(
    charge: Any,
    amount: Decimal | None,
    *,
    reason: str | None,
    api_key: str | None,
    stripe_account: str | None,
) -> Any:
    """Refund ``amount`` of ``charge`` (major units, all that is left by default)."""
    refunds = calls.model("Refund")
    left = charge.refundable_amount()
    minor = left if amount is None else min(left, to_minor_units(amount, charge.currency))
    params: dict[str, Any] = {"charge": charge.id, "amount": minor}
    if reason:
        params["reason"] = reason
    key = api_key or charge.default_api_key
    account = stripe_account or charge._stripe_account_id()
    return calls.write(
        refunds, "post", refunds.api_path, params, api_key=key, stripe_account=account
    )


def capture(charge: Any, *, api_key: str | None, **params: Any) -> Any:
    """Capture an uncaptured ``charge``; return it."""
    key = api_key or charge.default_api_key
    account = params.pop("stripe_account", None) or charge._stripe_account_id()
    path = f"{charge.retrieve_path(charge.id)}/capture"
    return calls.write(type(charge), "post", path, params, api_key=key, stripe_account=account)


def attach(
    cls: Any,
    payment_method: Any,
    customer: Any,
    *,
    api_key: str | None,
    stripe_account: str | None,
) -> Any:
    """Attach ``payment_method`` to ``customer`` on Stripe (a customer row gives its own
    key and account); return the synced payment method."""
    if isinstance(customer, StripeModel):
        api_key = api_key or customer.default_api_key
        stripe_account = stripe_account or customer._stripe_account_id()
    key = api_key or djstripe_settings.secret_key()
    path = f"{cls.retrieve_path(calls.stripe_id(payment_method))}/attach"
    params = {"customer": calls.stripe_id(customer)}
    return calls.write(cls, "post", path, params, api_key=key, stripe_account=stripe_account)


def detach(payment_method: Any) -> bool:
    """Detach ``payment_method`` from its customer; False when it was not attached.

    A legacy ``card_...`` payment method is deleted by Stripe when detached, so its
    Card row is removed too.
    """
    key = payment_method.default_api_key
    account = payment_method._stripe_account_id()
    try:
        response = calls.send(
            "post",
            f"{payment_method.retrieve_path(payment_method.id)}/detach",
            api_key=key,
            stripe_account=account,
        )
    except stripe.InvalidRequestError:
        return False
    calls.sync(type(payment_method), response, api_key=key, stripe_account=account)
    if payment_method.id.startswith("card_"):
        sync_deleted(
            calls.model("Card"),
            payment_method.id,
            response.stamp,
            api_key=key,
            stripe_account=account,
        )
    return True


def retry_invoice(invoice: Any, **params: Any) -> bool:
    """Try to collect payment of ``invoice`` now unless it is paid; see ``Invoice.retry``."""
    if invoice.status == InvoiceStatus.paid:
        return False
    account = params.pop("stripe_account", None) or invoice._stripe_account_id()
    key = params.pop("api_key", None) or invoice.default_api_key
    path = f"{invoice.retrieve_path(invoice.id)}/pay"
    response = stripe_api.request("post", path, params, api_key=key, stripe_account=account)
    calls.sync(type(invoice), response, api_key=key, stripe_account=account)
    return True
