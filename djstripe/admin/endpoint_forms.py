"""Forms of the webhook endpoint admin: every change is made on Stripe first.

Stripe's answer (or refusal) is needed to validate the form, so the request to
Stripe is sent from ``clean()``, once everything else is valid: a refusal is shown
as a form error and nothing is stored; an answer is synced into the mirror.
"""

from __future__ import annotations

import re
from typing import Any, cast

import stripe
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from .. import settings as djstripe_settings
from ..actions import calls
from ..api_keys import livemode_of_key, mask_key
from ..enums import WebhookEndpointValidation
from ..helpers.webhook_endpoints import ensure_endpoint
from ..models import APIKey, WebhookEndpoint
from ..signals import ENABLED_EVENTS
from .actions import describe

SECRET_PREFIX = "whsec_"


class EventTypesField(forms.CharField):
    """Event types, one per line (or separated by commas or spaces); ``*`` for all."""

    widget = forms.Textarea(attrs={"rows": 4, "cols": 60})

    def prepare_value(self, value: Any) -> Any:
        return "\n".join(value) if isinstance(value, list | tuple) else value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        return sorted({part for part in re.split(r"[\s,]+", text) if part})

    def validate(self, value: list[str]) -> None:  # type: ignore[override]

        if not value:
            raise ValidationError(_("Give at least one event type (or * for all)."))
        unknown = [name for name in value if name not in ENABLED_EVENTS]
        if unknown:
            raise ValidationError(
                _("Not Stripe event types: %(names)s.") % {"names": ", ".join(unknown)}
            )


class WriteOnlySecretField(forms.CharField):
    """A secret that is typed in, never shown: empty keeps the stored one."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("strip", True)
        kwargs.setdefault("widget", forms.PasswordInput(render_value=False))
        super().__init__(**kwargs)

    def has_changed(self, initial: Any, data: Any) -> bool:
        return bool(data)


def key_choices() -> list[tuple[str, str]]:
    """The secret keys an endpoint can be made with, named without revealing them."""
    choices = []
    for position, key in enumerate(djstripe_settings.api_keys_from_settings()):
        mode = _("live") if livemode_of_key(key) else _("test")
        choices.append((f"settings:{position}", f"{mask_key(key)} ({mode}, settings)"))
    for row in APIKey.objects.exclude(type="publishable").order_by("name", "pk"):
        mode = _("live") if row.livemode else _("test")
        label = row.name or row.secret_redacted
        choices.append((f"db:{row.pk}", f"{label} ({mode}, {row.secret_redacted})"))
    return choices


def resolve_key(choice: str) -> str:
    kind, _sep, ref = choice.partition(":")
    if kind == "settings":
        keys = djstripe_settings.api_keys_from_settings()
        if ref.isdigit() and int(ref) < len(keys):
            return keys[int(ref)]
    elif kind == "db" and ref.isdigit():
        secret = APIKey.objects.filter(pk=int(ref)).values_list("secret", flat=True).first()
        if secret:
            return secret
    raise ValidationError(_("Choose one of the configured API keys."))


def validate_base_url(value: str) -> str:
    URLValidator(schemes=["https", "http"])(value)
    if "?" in value or "#" in value:
        raise ValidationError(_("Give the site's origin, without ? or #."))
    return value.rstrip("/")


class EndpointAddForm(forms.ModelForm):
    """Create the endpoint that delivers this site's events (as ``djstripe_webhook_endpoint``)."""

    base_url = forms.CharField(
        label=_("Base URL"),
        max_length=1024,
        widget=forms.TextInput(attrs={"class": "vURLField"}),
        help_text=_(
            "The site's public origin, e.g. https://example.com. Stripe will deliver to "
            "this URL plus djstripe's webhook path (/stripe/webhook/ and the endpoint's uuid)."
        ),
    )
    enabled_events = EventTypesField(
        label=_("Enabled events"), help_text=_("One event type per line; * for every event.")
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=5000,
        widget=forms.TextInput(attrs={"class": "vTextField"}),
    )
    connect = forms.BooleanField(
        label=_("Connect"),
        required=False,
        help_text=_("Receive the events of connected accounts (Stripe Connect)."),
    )
    api_key = forms.ChoiceField(
        label=_("Account"), help_text=_("The API key of the account the endpoint is made in.")
    )
    replace_existing = forms.BooleanField(
        label=_("Replace this site's other endpoints"),
        required=False,
        help_text=_(
            "Delete, on Stripe, this site's other djstripe endpoints in the same mode (so "
            "every event arrives once)."
        ),
    )

    class Meta:
        model = WebhookEndpoint
        fields: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = key_choices()
        cast(forms.ChoiceField, self.fields["api_key"]).choices = choices
        if choices and not self.initial.get("api_key"):
            self.initial["api_key"] = _default_choice(choices)
        self.result: Any = None

    def clean_base_url(self) -> str:
        return validate_base_url(self.cleaned_data["base_url"])

    def clean(self) -> dict[str, Any]:
        super().clean()  # ModelForm.clean returns cleaned_data
        data = self.cleaned_data
        if self.errors:
            return data

        try:
            self.result = ensure_endpoint(
                data["base_url"],
                events=data["enabled_events"],
                connect=data["connect"],
                description=data["description"] or None,
                api_key=resolve_key(data["api_key"]),
                keep_old=not data["replace_existing"],
            )
        except stripe.StripeError as error:
            raise ValidationError(
                _("Stripe refused: %(reason)s") % {"reason": describe(error)}
            ) from error
        return data

    def save(self, commit: bool = True) -> Any:
        """The endpoint is already created and mirrored: return its row."""
        return self.result.endpoint

    def save_m2m(self) -> None:
        """Nothing to save: Stripe's answer was mirrored in ``clean()``."""


class EndpointChangeForm(forms.ModelForm):
    """Edit an endpoint on Stripe (URL, events, description, enabled) and its local settings."""

    url = forms.URLField(
        label=_("URL"),
        max_length=2048,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"class": "vURLField"}),
    )
    enabled_events = EventTypesField(label=_("Enabled events"))
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=5000,
        widget=forms.TextInput(attrs={"class": "vTextField"}),
    )
    enabled = forms.BooleanField(
        label=_("Enabled"), required=False, help_text=_("Whether Stripe sends events to it.")
    )
    new_secret = WriteOnlySecretField(
        label=_("New signing secret"),
        help_text=_(
            "Write-only: leave empty to keep the stored secret. Set it for an endpoint made "
            "elsewhere (Stripe shows the secret only when an endpoint is created)."
        ),
    )
    djstripe_validation_method = forms.ChoiceField(
        label=_("Validation"), choices=WebhookEndpointValidation.choices
    )

    class Meta:
        model = WebhookEndpoint
        fields = ("djstripe_tolerance", "djstripe_validation_method")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        endpoint = self.instance
        self.initial.update(
            url=endpoint.url,
            enabled_events=list(endpoint.enabled_events or []),
            description=endpoint.description or "",
            enabled=endpoint.status != "disabled",
        )
        self.updated: Any = None

    def clean_new_secret(self) -> str:
        secret = self.cleaned_data.get("new_secret") or ""
        if secret and not secret.startswith(SECRET_PREFIX):
            raise ValidationError(_("A signing secret starts with whsec_."))
        return secret

    def stripe_changes(self) -> dict[str, Any]:
        data, endpoint = self.cleaned_data, self.instance
        changes: dict[str, Any] = {}
        if data["url"] != endpoint.url:
            changes["url"] = data["url"]
        if data["enabled_events"] != sorted(endpoint.enabled_events or []):
            changes["enabled_events"] = data["enabled_events"]
        if data["description"] != (endpoint.description or ""):
            changes["description"] = data["description"]
        if data["enabled"] != (endpoint.status != "disabled"):
            changes["disabled"] = not data["enabled"]
        return changes

    def clean(self) -> dict[str, Any]:
        super().clean()  # ModelForm.clean returns cleaned_data
        data = self.cleaned_data
        if self.errors:
            return data
        changes = self.stripe_changes()
        if changes:
            endpoint = self.instance
            try:
                self.updated = calls.write(
                    WebhookEndpoint,
                    "post",
                    WebhookEndpoint.retrieve_path(endpoint.id),
                    changes,
                    api_key=endpoint.default_api_key,
                    stripe_account=endpoint._stripe_account_id(),
                )
            except stripe.StripeError as error:
                raise ValidationError(
                    _("Stripe refused: %(reason)s") % {"reason": describe(error)}
                ) from error
        return data


def _default_choice(choices: list[tuple[str, str]]) -> str:
    """The settings' key of the active mode, else the first."""
    active = djstripe_settings.secret_key()
    for position, key in enumerate(djstripe_settings.api_keys_from_settings()):
        if key == active:
            return f"settings:{position}"
    return choices[0][0]
