"""The end-of-run passes: derived links refreshed for what the run wrote, and for the
older rows the run's writes lead to."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.utils import timezone

from djstripe.sync import finishing
from djstripe.sync.listing import Context
from djstripe.sync.progress import Progress
from djstripe.sync.report import Report
from djstripe.sync.state import SyncRun

from . import expect
from .conftest import Accounts

pytestmark = pytest.mark.django_db(transaction=True)


def _links() -> tuple[set[tuple[str, str | None, str | None]], set[tuple[str, str | None]]]:
    invoices = expect.model("Invoice").objects.values_list("id", "payment_intent_id", "charge_id")
    charges = expect.model("Charge").objects.values_list("id", "invoice_id")
    return set(invoices), set(charges)


def test_charges_written_refresh_the_older_invoices_they_lead_to(
    small: Accounts, run: Callable[..., Report]
) -> None:
    """Invoices the run did not write are refreshed through the charges it wrote."""
    assert run().status == "completed"
    wanted = _links()
    assert any(charge for _, _, charge in wanted[0])
    started = timezone.now()
    earlier = started - datetime.timedelta(hours=1)
    invoice = expect.model("Invoice")
    invoice.objects.update(payment_intent=None, charge=None, djstripe_updated=earlier)
    expect.model("InvoicePayment").objects.update(djstripe_updated=earlier)
    expect.model("Charge").objects.update(djstripe_updated=started)

    finishing.refresh_derived(SyncRun(started=started), Context(Report(), Progress()))

    assert _links() == wanted


def test_nothing_written_refreshes_nothing(small: Accounts, run: Callable[..., Report]) -> None:
    assert run().status == "completed"
    started = timezone.now()
    earlier = started - datetime.timedelta(hours=1)
    for name in ("Invoice", "InvoicePayment", "Charge"):
        expect.model(name).objects.update(djstripe_updated=earlier)
    expect.model("Invoice").objects.update(charge=None)

    finishing.refresh_derived(SyncRun(started=started), Context(Report(), Progress()))

    assert not expect.model("Invoice").objects.filter(charge__isnull=False).exists()
