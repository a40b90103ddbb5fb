"""Webhook endpoints: made, edited and deleted on Stripe from the admin.

Adding creates the endpoint on Stripe for a base URL (the same logic as
``manage.py djstripe_webhook_endpoint``: djstripe's uuid URL, the pinned API
version, the secret Stripe returns stored); editing and deleting go to Stripe
first and reach the mirror through Stripe's answer. The signing secret is never
shown back, only masked.
"""

from __future__ import annotations

from typing import Any

import stripe
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _

from .. import stripe_api, sync
from ..helpers.webhook_endpoints import handled_events
from ..models import WebhookEndpoint
from . import display
from .actions import describe
from .base import MirroredModelAdmin
from .display import mask_secret
from .endpoint_forms import EndpointAddForm, EndpointChangeForm

LOCAL_FIELDS = ["djstripe_tolerance", "djstripe_validation_method"]


class WebhookEndpointAdmin(MirroredModelAdmin):
    list_columns = (
        "id",
        "url",
        "status",
        "api_version",
        "show_events",
        "show_secret",
        "created",
    )
    list_filters = ("status", "livemode", "api_version", "created")
    text_search = ("url",)
    related_lists = ("webhookeventtrigger_set",)
    view_on_site = False  # its URL is the webhook receiver, not a page
    small_table = True  # an account has a few endpoints

    # Stripe-backed changes: the model's ordinary permissions apply.
    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return admin.ModelAdmin.has_add_permission(self, request)

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return admin.ModelAdmin.has_change_permission(self, request, obj)

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return admin.ModelAdmin.has_delete_permission(self, request, obj)

    def get_actions(self, request: Any, action_location: Any = None) -> dict[str, Any]:
        actions = super().get_actions(request, action_location)
        actions.pop("delete_selected", None)  # one at a time, each confirmed by Stripe
        return actions

    # ---- display -------------------------------------------------------------------------
    @admin.display(description=_("signing secret"))
    def show_secret(self, obj: Any) -> Any:
        return mask_secret(obj.secret) or _("(not stored)")

    @admin.display(description=_("enabled events"))
    def show_events(self, obj: Any) -> Any:
        events = list(obj.enabled_events or [])
        if events == ["*"]:
            return _("all")
        return ", ".join(events[:3]) + (f" (+{len(events) - 3})" if len(events) > 3 else "")

    @admin.display(description=_("djstripe webhook path"))
    def show_webhook_path(self, obj: Any) -> Any:
        if not obj.djstripe_uuid:
            return display.EMPTY
        return display.format_html("<code>{}</code>", obj.get_absolute_url())

    @admin.display(description=_("previous secret (while rolled)"))
    def show_previous_secret(self, obj: Any) -> Any:
        return mask_secret(obj.djstripe_previous_secret) or display.EMPTY

    def detail_field_names(self) -> list[str]:
        return [
            "url",
            "status",
            "api_version",
            "show_enabled_events",
            "description",
            "show_secret",
            "show_webhook_path",
            "djstripe_uuid",
            "application",
            "djstripe_tolerance",
            "djstripe_validation_method",
            "show_previous_secret",
            "djstripe_previous_secret_expires",
        ]

    # ---- forms ---------------------------------------------------------------------------
    def get_form(self, request: Any, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        if obj is None:
            kwargs["form"] = EndpointAddForm
        elif self.has_change_permission(request, obj):
            kwargs["form"] = EndpointChangeForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_changeform_initial_data(self, request: Any) -> dict[str, Any]:
        return {
            "base_url": f"{request.scheme}://{request.get_host()}",
            "enabled_events": handled_events(),
        }

    # django-stubs wants fieldset options as a TypedDict of invariant lists; plain dicts
    # and lists of names are what Django reads.
    def get_fieldsets(  # type: ignore[override]
        self, request: Any, obj: Any = None
    ) -> list[tuple[Any, dict[str, Any]]]:
        if obj is None:
            fields = ["base_url", "enabled_events", "description", "connect", "api_key"]
            return [(None, {"fields": [*fields, "replace_existing"]})]
        if not self.has_change_permission(request, obj):
            return super().get_fieldsets(request, obj)
        fieldsets: list[tuple[Any, dict[str, Any]]] = [
            (None, {"fields": ["show_id", "livemode", "created", "status", "api_version"]}),
            (
                _("On Stripe"),
                {"fields": ["url", "enabled_events", "description", "enabled"]},
            ),
            (
                _("Receiving deliveries"),
                {
                    "fields": [
                        "show_webhook_path",
                        "show_secret",
                        "new_secret",
                        "djstripe_validation_method",
                        "djstripe_tolerance",
                    ]
                },
            ),
        ]
        related = self.related_fieldset_names(obj)
        if related:
            fieldsets.append((_("Related objects"), {"fields": related}))
        fieldsets.append((_("Stripe data"), {"fields": ["show_metadata", "show_stripe_data"]}))
        return fieldsets

    def get_readonly_fields(self, request: Any, obj: Any = None) -> list[str]:
        if obj is None:
            return []
        return [
            "show_id",
            "livemode",
            "created",
            "status",
            "api_version",
            "show_webhook_path",
            "show_secret",
            "show_metadata",
            "show_stripe_data",
            *self.related_fieldset_names(obj),
        ]

    # ---- saving: Stripe was reached in the form's clean() -----------------------------------
    def save_model(self, request: Any, obj: Any, form: Any, change: bool) -> None:
        if not change:
            result = form.result
            if result.action != "created":
                self.message_user(
                    request,
                    _(
                        "An endpoint already delivers this site's events at the pinned API "
                        "version: it was kept (%(action)s) instead of adding another."
                    )
                    % {"action": result.action},
                    messages.WARNING,
                )
            if result.removed:
                self.message_user(
                    request,
                    _("Deleted on Stripe: %(ids)s.") % {"ids": ", ".join(result.removed)},
                    messages.INFO,
                )
            return
        update = [name for name in LOCAL_FIELDS if name in form.changed_data]
        if form.cleaned_data.get("new_secret"):
            obj.secret = form.cleaned_data["new_secret"]
            update.append("secret")
        if update:
            obj.save(update_fields=[*update, "djstripe_updated"])

    def delete_view(self, request: Any, object_id: str, extra_context: Any = None) -> Any:
        """Delete on Stripe first; the row goes only once Stripe has let the endpoint go."""
        if request.method == "POST" and request.POST.get("post"):
            obj = self.get_object(request, unquote(object_id))
            if obj is not None and self.has_delete_permission(request, obj):
                try:
                    delete_on_stripe(obj)
                except stripe.StripeError as error:
                    self.message_user(
                        request,
                        _("Stripe refused to delete %(id)s: %(reason)s")
                        % {"id": obj.id, "reason": describe(error)},
                        messages.ERROR,
                    )
                    return HttpResponseRedirect(request.path)
        return super().delete_view(request, object_id, extra_context)

    def delete_model(self, request: Any, obj: Any) -> None:
        # A deletion through the engine leaves a tombstone, so a late event cannot revive it.
        sync.sync_deleted(WebhookEndpoint, obj.id, api_key=obj.default_api_key)


def delete_on_stripe(endpoint: Any) -> None:
    """``DELETE /v1/webhook_endpoints/<id>``; an endpoint Stripe no longer has is gone too."""
    try:
        stripe_api.delete(
            WebhookEndpoint.retrieve_path(endpoint.id),
            api_key=endpoint.default_api_key,
            stripe_account=endpoint._stripe_account_id(),
        )
    except stripe.InvalidRequestError as error:
        if getattr(error, "http_status", None) != 404:
            raise
