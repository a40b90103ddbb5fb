"""The tasks framework, whichever is installed: the only module that imports one.

``django.tasks`` on Django 6, the ``django-tasks`` package on Django 5.2, or
``None`` when neither is installed (webhooks are then processed inline only).
It sits below the sync engine and the webhooks, so both can declare tasks
(:mod:`djstripe.sync.backfill_tasks`, :mod:`djstripe.tasks`).
"""

from __future__ import annotations

from typing import Any

#: The ``task`` decorator, or None.
task: Any
#: The configured backends (``task_backends["default"]``), or None.
task_backends: Any
try:  # Django 6
    from django.tasks import task, task_backends  # type: ignore[import-not-found,no-redef]
except ImportError:  # Django 5.2 with the django-tasks package
    try:
        from django_tasks import task, task_backends  # type: ignore[no-redef]
    except ImportError:  # no tasks framework: only inline processing is possible
        task = task_backends = None
