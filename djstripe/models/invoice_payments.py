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
import functools
from collections.abc import Iterable
from typing import Any, ClassVar, cast

from django.apps import apps
from django.db import connections, models
from django.utils.translation import gettext_lazy as _

from ..enums import InvoicePaymentStatus
from ..fields import (
    StripeCurrencyCodeField,
    StripeEnumField,
    StripeForeignKey,
    StripeQuantumCurrencyAmountField,
    column_of,
)
from ..properties import StripeProperty, datetime_property
from ..sync import selects
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
        rows = selects.rows_in(
            cls, ["invoice_id"], [("id", stripe_ids)], not_null=["invoice_id"], using=using
        )
        return list(dict.fromkeys(invoice_id for (invoice_id,) in rows))


# ---- derived links: what the engine sets (djstripe.sync.derived) ----

_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def links_from_payments(invoice_ids: list[str], using: str) -> list[LinkSet]:
    """``Invoice.payment_intent`` and ``Invoice.charge`` from the invoices' payments.

    The payment that settles an invoice wins: a paid one first, then the default
    payment Stripe created at finalization, then the newest. Invoices without a
    payment keep what they have (older API versions name the links themselves).
    """
    # Links hold Stripe ids (DJSTRIPE_FOREIGN_KEY_TO_FIELD = "id"), not primary keys.
    columns = ("id", "invoice_id", "payment_intent_id", "charge_id", "status", "is_default")
    payments = [
        dict(zip((*columns, "created"), row, strict=True))
        for row in selects.rows_in(
            InvoicePayment, [*columns, "created"], [("invoice_id", invoice_ids)], using=using
        )
    ]
    payments.sort(key=_settling_order, reverse=True)  # completely: ties broken by id
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
    # Newest first (the model's default ordering): of two invoices naming one
    # PaymentIntent (ambiguous data), the oldest is the one linked.
    links = cast(
        "list[tuple[str, str | None, str | None]]",
        selects.rows_in(
            invoice_model,
            ["id", "payment_intent_id", "charge_id"],
            [("id", invoice_ids)],
            newest_first=True,
            using=using,
        ),
    )
    invoice_by_intent = {intent: invoice for invoice, intent, _ in links if intent}
    charges = cast(
        "list[tuple[str, str, datetime.datetime | None]]",
        selects.rows_in(
            charge_model,
            ["id", "payment_intent_id", "created"],
            [("payment_intent_id", list(invoice_by_intent))],
            using=using,
        ),
    )
    charges.sort(key=lambda row: (row[2] or _EPOCH, row[0]))  # completely: ties by id
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
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute(_invoices_of_charges_sql(using, connection.vendor, len(ids)), ids * 4)
        return list({invoice_id for (invoice_id,) in cursor.fetchall()})


@functools.lru_cache(maxsize=selects.TEXTS_KEPT)
def _invoices_of_charges_sql(using: str, vendor: str, count: int) -> str:
    """One statement: the charges' PaymentIntents as a subquery, the invoices and the
    payments naming either in a ``UNION`` (most charges of a webhook belong to no
    invoice). Built once per database and number of charges (see :mod:`..sync.selects`)."""
    q = connections[using].ops.quote_name
    invoice_model = apps.get_model("djstripe", "Invoice")
    charge_model = apps.get_model("djstripe", "Charge")

    def c(model: Any, name: str) -> str:
        return str(q(column_of(model._meta.get_field(name))))

    listed = ", ".join(["%s"] * count)
    intents = (
        f"SELECT c.{c(charge_model, 'payment_intent')} FROM {q(charge_model._meta.db_table)} c "  # noqa: S608 - quoted identifiers
        f"WHERE c.{c(charge_model, 'id')} IN ({listed}) "
        f"AND c.{c(charge_model, 'payment_intent')} IS NOT NULL"
    )
    paying = (
        f"SELECT p.{c(InvoicePayment, 'invoice')} FROM {q(InvoicePayment._meta.db_table)} p "  # noqa: S608 - quoted identifiers
        f"WHERE p.{c(InvoicePayment, 'invoice')} IS NOT NULL "
        f"AND (p.{c(InvoicePayment, 'payment_intent')} IN ({intents}) "
        f"OR p.{c(InvoicePayment, 'charge')} IN ({listed}))"
    )
    naming = (
        f"SELECT i.{c(invoice_model, 'id')} FROM {q(invoice_model._meta.db_table)} i "  # noqa: S608 - quoted identifiers
        f"WHERE i.{c(invoice_model, 'payment_intent')} IN ({intents}) "
        f"OR i.{c(invoice_model, 'charge')} IN ({listed})"
    )
    return f"{paying} UNION {naming}"


def _settling_order(payment: dict[str, Any]) -> tuple[Any, ...]:
    return (
        payment["status"] == "paid",
        bool(payment["is_default"]),
        payment["created"] or _EPOCH,
        payment["id"],
    )
