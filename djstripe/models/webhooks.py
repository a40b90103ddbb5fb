"""Webhook endpoints and the deliveries they received."""

from __future__ import annotations

__all__ = ["WebhookEndpoint", "WebhookEventTrigger"]

import datetime
import json
import uuid
from typing import Any, ClassVar

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from .. import __version__, stripe_api
from .. import settings as djstripe_settings
from ..enums import WebhookEndpointStatus, WebhookEndpointValidation
from ..error_reports import hide_secrets
from ..fields import StripeEnumField, StripeFieldMixin, StripeForeignKey
from . import delegates
from .base import StripeModel

#: Namespace of the uuid given to an endpoint synced without ``metadata.djstripe_uuid``.
UUID_NAMESPACE = uuid.UUID("6c0ae3b6-3f2b-4d1e-9a55-2f1d0e8c7a41")


def default_validation_method() -> str:
    """New endpoints validate as ``DJSTRIPE_WEBHOOK_VALIDATION`` says (verify_signature)."""
    return djstripe_settings.webhook_validation()


def default_tolerance() -> int:
    """New endpoints accept signatures dated ``DJSTRIPE_WEBHOOK_TOLERANCE`` seconds (300)
    before or after now; never 0, which would read as "no limit"."""
    return djstripe_settings.webhook_tolerance()


class ConnectFlagField(StripeFieldMixin, models.BooleanField):
    """Whether an endpoint receives the events of connected accounts (a Connect endpoint).

    Stripe takes ``connect=true`` when an endpoint is created but does not return it:
    a Connect endpoint is reported with ``application``, the platform's Connect
    application (``ca_...``), which account endpoints have as null.
    """

    def from_stripe(self, value: Any, data: dict[str, Any]) -> Any:
        if isinstance(value, bool):
            return value
        return bool(data.get("application"))


def djstripe_version() -> str:
    return __version__[:32]


class WebhookEndpoint(StripeModel):
    """A Stripe webhook endpoint; djstripe receives its deliveries at ``webhook/<uuid>/``.

    ``secret`` is the signing secret (Stripe shows it only when the endpoint is
    created; a later sync without it keeps the stored one). While a secret is
    being rolled, :meth:`roll_secret` keeps the previous one valid until a stated
    time, so deliveries signed with either are accepted.
    """

    stripe_object = "webhook_endpoint"
    api_path = "/v1/webhook_endpoints"
    stripe_dashboard_item_name = "webhooks"
    # GET /v1/webhook_endpoints lists neither event destinations (ed_..., read from
    # /v2/core/event_destinations) nor stripe_listen's local endpoints: never pruned.
    list_holds_all = False
    stripe_paths: ClassVar[dict[str, str]] = {"djstripe_uuid": "metadata.djstripe_uuid"}
    sticky_fields: ClassVar[tuple[str, ...]] = ("secret", "djstripe_uuid")
    local_fields: ClassVar[tuple[str, ...]] = (
        "djstripe_tolerance",
        "djstripe_validation_method",
        "djstripe_previous_secret",
        "djstripe_previous_secret_expires",
    )

    api_version = models.CharField(
        max_length=64,
        default="",
        blank=True,
        help_text=_("The API version events are rendered at for this endpoint."),
    )
    enabled_events = models.JSONField(default=list, help_text=_("Event types sent ('*': all)."))
    secret = models.CharField(
        max_length=256,
        null=True,
        blank=True,
        help_text=_("The signing secret (whsec_...); Stripe shows it only on creation."),
    )
    status = StripeEnumField(enum=WebhookEndpointStatus, default="", blank=True)
    url = models.URLField(max_length=2048, default="", blank=True)
    application = models.CharField(max_length=255, default="", blank=True)
    connect = ConnectFlagField(
        default=False,
        help_text=_(
            "Whether the endpoint receives events of connected accounts (a Connect "
            "endpoint) rather than the account's own."
        ),
    )
    djstripe_uuid = models.UUIDField(
        null=True,
        unique=True,
        default=uuid.uuid4,
        help_text=_("Identifies the endpoint in its djstripe URL (webhook/<uuid>/)."),
    )
    djstripe_tolerance = models.PositiveSmallIntegerField(
        default=default_tolerance,
        help_text=_(
            "Seconds a delivery's signature timestamp may be away from now, either way "
            "(replay protection; 0 means DJSTRIPE_WEBHOOK_TOLERANCE, never no limit)."
        ),
    )
    djstripe_validation_method = StripeEnumField(
        enum=WebhookEndpointValidation,
        default=default_validation_method,
        help_text=_("verify_signature (default), retrieve_event or none."),
    )
    djstripe_previous_secret = models.CharField(
        max_length=256,
        default="",
        blank=True,
        help_text=_("The secret before the last roll, accepted until it expires."),
    )
    djstripe_previous_secret_expires = models.DateTimeField(null=True, blank=True)

    class Meta(StripeModel.Meta):
        verbose_name = _("webhook endpoint")

    def __str__(self) -> str:
        return self.url or self.id

    # ---- secrets ----
    def accepted_secrets(self, now: datetime.datetime | None = None) -> list[str]:
        """The secrets a delivery may be signed with now: the current one, and the
        previous one until it expires."""
        secrets = [self.secret] if self.secret else []
        expires = self.djstripe_previous_secret_expires
        if self.djstripe_previous_secret and expires and (now or timezone.now()) < expires:
            secrets.append(self.djstripe_previous_secret)
        return secrets

    def roll_secret(
        self,
        new_secret: str,
        *,
        previous_expires_at: datetime.datetime | None = None,
        previous_valid_for: datetime.timedelta = datetime.timedelta(hours=24),
    ) -> None:
        """Use ``new_secret`` from now on; accept the current one until it expires.

        Match the expiry you chose when rolling the secret in Stripe's dashboard
        (``previous_expires_at``, or ``previous_valid_for`` from now).
        """
        if self.secret and self.secret != new_secret:
            self.djstripe_previous_secret = self.secret
            self.djstripe_previous_secret_expires = previous_expires_at or (
                timezone.now() + previous_valid_for
            )
        self.secret = new_secret
        self.save(
            update_fields=[
                "secret",
                "djstripe_previous_secret",
                "djstripe_previous_secret_expires",
                "djstripe_updated",
            ]
        )

    # ---- where Stripe sends deliveries ----
    def get_absolute_url(self) -> str:
        """The path of this endpoint's webhook view (``/stripe/webhook/<uuid>/``)."""
        return reverse("djstripe:djstripe_webhook_by_uuid", kwargs={"uuid": self.djstripe_uuid})

    @classmethod
    def create_for_site(
        cls,
        base_url: str,
        *,
        enabled_events: list[str] | tuple[str, ...] = ("*",),
        api_key: str | None = None,
        connect: bool = False,
        description: str = "",
        api_version: str | None = None,
    ) -> WebhookEndpoint:
        """Create an endpoint on Stripe that delivers to this site, and mirror it.

        ``base_url`` is the site's origin (``https://example.com``); the endpoint's
        URL is that plus this endpoint's webhook path. The response carries the
        signing secret, which is stored.
        """
        endpoint_uuid = uuid.uuid4()
        path = reverse("djstripe:djstripe_webhook_by_uuid", kwargs={"uuid": endpoint_uuid})
        params: dict[str, Any] = {
            "url": base_url.rstrip("/") + path,
            "enabled_events": list(enabled_events),
            "metadata": {"djstripe_uuid": str(endpoint_uuid)},
            "api_version": api_version or djstripe_settings.api_version(),
        }
        if connect:
            params["connect"] = True
        if description:
            params["description"] = description
        data = stripe_api.create(cls.api_list_path(), params, api_key=api_key)
        return cls.sync_from_stripe_data(data, api_key=api_key)

    @classmethod
    def after_sync(cls, stripe_ids: list[str], *, using: str) -> None:
        """Give endpoints synced without ``metadata.djstripe_uuid`` a stable uuid."""
        missing = cls._base_manager.using(using).filter(id__in=stripe_ids, djstripe_uuid=None)
        for stripe_id in missing.values_list("id", flat=True):
            cls._base_manager.using(using).filter(id=stripe_id, djstripe_uuid=None).update(
                djstripe_uuid=uuid.uuid5(UUID_NAMESPACE, stripe_id)
            )


class WebhookEventTrigger(models.Model):
    """One verified delivery received by a webhook endpoint (dj-stripe's record).

    Requests that fail verification are not stored (anyone can send them); they
    are logged to the ``djstripe.webhooks.security`` logger instead.
    ``Authorization`` and ``Cookie`` headers are never stored.
    """

    id = models.BigAutoField(primary_key=True)
    remote_ip = models.GenericIPAddressField(help_text=_("IP address of the request client."))
    headers = models.JSONField(default=dict)
    body = models.TextField(blank=True)
    valid = models.BooleanField(
        default=False, help_text=_("Whether the delivery passed verification.")
    )
    processed = models.BooleanField(
        default=False, help_text=_("Whether the event it carried has been processed.")
    )
    exception = models.CharField(max_length=128, blank=True)
    traceback = models.TextField(
        blank=True, help_text=_("Traceback if an exception was raised during processing.")
    )
    event = StripeForeignKey(
        "djstripe.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        db_constraint=False,
        help_text=_("The event carried by the delivery."),
    )
    djstripe_version = models.CharField(
        max_length=32,
        default=djstripe_version,
        help_text=_("The djstripe version that received the delivery."),
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    stripe_trigger_account = StripeForeignKey(
        "djstripe.Account",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        help_text=_("The account of the endpoint that received the delivery."),
    )
    webhook_endpoint = StripeForeignKey(
        WebhookEndpoint,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        help_text=_("The endpoint that received the delivery."),
    )

    class Meta:
        verbose_name = _("webhook event trigger")
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"id={self.id}, valid={self.valid}, processed={self.processed}"

    @classmethod
    def from_request(cls, request: Any, *, webhook_endpoint: WebhookEndpoint) -> Any:
        """Receive a Stripe delivery in a view of your own, as the webhook view does.

        Verifies the request against ``webhook_endpoint``, records it and processes its
        event (inline, or queued with ``DJSTRIPE_WEBHOOK_PROCESSING = "task"``).
        Returns the trigger: ``valid`` says whether it passed verification (a
        delivery that did not is not stored), ``processed`` whether its event ran.
        """
        receive = delegates.get(delegates.RECEIVE)
        return receive(request, webhook_endpoint)[0]

    @cached_property
    def json_body(self) -> Any:
        try:
            return json.loads(self.body)
        except ValueError:
            return {}

    @property
    def is_test_event(self) -> bool:
        """Whether the delivery is Stripe's dashboard test event (an all-zero id)."""
        event_id = (self.json_body or {}).get("id") or ""
        return isinstance(event_id, str) and event_id.endswith("_00000000000000")

    @hide_secrets
    def process(self, save: bool = True, api_key: str | None = None) -> Any:
        """Run the handlers of the event this delivery carried, once (dj-stripe's method)."""
        # lazy: cycle: models.events -> models -> models.webhooks
        from .events import Event

        event = Event.process(self.json_body, api_key=api_key)
        self.event_id = event.id
        self.processed = event.is_processed
        if save:
            self.save(update_fields=["event", "processed", "updated"])
        return event


def get_remote_ip(request: Any) -> str:
    """The client address of a delivery (dj-stripe's name; see ``webhooks.recording``)."""
    remote_ip = delegates.get(delegates.REMOTE_IP)
    return remote_ip(request)
