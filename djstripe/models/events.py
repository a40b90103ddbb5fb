"""Stripe events, stored once per event id, with the state of their processing."""

from __future__ import annotations

__all__ = ["Event"]

import re
from typing import Any, ClassVar

from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from ..error_reports import hide_secrets
from ..properties import StripeProperty
from . import delegates
from .base import StripeModel
from .managers import StripeModelManager, StripeModelQuerySet


class EventStatus(models.TextChoices):
    """Where an event is in its processing (``Event.djstripe_status``)."""

    pending = "pending", _("Pending")
    """Stored, not processed yet (queued as a task, or waiting for ``djstripe_process_events``)."""
    processed = "processed", _("Processed")
    """Handlers ran and their effects were committed with this status."""
    unhandled = "unhandled", _("Unhandled")
    """A type djstripe does not know: stored and acknowledged, signals sent, nothing mirrored."""
    failed = "failed", _("Failed")
    """The last attempt raised; ``djstripe_process_events --failed`` tries again."""


#: Statuses of an event whose handlers have run.
DONE = (EventStatus.processed, EventStatus.unhandled)
#: Statuses of an event that still needs processing.
OPEN = (EventStatus.pending, EventStatus.failed)


def type_pattern_regex(pattern: str) -> str:
    """``invoice.*`` -> an anchored regex that PostgreSQL and SQLite both understand."""
    return "^" + ".*".join(re.escape(part) for part in pattern.split("*")) + "$"


class EventQuerySet(StripeModelQuerySet):
    def unprocessed(self) -> EventQuerySet:
        """Events whose handlers have not run successfully (pending or failed)."""
        return self.filter(djstripe_status__in=OPEN)

    def pending(self) -> EventQuerySet:
        return self.filter(djstripe_status=EventStatus.pending)

    def failed(self) -> EventQuerySet:
        return self.filter(djstripe_status=EventStatus.failed)

    def processed(self) -> EventQuerySet:
        """Events whose handlers have run (including unhandled types)."""
        return self.filter(djstripe_status__in=DONE)

    def unhandled(self) -> EventQuerySet:
        return self.filter(djstripe_status=EventStatus.unhandled)

    def of_type(self, pattern: str) -> EventQuerySet:
        """Events whose type matches ``pattern`` (``*`` matches anything, as Stripe's)."""
        if "*" not in pattern:
            return self.filter(type=pattern)
        return self.filter(type__regex=type_pattern_regex(pattern))

    def oldest_first(self) -> EventQuerySet:
        return self.order_by("created", "id")


class EventManager(StripeModelManager.from_queryset(EventQuerySet)):  # type: ignore[misc]
    """``Event.objects``: the domain filters of :class:`EventQuerySet`."""


class Event(StripeModel):
    """Something that happened in a Stripe account, as delivered to a webhook or listed.

    Stored once per Stripe id (the unique ``id``), whichever way it arrives and
    however often. ``djstripe_status`` says whether its handlers have run; they
    run once, in the transaction that sets it to ``processed``.
    """

    stripe_object = "event"
    api_path = "/v1/events"
    listable = False  # events come through webhooks and djstripe_process_events
    stripe_dashboard_item_name = "events"
    stripe_paths: ClassVar[dict[str, str]] = {
        "request_id": "request.id",
        "idempotency_key": "request.idempotency_key",
    }
    local_fields: ClassVar[tuple[str, ...]] = (
        "djstripe_status",
        "djstripe_attempts",
        "djstripe_processed_at",
        "djstripe_error",
    )

    api_version = models.CharField(
        max_length=64,
        default="",
        blank=True,
        help_text=_("The API version the event's data was rendered at."),
    )
    data = models.JSONField(default=dict, help_text=_("The event's data (object and changes)."))
    request_id = models.CharField(
        max_length=50,
        default="",
        blank=True,
        help_text=_("The API request that caused the event (empty when automatic)."),
    )
    idempotency_key = models.TextField(default="", blank=True)
    type = models.CharField(max_length=250, db_index=True, help_text=_("Stripe's event type."))
    djstripe_status = models.CharField(
        max_length=16,
        default=EventStatus.pending,
        choices=EventStatus.choices,
        editable=False,
        help_text=_("Whether the event's handlers have run."),
    )
    djstripe_attempts = models.PositiveIntegerField(
        default=0, editable=False, help_text=_("Processing attempts so far.")
    )
    djstripe_processed_at = models.DateTimeField(null=True, blank=True, editable=False)
    djstripe_error = models.TextField(
        default="", blank=True, editable=False, help_text=_("The last processing error.")
    )

    objects: ClassVar[EventManager] = EventManager()
    stripe_objects: ClassVar[EventManager] = EventManager()

    #: The connected account the event happened in (Connect), or None for the platform.
    stripe_account = StripeProperty("account")
    pending_webhooks = StripeProperty()
    account = StripeProperty()
    context = StripeProperty()
    request = StripeProperty()

    class Meta(StripeModel.Meta):
        verbose_name = _("event")
        indexes = [
            models.Index(fields=["djstripe_status", "created"], name="djstripe_evt_status_created")
        ]

    def __str__(self) -> str:
        return f"type={self.type}, id={self.id}"

    @cached_property
    def parts(self) -> list[str]:
        """``customer.subscription.updated`` -> ``["customer", "subscription", "updated"]``."""
        return str(self.type).split(".")

    @cached_property
    def category(self) -> str:
        """Everything but the verb (``customer.subscription``)."""
        return ".".join(self.parts[:-1])

    @cached_property
    def verb(self) -> str:
        """The last part of the type (``updated``)."""
        return self.parts[-1]

    @property
    def is_processed(self) -> bool:
        return self.djstripe_status in DONE

    @property
    def customer(self) -> Any:
        """The mirrored customer the event is about (its object, or the object's customer)."""
        # lazy: cycle: models.core -> models -> models.events
        from .core import Customer

        obj = (self.data or {}).get("object") or {}
        related = (self.stripe_data or {}).get("related_object") or {}  # a thin event's
        if isinstance(related, dict) and related.get("type") == "customer":
            customer_id = related.get("id")
        elif obj.get("object") == "customer":
            customer_id = obj.get("id")
        else:
            customer_id = obj.get("customer")
            if isinstance(customer_id, dict):
                customer_id = customer_id.get("id")
        if not isinstance(customer_id, str):
            return None
        return Customer.objects.filter(id=customer_id).first()

    @classmethod
    @hide_secrets
    def process(cls, data: Any, api_key: str | None = None) -> Event:
        """Store the event (once) and run its handlers unless they already ran (dj-stripe's)."""
        process_event_data = delegates.get(delegates.PROCESS_EVENT)
        return process_event_data(data, api_key=api_key)

    def invoke_webhook_handlers(self) -> None:
        """Send the event's signals (its type's, and wildcard receivers'), as dj-stripe does.

        This does not mirror anything or change ``djstripe_status``; processing
        (:meth:`process`) does both, once.
        """
        send_event_signals = delegates.get(delegates.SEND_SIGNALS)
        send_event_signals(self)
