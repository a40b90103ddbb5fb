"""Billing meters: what usage-based prices count (``billing.meter``).

Meter *events* are not mirrored: they are write-only on Stripe (no list, no retrieve)
and arrive in volumes a database mirror has no use for. Their aggregates, the meter
event summaries, are read on demand (:meth:`Meter.event_summaries`): a summary is
a query over a customer and a time range, not an object with a lifecycle or events,
so a mirrored copy would be stale the moment usage is reported.
"""

from __future__ import annotations

__all__ = ["Meter"]

from datetime import datetime
from typing import Any, ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..fields import StripeDateTimeField, StripeEnumField, stripe_id_of
from ..properties import StripeProperty
from .base import StripeModel

#: Stripe's default payload keys (``customer_mapping`` / ``value_settings``).
DEFAULT_CUSTOMER_KEY = "stripe_customer_id"
DEFAULT_VALUE_KEY = "value"


class Meter(StripeModel):
    """How Stripe aggregates the meter events named ``event_name`` into usage.

    ``billing.meter.created``, ``.updated``, ``.deactivated`` and ``.reactivated``
    keep the row current; a price that bills by it has ``price.meter``.
    """

    stripe_object = "billing.meter"
    api_path = "/v1/billing/meters"
    stripe_paths: ClassVar[dict[str, str]] = {
        "formula": "default_aggregation.formula",
        "customer_payload_key": "customer_mapping.event_payload_key",
        "value_payload_key": "value_settings.event_payload_key",
        "deactivated_at": "status_transitions.deactivated_at",
    }

    display_name = models.TextField(max_length=5000, default="", blank=True)
    event_name = models.CharField(
        max_length=255,
        default="",
        blank=True,
        db_index=True,
        help_text=_("The ``event_name`` of the meter events this meter counts."),
    )
    status = StripeEnumField(default="", blank=True, db_index=True)
    formula = StripeEnumField(
        default="", blank=True, help_text=_("How events aggregate: sum, count or last.")
    )
    event_time_window = StripeEnumField(default="", blank=True)
    customer_payload_key = models.CharField(
        max_length=255,
        default="",
        blank=True,
        help_text=_("The payload key naming the customer of an event."),
    )
    value_payload_key = models.CharField(
        max_length=255,
        default="",
        blank=True,
        help_text=_("The payload key holding the value of an event."),
    )
    deactivated_at = StripeDateTimeField(null=True, blank=True)
    updated = StripeDateTimeField(null=True, blank=True)

    customer_mapping = StripeProperty()
    default_aggregation = StripeProperty()
    status_transitions = StripeProperty()
    value_settings = StripeProperty()

    class Meta(StripeModel.Meta):
        verbose_name = _("meter")

    def __str__(self) -> str:
        return self.display_name or self.event_name or self.id

    @property
    def is_active(self) -> bool:
        return self.status == "active"

    def event_summaries(
        self,
        customer: Any,
        start_time: datetime | int,
        end_time: datetime | int,
        *,
        value_grouping_window: str | None = None,
        api_key: str | None = None,
    ) -> list[dict[str, Any]]:
        """The customer's aggregated usage between two times, read from Stripe.

        Every page of ``/v1/billing/meters/{id}/event_summaries``; ``value_grouping_window``
        (``day``, ``hour``) splits the range. Stripe aggregates asynchronously: usage
        reported a moment ago may not be counted yet.
        """
        # lazy: djstripe.usage imports the models package
        from ..usage import event_summaries

        return event_summaries(
            self,
            customer,
            start_time,
            end_time,
            value_grouping_window=value_grouping_window,
            api_key=api_key,
        )

    def payload_keys(self) -> tuple[str, str]:
        """``(customer key, value key)`` of this meter's events."""
        return (
            self.customer_payload_key or DEFAULT_CUSTOMER_KEY,
            self.value_payload_key or DEFAULT_VALUE_KEY,
        )


def customer_id_of(customer: Any) -> str:
    """The Stripe id of a Customer row or id; ``ValueError`` naming the bad value."""
    value = customer if isinstance(customer, str) else getattr(customer, "id", None)
    value = stripe_id_of(value)
    if not value:
        raise ValueError(f"Expected a Customer or a customer id (cus_...), not {customer!r}.")
    return value
