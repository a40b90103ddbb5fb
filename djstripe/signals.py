"""Signals sent around webhook processing, with dj-stripe's names and arguments.

* ``webhook_pre_validate(sender, instance)`` before a delivery is verified;
* ``webhook_post_validate(sender, instance, valid)`` after;
* ``webhook_pre_process(sender, instance)`` / ``webhook_post_process(sender, instance)``
  around processing; ``webhook_processing_error(sender, instance, exception, data)``.

``instance`` is the :class:`~djstripe.models.WebhookEventTrigger`. One more signal
per event type, in ``WEBHOOK_SIGNALS["invoice.paid"]``, is sent with ``event``
(the :class:`~djstripe.models.Event`) once the event is processed.
"""

from __future__ import annotations

from django.dispatch import Signal

from .event_types import EVENT_TYPES

webhook_pre_validate = Signal()
webhook_post_validate = Signal()
webhook_pre_process = Signal()
webhook_post_process = Signal()
webhook_processing_error = Signal()

#: ``"*"`` plus every event type: what a webhook endpoint may enable.
ENABLED_EVENTS: list[str] = ["*", *EVENT_TYPES]

#: One signal per event type; sent with ``event=`` after the event is processed.
WEBHOOK_SIGNALS: dict[str, Signal] = {event_type: Signal() for event_type in EVENT_TYPES}


def signal_for(event_type: str) -> Signal:
    """The signal of an event type, created on first use for a type Stripe added later."""
    signal = WEBHOOK_SIGNALS.get(event_type)
    if signal is None:
        signal = WEBHOOK_SIGNALS.setdefault(event_type, Signal())
    return signal
