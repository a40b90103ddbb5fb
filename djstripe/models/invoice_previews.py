"""Invoice previews (``Invoice.upcoming()``): ``UpcomingInvoice``, never stored.

As in dj-stripe, a preview is an unsaved invoice whose columns, relations and
properties work as on :class:`~djstripe.models.Invoice`, and whose lines are held by
the instance (unsaved ``LineItem``s).
"""

from __future__ import annotations

__all__ = ["UpcomingInvoice"]

from collections.abc import Iterable
from typing import Any, ClassVar

import stripe
from django.utils.translation import gettext_lazy as _

from .. import stripe_api, sync
from ..fields import stripe_id_of
from .base import StripeModel
from .invoices import Invoice, has_invoice_payments
from .managers import StripeModelManager


class _NeverStoredManager(StripeModelManager):
    """``UpcomingInvoice.objects``: previews are never stored, so it finds none (as the
    empty table of dj-stripe's model did), even though the proxy shares the invoices'
    table."""

    def get_queryset(self) -> Any:
        return super().get_queryset().none()


class _preview_attribute:  # noqa: N801 - used as a decorator, like property
    """A read-only attribute of a preview standing in for a relation manager (which
    needs a saved row). Not a ``property`` on purpose: Django's check E025 guards
    against a property hiding a relation by accident; here hiding it is the point."""

    def __init__(self, func: Any) -> None:
        self.func = func
        self.__doc__ = func.__doc__

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        return self if instance is None else self.func(instance)


class UpcomingInvoice(Invoice):
    """An invoice preview (``Invoice.upcoming()``): in memory only, never saved.

    Columns, related objects (``customer``, ``subscription``) and properties work as
    on :class:`Invoice`; ``id`` is ``None`` and the lines are held by the instance.
    """

    stripe_object = ""  # not a mirrored object: the sync engine never sees it

    objects: ClassVar[_NeverStoredManager] = _NeverStoredManager()

    class Meta:
        proxy = True
        verbose_name = _("upcoming invoice")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._lines: list[Any] = []

    @_preview_attribute
    def lines(self) -> InMemoryRows:
        """The preview's lines (unsaved ``LineItem``s), all of them."""
        return InMemoryRows(self._lines)

    @_preview_attribute
    def lineitems(self) -> InMemoryRows:
        return InMemoryRows(self._lines)

    @_preview_attribute
    def invoiceitems(self) -> Any:
        """The mirrored invoice items that the preview's lines bill."""
        # lazy: cycle: models.invoice_lines -> models -> models.invoice_previews
        from .invoice_lines import InvoiceItem

        ids = [line.invoice_item_id for line in self._lines if line.invoice_item_id]
        return InvoiceItem.objects.filter(id__in=ids)

    @classmethod
    def from_preview(
        cls, data: dict[str, Any], lines: list[dict[str, Any]] | None = None
    ) -> UpcomingInvoice:
        """An unsaved preview from Stripe's data (``lines``: all of its lines)."""
        # lazy: cycle: models.invoice_lines -> models -> models.invoice_previews
        from .invoice_lines import LineItem

        invoice = cls(**unsaved_values(cls, data))
        invoice.id = None  # type: ignore[assignment]  # dj-stripe: a preview has no id
        if lines is None:
            embedded = data.get("lines")
            lines = embedded.get("data") or [] if isinstance(embedded, dict) else []
        invoice._lines = [
            LineItem(**unsaved_values(LineItem, line)) for line in lines if isinstance(line, dict)
        ]
        return invoice

    @_preview_attribute
    def default_tax_rates(self) -> Any:
        """The mirrored tax rates the preview applies by default."""
        # lazy: cycle: models.catalog -> models -> models.invoice_previews
        from .catalog import TaxRate

        rates = (self.stripe_data or {}).get("default_tax_rates") or []
        return TaxRate.objects.filter(id__in=[stripe_id_of(rate) for rate in rates])

    def save(self, *args: Any, **kwargs: Any) -> None:
        """A preview is never stored (as in dj-stripe, saving does nothing)."""

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        return 0, {}

    def get_stripe_dashboard_url(self) -> str:
        return ""


def unsaved_values(model: Any, data: dict[str, Any]) -> dict[str, Any]:
    """Column values of ``model`` for ``data``, as the sync mapping would write them."""
    values = sync.column_values(model, data)
    values["stripe_data"] = data
    return values


class InMemoryRows(list):  # type: ignore[type-arg]
    """Rows that exist only in memory (a preview's lines), with the read-only part
    of the queryset API that templates and dj-stripe code use."""

    def __init__(self, rows: Iterable[Any] = ()) -> None:
        super().__init__(rows)

    def all(self) -> InMemoryRows:
        return InMemoryRows(self)

    def count(self) -> int:  # type: ignore[override]
        return len(self)

    def exists(self) -> bool:
        return bool(self)

    def first(self) -> Any:
        return self[0] if self else None

    def last(self) -> Any:
        return self[-1] if self else None

    @classmethod
    def from_iterable(cls, model: Any, iterable: Iterable[Any]) -> InMemoryRows:
        """dj-stripe's ``QuerySetMock.from_iterable(model, rows)``."""
        return cls(iterable)

    def update(self, **kwargs: Any) -> int:
        """Nothing to update: the rows exist only in memory (as dj-stripe's ``QuerySetMock``)."""
        return 0

    def delete(self) -> int:
        return 0


# ---- previews ----
PREVIEW_PATH = "/v1/invoices/create_preview"
LEGACY_PREVIEW_PATH = "/v1/invoices/upcoming"
#: Error codes and messages Stripe answers with when a customer has nothing to invoice.
_NOTHING_TO_INVOICE_CODES = frozenset({"invoice_upcoming_none"})
_NOTHING_TO_INVOICE_MESSAGES = ("Nothing to invoice", "No upcoming invoices")


def preview(
    *, api_key: str | None, customer: Any, subscription: Any, **params: Any
) -> UpcomingInvoice | None:
    stripe_account = params.pop("stripe_account", None)
    query = {name: value for name, value in params.items() if value is not None}
    for name, value in (("customer", customer), ("subscription", subscription)):
        reference = value.id if isinstance(value, StripeModel) else value
        if reference:
            query[name] = reference
    if api_key is None and isinstance(customer, StripeModel):
        api_key = customer.default_api_key
    method, path = (
        ("post", PREVIEW_PATH) if has_invoice_payments() else ("get", LEGACY_PREVIEW_PATH)
    )
    try:
        response = stripe_api.request(
            method, path, query, api_key=api_key, stripe_account=stripe_account
        )
    except stripe.InvalidRequestError as error:
        if _nothing_to_invoice(error):
            return None
        raise
    data = stripe_api.as_data(response.data)
    lines = _all_preview_lines(data, query, api_key=api_key, stripe_account=stripe_account)
    return UpcomingInvoice.from_preview(data, lines)


def _nothing_to_invoice(error: Any) -> bool:
    if getattr(error, "code", None) in _NOTHING_TO_INVOICE_CODES:
        return True
    message = str(getattr(error, "user_message", None) or error)
    return any(text in message for text in _NOTHING_TO_INVOICE_MESSAGES)


def _all_preview_lines(
    data: dict[str, Any], query: dict[str, Any], *, api_key: str | None, stripe_account: str | None
) -> list[dict[str, Any]]:
    """Every line of a preview: the embedded ones, then the list URL Stripe gives.

    The legacy ``/v1/invoices/upcoming/lines`` URL needs the preview's parameters
    again; a preview with an id lists its lines at ``/v1/invoices/{id}/lines``.
    """
    embedded = data.get("lines")
    if not isinstance(embedded, dict):
        return []
    lines = [line for line in embedded.get("data") or [] if isinstance(line, dict)]
    url = embedded.get("url")
    if not (embedded.get("has_more") and lines and isinstance(url, str) and url):
        return lines
    params = query if url.rstrip("/").endswith("/upcoming/lines") else None
    for page in stripe_api.pages(
        url,
        params,
        api_key=api_key,
        stripe_account=stripe_account,
        starting_after=lines[-1].get("id"),
    ):
        lines.extend(page.objects)
    return lines
