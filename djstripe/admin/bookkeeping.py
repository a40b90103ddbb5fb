"""djstripe's own records, view-only: idempotency keys and the sync engine's state."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .base import ReadOnlyAdmin


class IdempotencyKeyAdmin(ReadOnlyAdmin):
    list_columns = ("uuid", "action", "livemode", "created", "is_expired")
    list_filters = ("livemode", "created")
    text_search = ("action",)

    @admin.display(description=_("expired"), boolean=True)
    def is_expired(self, obj: Any) -> bool:
        return obj.is_expired


class TombstoneAdmin(ReadOnlyAdmin):
    list_columns = ("stripe_id", "object_type", "stamp", "stamp_source", "created")
    list_filters = ("created",)  # every deleted object: too many to list its types
    text_search = ("=stripe_id",)


class ObjectLockAdmin(ReadOnlyAdmin):
    """Lock slots of writers on MySQL and MariaDB (``sync.dialects.lock_object``)."""

    list_columns = ("slot",)
    list_filters = ()
    text_search = ()
    small_table = True  # at most ``dialects.LOCK_SLOTS`` rows


class PendingRereadAdmin(ReadOnlyAdmin):
    list_columns = ("stripe_id", "model_name", "stripe_account", "livemode", "reason", "created")
    list_filters = ("model_name", "livemode")
    text_search = ("=stripe_id",)
    small_table = True  # a queue, emptied by the next sync


class SyncRunAdmin(ReadOnlyAdmin):
    list_columns = ("id", "status", "started", "finished", "show_models", "stripe_started")
    list_filters = ("status", "started")
    text_search = ()

    @admin.display(description=_("models"))
    def show_models(self, obj: Any) -> str:
        names = list(obj.model_names or [])
        return ", ".join(names[:6]) + (f" (+{len(names) - 6})" if len(names) > 6 else "")


class SyncCheckpointAdmin(ReadOnlyAdmin):
    list_columns = (
        "id",
        "run",
        "kind",
        "model_name",
        "account",
        "livemode",
        "status",
        "pages",
        "listed",
        "created",
        "updated",
        "failed",
        "seconds",
    )
    list_filters = ("status", "kind", "livemode")
    small_table = True  # a few partitions per run
    text_search = ("model_name", "=account")


class SyncPendingLinkAdmin(ReadOnlyAdmin):
    list_columns = (
        "model_label",
        "stripe_id",
        "field_name",
        "target_label",
        "target_id",
        "created",
    )
    list_filters = ()
    text_search = ("=stripe_id", "=target_id")
