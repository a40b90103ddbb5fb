"""Receiving Stripe's webhooks: verify, record, answer (``views``), then process once.

* :mod:`.verification` decides whether a delivery is Stripe's;
* :mod:`.recording` turns a request into rows (the delivery, the event);
* :mod:`.processing` runs an event's handlers once, inline or from a task;
* :mod:`.handlers` mirrors the object an event carries through the sync engine.

Everything here is internal; the public surface is the view (``djstripe.urls``),
:mod:`djstripe.event_handlers`, :mod:`djstripe.signals` and the models.
"""
