"""Register every djstripe model with the default admin site.

Models with an admin of their own are registered with it; every other mirrored
model (:func:`djstripe.sync.stripe_models`, and the polymorphic base of
legacy payment sources) gets :class:`~djstripe.admin.base.MirroredModelAdmin`
with the overrides of :mod:`djstripe.admin.overrides`, so a model added to
``djstripe.models`` appears in the admin without admin code.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib import admin

from .. import models
from ..sync import stripe_models
from .api_keys import APIKeyAdmin
from .base import MirroredModelAdmin
from .bookkeeping import (
    IdempotencyKeyAdmin,
    ObjectLockAdmin,
    PendingRereadAdmin,
    SyncCheckpointAdmin,
    SyncPendingLinkAdmin,
    SyncRunAdmin,
    TombstoneAdmin,
)
from .events import EventAdmin, WebhookEventTriggerAdmin
from .overrides import attributes_for
from .webhook_endpoints import WebhookEndpointAdmin

SPECIFIC: dict[str, type[admin.ModelAdmin]] = {
    "APIKey": APIKeyAdmin,
    "Event": EventAdmin,
    "WebhookEndpoint": WebhookEndpointAdmin,
    "WebhookEventTrigger": WebhookEventTriggerAdmin,
    "IdempotencyKey": IdempotencyKeyAdmin,
    "Tombstone": TombstoneAdmin,
    "PendingReread": PendingRereadAdmin,
    "SyncRun": SyncRunAdmin,
    "SyncCheckpoint": SyncCheckpointAdmin,
    "SyncPendingLink": SyncPendingLinkAdmin,
    "ObjectLock": ObjectLockAdmin,
}


def admin_class_for(model: Any) -> type[admin.ModelAdmin]:
    """The generic admin of a mirrored model, refined by its overrides."""
    attributes = attributes_for(model)
    return type(
        f"{model.__name__}Admin", (MirroredModelAdmin,), {"__module__": __name__, **attributes}
    )


def mirrored_models() -> list[Any]:
    """Every mirrored model, plus concrete bases that hold rows of several (sources)."""
    found = list(stripe_models())
    for model in apps.get_app_config("djstripe").get_models():
        if (
            issubclass(model, models.base.StripeModel)
            and model not in found
            and not model._meta.proxy
            and any(issubclass(child, model) for child in found)
        ):
            found.append(model)
    return found


def register(site: admin.AdminSite = admin.site) -> None:
    for name, admin_class in SPECIFIC.items():
        model = apps.get_model("djstripe", name)
        if not site.is_registered(model):
            site.register(model, admin_class)
    for model in mirrored_models():
        if not site.is_registered(model):
            site.register(model, admin_class_for(model))
