"""Webhook processing as a Django task, for any tasks backend (database, RQ, Celery...).

With ``DJSTRIPE_WEBHOOK_PROCESSING = "task"`` the webhook view stores the event
and queues :data:`process_webhook_event`; workers, on this machine or others,
run its handlers once (see :mod:`djstripe.webhooks.processing`).

A failed attempt is queued again (after a growing delay when the backend
supports ``run_after``) until ``DJSTRIPE_WEBHOOK_TASK_MAX_ATTEMPTS`` attempts
failed; the event then stays recorded as ``failed``, with its error, for
``djstripe_process_events --failed``. Data that can never be stored
(:func:`djstripe.webhooks.processing.is_permanent`) is not queued again.

The tasks framework (``django.tasks`` on Django 6, the ``django-tasks`` package on
Django 5.2) comes from :mod:`djstripe.task_framework`.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from . import settings as djstripe_settings
from .exceptions import ImproperlyConfiguredError
from .task_framework import task

#: Delay before the second attempt; doubled for each further one, at most an hour.
FIRST_RETRY_DELAY = datetime.timedelta(seconds=30)
MAX_RETRY_DELAY = datetime.timedelta(hours=1)


class EventProcessingFailed(Exception):  # noqa: N818 - reads as what happened
    """An attempt to process an event failed (the tasks backend records the task as failed)."""


def process_webhook_event(event_id: str, trigger_id: int | None = None, attempt: int = 1) -> str:
    """Run the handlers of stored event ``event_id`` once; retry a failure, boundedly."""
    # lazy: loads models (needs the app registry)
    from .webhooks.processing import process_stored_event

    result = process_stored_event(event_id, trigger_id=trigger_id)
    if result.ok:
        return result.outcome
    if result.permanent:  # the same data would fail the same way: not queued again
        _note(event_id, "Not retried: the data can never be stored. ")
        raise EventProcessingFailed(
            f"{event_id} cannot be processed: its data can never be stored ({result.error!r})."
        ) from result.error
    max_attempts = max(1, djstripe_settings.webhook_task_max_attempts())
    if attempt < max_attempts:
        enqueue_event(event_id, trigger_id=trigger_id, attempt=attempt + 1)
        raise EventProcessingFailed(
            f"Attempt {attempt} of {max_attempts} to process {event_id} failed "
            f"({result.error!r}); queued again."
        ) from result.error
    _give_up(event_id, attempt)
    raise EventProcessingFailed(
        f"Gave up on {event_id} after {attempt} attempts ({result.error!r}); "
        "run `djstripe_process_events --failed` once the cause is fixed."
    ) from result.error


if task is not None:
    #: The task (a plain function when no tasks framework is installed).
    process_webhook_event = task()(process_webhook_event)  # type: ignore[assignment]


def enqueue_event(event_id: str, *, trigger_id: int | None = None, attempt: int = 1) -> Any:
    """Queue the processing of a stored event; return the task result."""
    if task is None:
        raise ImproperlyConfiguredError(
            'DJSTRIPE_WEBHOOK_PROCESSING is "task" but no tasks framework is installed: '
            "use Django 6, or install django-tasks on Django 5.2."
        )
    queued: Any = process_webhook_event
    if attempt > 1 and queued.get_backend().supports_defer:
        queued = queued.using(run_after=timezone.now() + retry_delay(attempt))
    return queued.enqueue(event_id, trigger_id=trigger_id, attempt=attempt)


def retry_delay(attempt: int) -> datetime.timedelta:
    """Delay before ``attempt`` (2 or more): 30 s, 1 min, 2 min, ... at most an hour."""
    return min(FIRST_RETRY_DELAY * 2 ** min(max(0, attempt - 2), 20), MAX_RETRY_DELAY)


def _give_up(event_id: str, attempts: int) -> None:
    _note(event_id, f"Gave up after {attempts} task attempts. ")


def _note(event_id: str, note: str) -> None:
    """Put ``note`` before the recorded error of an event that is still not processed."""
    # lazy: loads models (needs the app registry)
    from .models import Event

    event = Event.objects.filter(id=event_id).first()
    if event is not None and not event.is_processed:
        Event.objects.filter(pk=event.pk).update(djstripe_error=note + event.djstripe_error)
