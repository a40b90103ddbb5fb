"""djstripe's own records, view-only: idempotency keys and the sync engine's state."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Count, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.html import format_html
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
    list_columns = (
        "id",
        "status",
        "started",
        "finished",
        "show_models",
        "stripe_started",
        "complete_listings",
    )
    list_filters = ("status", "started")
    text_search = ()

    @admin.display(description=_("models"))
    def show_models(self, obj: Any) -> str:
        names = list(obj.model_names or [])
        return ", ".join(names[:6]) + (f" (+{len(names) - 6})" if len(names) > 6 else "")

    @admin.display(description=_("complete listings"))
    def complete_listings(self, obj: Any) -> str:
        """Partitions this run listed completely (each a proof of the mirror, and a prune)."""
        url = reverse("admin:djstripe_synccheckpoint_changelist")
        count = getattr(obj, "complete_count", 0)
        return format_html('<a href="{}?run__id__exact={}">{}</a>', url, obj.pk, count)

    def get_queryset(self, request: Any) -> Any:
        complete = Q(checkpoints__kind="list", checkpoints__status="done")
        complete &= Q(checkpoints__since__isnull=True)
        return (
            super()
            .get_queryset(request)
            .annotate(complete_count=Count("checkpoints", filter=complete))
        )


class LastCompleteListing(admin.SimpleListFilter):
    """Per model, account and mode, the latest listing that read everything (no ``created``
    bound) to its end: when the mirror of that model was last proven complete, by which
    run (and pruned of what Stripe no longer has)."""

    title = _("listing")
    parameter_name = "listing"

    def lookups(self, request: Any, model_admin: Any) -> list[tuple[str, Any]]:
        return [("last_complete", _("last complete listing per model"))]

    def queryset(self, request: Any, queryset: Any) -> Any:
        if self.value() != "last_complete":
            return queryset
        complete = queryset.model._default_manager.filter(
            kind="list", status="done", since__isnull=True
        )
        latest = complete.filter(
            model_name=OuterRef("model_name"),
            account=OuterRef("account"),
            livemode=OuterRef("livemode"),
        ).order_by("-run_id")
        return queryset.filter(pk__in=complete.filter(pk=Subquery(latest.values("pk")[:1])))


class SyncCheckpointAdmin(ReadOnlyAdmin):
    list_columns = (
        "id",
        "run",
        "kind",
        "model_name",
        "account",
        "livemode",
        "status",
        "is_complete",
        "finished",
        "pages",
        "listed",
        "created",
        "updated",
        "failed",
        "seconds",
    )
    list_filters = (LastCompleteListing, "status", "kind", "livemode")
    small_table = True  # a few partitions per run
    text_search = ("model_name", "=account")

    @admin.display(description=_("complete listing"), boolean=True)
    def is_complete(self, obj: Any) -> bool:
        """Everything listed (no ``created`` bound) to the end: proof of what Stripe holds."""
        return obj.kind == "list" and obj.since is None and obj.status == "done"

    @admin.display(description=_("finished"), ordering="updated_at")
    def finished(self, obj: Any) -> Any:
        return obj.updated_at if obj.status in ("done", "failed", "skipped") else None


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
