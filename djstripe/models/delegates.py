"""The functions of the layers above the models that dj-stripe's model methods call.

dj-stripe users call ``Event.process``, ``Event.invoke_webhook_handlers``,
``WebhookEventTrigger.from_request`` and
``djstripe.models.webhooks.get_remote_ip``; the work is done by webhook processing,
which imports the models. So the models only name what they need here, and
:mod:`djstripe.webhooks` provides it when it is imported (``AppConfig.ready``
imports it): the import arrows keep pointing down, from webhooks to models.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured

PROCESS_EVENT = "process_event"
"""``process_event_data(data, api_key=...)``: store an event once and run its handlers."""
SEND_SIGNALS = "send_signals"
"""``send_event_signals(event)``: send an event's signals (``djstripe.event_handlers``)."""
RECEIVE = "receive"
"""``receive(request, endpoint)``: verify, record and process one delivery."""
REMOTE_IP = "remote_ip"
"""``remote_ip(request)``: the client address of a delivery."""

_provided: dict[str, Callable[..., Any]] = {}


def provide(name: str, function: Callable[..., Any]) -> None:
    """Make ``function`` the implementation of ``name`` (called by the upper layers)."""
    _provided[name] = function


def get(name: str) -> Callable[..., Any]:
    """The implementation of ``name``; an error naming it when nothing provided it."""
    try:
        return _provided[name]
    except KeyError:
        raise ImproperlyConfigured(
            f"No implementation of {name!r}: add 'djstripe' to INSTALLED_APPS "
            "(its AppConfig.ready imports djstripe.webhooks, which provides it)."
        ) from None
