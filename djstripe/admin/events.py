"""Events and the webhook deliveries that carried them."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import F
from django.db.models.fields.json import KT
from django.utils.translation import gettext_lazy as _

from ..models import Event, WebhookEndpoint
from ..sync import model_for_object
from . import display
from .actions import reprocess_deliveries, reprocess_events, resync_selected
from .base import MirroredModelAdmin, ReadOnlyAdmin


def _change_permission(admin_obj: Any, request: Any) -> bool:
    opts = admin_obj.opts
    return request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}")


class EventAdmin(MirroredModelAdmin):
    """Events: their type, whether their handlers ran, and the object they are about."""

    list_columns = ("id", "type", "djstripe_status", "show_event_object", "created")
    list_filters = ("djstripe_status", "livemode", "created")
    text_search = ("^type", "=request_id")
    list_deferred = ("stripe_data", "data")
    actions = (resync_selected, reprocess_events)
    related_lists = ("webhookeventtrigger_set",)

    def has_reprocess_permission(self, request: Any) -> bool:
        """Reprocessing runs handlers and signals: staff with the *change event* permission."""
        return _change_permission(self, request)

    def get_queryset(self, request: Any) -> Any:
        # The list shows the event's object from two keys of ``data``, not the whole of it.
        return (
            super()
            .get_queryset(request)
            .annotate(
                event_object_id=KT("data__object__id"),
                event_object_type=KT("data__object__object"),
            )
        )

    @admin.display(description=_("object"))
    def show_event_object(self, obj: Any) -> Any:
        object_id = getattr(obj, "event_object_id", None)
        object_type = getattr(obj, "event_object_type", None)
        if not isinstance(object_id, str) or not object_id:
            return display.EMPTY
        model = model_for_object(object_type)
        if model is None:
            return format_id(object_type, object_id)
        return display.link(model, object_id, format_id(object_type, object_id), self.admin_site)

    @admin.display(description=_("last processing error"))
    def show_djstripe_error(self, obj: Any) -> Any:
        return display.preformatted(obj.djstripe_error) or display.EMPTY

    def detail_field_names(self) -> list[str]:
        return [
            "type",
            "show_event_object",
            "djstripe_status",
            "djstripe_attempts",
            "djstripe_processed_at",
            "show_djstripe_error",
            "api_version",
            "request_id",
            "idempotency_key",
            "show_data",
        ]


def format_id(object_type: Any, object_id: str) -> str:
    return f"{object_type} {object_id}" if object_type else object_id


class WebhookEventTriggerAdmin(ReadOnlyAdmin):
    """Deliveries received from Stripe: verified, stored, processed (or why not)."""

    list_columns = (
        "id",
        "created",
        "show_event",
        "show_event_type",
        "valid",
        "processed",
        "exception",
    )
    list_filters = ("valid", "processed", "created", "webhook_endpoint")
    text_search = ("=event__id", "exception", "remote_ip")
    list_deferred = ("body", "headers", "traceback")
    actions = (reprocess_deliveries,)
    related_lists = ()

    def has_reprocess_permission(self, request: Any) -> bool:
        return _change_permission(self, request)

    def get_queryset(self, request: Any) -> Any:
        return super().get_queryset(request).annotate(event_type=F("event__type"))

    def get_list_select_related(self, request: Any) -> tuple[str, ...]:
        return ()  # the event's type comes through an annotation, not the whole event

    def get_list_filter(self, request: Any) -> list[Any]:
        filters = super().get_list_filter(request)
        if WebhookEndpoint.objects.count() < 2:  # one endpoint: nothing to choose
            filters.remove("webhook_endpoint")
        return filters

    @admin.display(description=_("event"), ordering="event_id")
    def show_event(self, obj: Any) -> Any:
        return display.link(Event, obj.event_id, obj.event_id, self.admin_site)

    @admin.display(description=_("event type"))
    def show_event_type(self, obj: Any) -> Any:
        event_type = getattr(obj, "event_type", None)
        if event_type is None:
            event_type = (obj.json_body or {}).get("type") if "body" in obj.__dict__ else None
        return event_type or display.EMPTY

    @admin.display(description=_("body"))
    def show_body(self, obj: Any) -> Any:
        parsed = obj.json_body
        return display.pretty_json(parsed) if parsed else display.preformatted(obj.body)

    @admin.display(description=_("traceback"))
    def show_traceback(self, obj: Any) -> Any:
        return display.preformatted(obj.traceback) or display.EMPTY

    # django-stubs wants fieldset options as a TypedDict of invariant lists; plain dicts
    # and lists of names are what Django reads.
    def get_fieldsets(  # type: ignore[override]
        self, request: Any, obj: Any = None
    ) -> list[tuple[Any, dict[str, Any]]]:
        return [
            (
                None,
                {
                    "fields": [
                        "id",
                        "created",
                        "updated",
                        "show_event",
                        "show_event_type",
                        "show_webhook_endpoint",
                        "show_stripe_trigger_account",
                        "remote_ip",
                        "valid",
                        "processed",
                        "exception",
                        "djstripe_version",
                    ]
                },
            ),
            (_("Request"), {"fields": ["show_headers", "show_body"]}),
            (_("Error"), {"fields": ["show_traceback"], "classes": ["collapse"]}),
        ]
