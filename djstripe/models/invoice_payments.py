"""Invoice payments, and the links between invoices, PaymentIntents and charges.

Since API version 2025-03-31.basil an invoice no longer names its PaymentIntent or
charge, and a charge no longer names its invoice: the invoice's payments
(``InvoicePayment``, an includable ``invoice.payments`` list) say which PaymentIntent
(or bare charge) paid it. The functions at the end of this module say which of
dj-stripe's ``Invoice.payment_intent``, ``Invoice.charge`` and ``Charge.invoice`` links
follow from what is mirrored; ``Invoice.derived_links`` declares them and the sync engine
writes them (:mod:`djstripe.sync.derived`), whatever order the objects arrive in, for the
invoices just written and those that the invoice payments and charges just written lead
to (``derived_links_of``), once per write.
"""

from __future__ import annotations

__all__ = ["InvoicePayment"]

import datetime
from collections.abc import Iterable
from typing import Any, ClassVar, cast

from django.apps import apps
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..enums import InvoicePaymentStatus
from ..fields import (
    StripeCurrencyCodeField,
    StripeEnumField,
    StripeForeignKey,
    StripeQuantumCurrencyAmountField,
)
from ..properties import StripeProperty, datetime_property
from ..sync.declarations import DerivedLinks, LinkSet
from .base import StripeModel


class InvoicePayment(StripeModel):
    """A payment (a PaymentIntent, a bare charge or an out-of-band record) toward an invoice."""

    stripe_object = "invoice_payment"
    api_path = "/v1/invoice_payments"
    list_split = True
    # Synced with their invoice (the includable ``payments`` list, paged through
    # /v1/invoice_payments?invoice=...), so a backfill never lists them on their own.
    listable = False
    stripe_paths: ClassVar[dict[str, str]] = {
        "payment_type": "payment.type",
        "payment_intent": "payment.payment_intent",
        "charge": "payment.charge",
    }

    invoice = StripeForeignKey(
        "djstripe.Invoice",
        null=True,
        blank=True,
        related_name="payments",
        on_delete=models.CASCADE,
        help_text=_("The invoice this payment is for."),
    )
    payment_intent = StripeForeignKey(
        "djstripe.PaymentIntent",
        null=True,
        blank=True,
        related_name="invoice_payments",
        on_delete=models.SET_NULL,
    )
    charge = StripeForeignKey(
        "djstripe.Charge",
        null=True,
        blank=True,
        related_name="invoice_payments",
        on_delete=models.SET_NULL,
        help_text=_("A charge paid without a PaymentIntent (Stripe names the intent otherwise)."),
    )
    status = StripeEnumField(enum=InvoicePaymentStatus, default="", blank=True, db_index=True)
    amount_paid = StripeQuantumCurrencyAmountField(null=True, blank=True, db_index=True)
    amount_requested = StripeQuantumCurrencyAmountField(null=True, blank=True, db_index=True)
    currency = StripeCurrencyCodeField(default="", blank=True)
    is_default = models.BooleanField(null=True, blank=True, db_index=True)
    payment_type = StripeEnumField(default="", blank=True)

    payment = StripeProperty()
    status_transitions = StripeProperty()
    paid_at = datetime_property("status_transitions.paid_at")
    canceled_at = datetime_property("status_transitions.canceled_at")

    class Meta(StripeModel.Meta):
        verbose_name = _("invoice payment")

    def __str__(self) -> str:
        return f"{self.id} ({self.status or 'unknown'})"

    derived_links_of = "Invoice"

    @classmethod
    def derived_subjects(cls, stripe_ids: list[str], *, using: str) -> list[str]:
        return _values(
            cls._base_manager.using(using).filter(id__in=stripe_ids, invoice__isnull=False),
            "invoice_id",
        )


# ---- derived links: what the engine sets (djstripe.sync.derived) ----

_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def links_from_payments(invoice_ids: list[str], using: str) -> list[LinkSet]:
    """``Invoice.payment_intent`` and ``Invoice.charge`` from the invoices' payments.

    The payment that settles an invoice wins: a paid one first, then the default
    payment Stripe created at finalization, then the newest. Invoices without a
    payment keep what they have (older API versions name the links themselves).
    """
    # Links hold Stripe ids (DJSTRIPE_FOREIGN_KEY_TO_FIELD = "id"), not primary keys.
    payments: list[Any] = list(
        InvoicePayment._base_manager.using(using)
        .filter(invoice_id__in=invoice_ids)
        .order_by()  # sorted below, completely
        .values(
            "id", "invoice_id", "payment_intent_id", "charge_id", "status", "is_default", "created"
        )
    )
    payments.sort(key=_settling_order, reverse=True)
    intents: dict[str, str] = {}
    charges: dict[str, str] = {}
    for payment in payments:
        if payment["payment_intent_id"]:
            intents.setdefault(payment["invoice_id"], payment["payment_intent_id"])
        if payment["charge_id"]:
            charges.setdefault(payment["invoice_id"], payment["charge_id"])
    invoice_model = apps.get_model("djstripe", "Invoice")
    return [
        LinkSet(invoice_model, "payment_intent", intents, unique=True),
        LinkSet(invoice_model, "charge", charges, unique=True),
    ]


def links_between_invoices_and_charges(invoice_ids: list[str], using: str) -> list[LinkSet]:
    """Invoices and the charges of their PaymentIntents, both ways.

    ``Invoice.charge`` becomes the newest charge of the invoice's PaymentIntent (its
    latest attempt); ``Charge.invoice`` becomes the invoice for every charge of that
    PaymentIntent and for the invoice's own charge.
    """
    invoice_model = apps.get_model("djstripe", "Invoice")
    charge_model = apps.get_model("djstripe", "Charge")
    # Keys that point at a Stripe id hold strings (django-stubs assumes integer pks).
    links = cast(
        "list[tuple[str, str | None, str | None]]",
        list(
            invoice_model._base_manager.using(using)
            .filter(id__in=invoice_ids)
            .values_list("id", "payment_intent_id", "charge_id")
        ),
    )
    invoice_by_intent = {intent: invoice for invoice, intent, _ in links if intent}
    charges = cast(
        "list[tuple[str, str, datetime.datetime | None]]",
        list(
            charge_model._base_manager.using(using)
            .filter(payment_intent_id__in=list(invoice_by_intent))
            .order_by()  # sorted below, completely
            .values_list("id", "payment_intent_id", "created")
        ),
    )
    charges.sort(key=lambda row: (row[2] or _EPOCH, row[0]))
    latest = {intent: charge_id for charge_id, intent, _ in charges}  # the newest wins
    wanted = {invoice_by_intent[intent]: charge_id for intent, charge_id in latest.items()}
    owners: dict[str, str] = {
        charge_id: invoice_by_intent[intent] for charge_id, intent, _ in charges
    }
    for invoice_id, _intent, charge_id in links:
        if charge_id:
            owners.setdefault(charge_id, invoice_id)
    return [
        LinkSet(invoice_model, "charge", wanted, unique=True),
        LinkSet(charge_model, "invoice", owners),
    ]


#: ``Invoice.derived_links``: the payments' links first, then the charges' (read after).
INVOICE_LINKS = (
    DerivedLinks(links_from_payments),
    DerivedLinks(links_between_invoices_and_charges),
)


def invoices_of_charges(charge_ids: Iterable[str], *, using: str) -> list[str]:
    """The invoices these charges may belong to (``Charge.derived_subjects``).

    Found through the charges' PaymentIntents, the invoices' own ``charge`` and the
    invoice payments naming either.
    """
    ids = list(dict.fromkeys(charge_ids))
    if not ids:
        return []
    invoice_model = apps.get_model("djstripe", "Invoice")
    charge_model = apps.get_model("djstripe", "Charge")
    # One statement: the charges' PaymentIntents as a subquery, invoices and payments
    # naming either in a UNION (most charges of a webhook belong to no invoice).
    intents = (
        charge_model._base_manager.using(using)
        .filter(id__in=ids, payment_intent__isnull=False)
        .values("payment_intent_id")
    )
    paying = (
        InvoicePayment._base_manager.using(using)
        .filter(Q(payment_intent_id__in=intents) | Q(charge_id__in=ids), invoice__isnull=False)
        .values_list("invoice_id", flat=True)
        .order_by()
    )
    naming = (
        invoice_model._base_manager.using(using)
        .filter(Q(payment_intent_id__in=intents) | Q(charge_id__in=ids))
        .values_list("id", flat=True)
        .order_by()
    )
    return list(set(naming.union(paying).order_by()))


def _settling_order(payment: dict[str, Any]) -> tuple[Any, ...]:
    return (
        payment["status"] == "paid",
        bool(payment["is_default"]),
        payment["created"] or _EPOCH,
        payment["id"],
    )


def _values(queryset: Any, field: str) -> list[Any]:
    return list(queryset.order_by().values_list(field, flat=True).distinct())
