"""Reacting to Stripe events: ``djstripe_receiver`` and the built-in handler table.

Write receivers as dj-stripe users do::

    from djstripe.event_handlers import djstripe_receiver

    @djstripe_receiver("invoice.paid")
    def on_invoice_paid(sender, event, **kwargs):
        ...

    @djstripe_receiver(["customer.created", "customer.updated"])
    def on_customer(sender, event, **kwargs): ...

    @djstripe_receiver("invoice.*")      # or "*" for every event
    def on_any_invoice_event(sender, event, **kwargs): ...

A receiver runs once per event, after the built-in handler mirrored the event's
object, inside the transaction that marks the event processed: if it raises,
its database changes, the mirror's and the event's status roll back together,
and the event is recorded as failed (to be retried).
"""

from __future__ import annotations

import fnmatch
import inspect
import threading
import weakref
from collections.abc import Callable, Iterable
from typing import Any

from django.dispatch import Signal

from .models import delegates
from .models.events import Event
from .signals import WEBHOOK_SIGNALS, signal_for
from .sync.events import is_known_type
from .webhooks.handlers import BUILTIN_HANDLERS

#: Wildcard receivers: (pattern, reference to the receiver, connect() arguments).
_patterns: list[tuple[str, Callable[[], Any], dict[str, Any]]] = []
_lock = threading.Lock()

__all__ = ["BUILTIN_HANDLERS", "djstripe_receiver", "is_known_type", "send_event_signals"]


def djstripe_receiver(
    signal_names: str | Iterable[str], **kwargs: Any
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Connect the decorated function to the signals of one or more event types.

    ``signal_names`` is a type (``"invoice.paid"``), a list of types, or patterns
    with ``*`` (``"invoice.*"``, ``"*"``), which also match types Stripe adds
    later. ``kwargs`` go to ``Signal.connect`` (``weak``, ``dispatch_uid``).
    """
    names = [signal_names] if isinstance(signal_names, str) else list(signal_names)
    for name in names:
        if not isinstance(name, str) or not name:
            raise TypeError(f"djstripe_receiver needs event types, not {name!r}.")

    def decorator(handler: Callable[..., Any]) -> Callable[..., Any]:
        for name in names:
            if "*" not in name:
                signal_for(name).connect(handler, sender=Event, **kwargs)
                continue
            with _lock:
                _patterns.append((name, _reference(handler, kwargs), kwargs))
                for event_type, signal in list(WEBHOOK_SIGNALS.items()):
                    if fnmatch.fnmatchcase(event_type, name):
                        signal.connect(handler, sender=Event, **kwargs)
        return handler

    return decorator


def signal_for_event(event_type: str) -> Signal:
    """The signal of ``event_type``, with the wildcard receivers that match it connected
    (a type Stripe added after the receivers were registered gets them on first use)."""
    known = event_type in WEBHOOK_SIGNALS
    signal = signal_for(event_type)
    if not known:
        with _lock:
            _patterns[:] = [entry for entry in _patterns if entry[1]() is not None]
            for pattern, reference, kwargs in _patterns:
                handler = reference()
                if handler is not None and fnmatch.fnmatchcase(event_type, pattern):
                    signal.connect(handler, sender=Event, **kwargs)
    return signal


def _reference(handler: Callable[..., Any], kwargs: dict[str, Any]) -> Callable[[], Any]:
    """Hold a wildcard receiver as weakly as its signals do (``weak=True`` by default)."""
    if not kwargs.get("weak", True):
        return lambda: handler
    if inspect.ismethod(handler):
        return weakref.WeakMethod(handler)
    return weakref.ref(handler)


def send_event_signals(event: Any) -> list[tuple[Any, Any]]:
    """Send the event's signal (sender ``Event``, ``event=event``); receivers' errors raise."""
    return signal_for_event(event.type).send(sender=Event, event=event)


delegates.provide(delegates.SEND_SIGNALS, send_event_signals)  # Event.invoke_webhook_handlers
