"""API keys stored in the database: the secret is typed in once and never shown again.

Everywhere the admin names a key (list, change page, history, delete confirmation,
messages) it shows :func:`djstripe.api_keys.mask_key`'s ``sk_test_...wxyz``. Adding
a key checks its form and asks Stripe which account it belongs to
(``GET /v1/account``), so a mistyped or revoked key is refused at once.
"""

from __future__ import annotations

from typing import Any

import stripe
from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..api_keys import KEY_PATTERN, key_type, mask_key, validate_secret_key
from ..exceptions import InvalidAPIKeyError
from ..models import APIKey
from .actions import describe
from .base import DeclaredAdmin
from .endpoint_forms import WriteOnlySecretField

#: What a saved key's page shows, read-only (the secret only redacted).
_SHOWN_READ_ONLY = (
    "secret_redacted",
    "type",
    "livemode",
    "show_djstripe_owner_account",
    "id",
    "created",
    "djstripe_created",
    "djstripe_updated",
)


class APIKeyForm(forms.ModelForm):
    """Name a key; type a new secret (required when adding, optional when changing)."""

    secret = WriteOnlySecretField(
        label=_("Secret"),
        max_length=128,
        help_text=_(
            "sk_live_/sk_test_ (secret), rk_ (restricted) or pk_ (publishable). Write-only: "
            "it is never shown again, only its first and last characters."
        ),
    )

    class Meta:
        model = APIKey
        fields = ("name", "secret")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.pop("secret", None)  # never sent back to the browser
        adding = self.instance._state.adding
        self.fields["secret"].required = adding
        if not adding:
            self.fields["secret"].label = _("New secret")
            self.fields["secret"].help_text = _(
                "Leave empty to keep %(masked)s; type a new key to replace it."
            ) % {"masked": self.instance.secret_redacted}
        self.account: Any = None

    def clean_secret(self) -> str:
        secret = self.cleaned_data.get("secret") or ""
        if not secret:
            return self.instance.secret  # changing: keep the stored key
        if secret.startswith("pk_"):
            if not KEY_PATTERN.match(secret):
                raise ValidationError(_("%(key)s is not a Stripe key.") % {"key": mask_key(secret)})
            return secret
        try:
            return validate_secret_key(secret)
        except InvalidAPIKeyError as error:
            raise ValidationError(str(error)) from error  # the message masks the key

    def clean(self) -> dict[str, Any]:
        super().clean()  # ModelForm.clean returns cleaned_data
        data = self.cleaned_data
        secret = data.get("secret")
        if self.errors or not secret or "secret" not in self.changed_data:
            return data
        probe = APIKey(secret=secret, type=key_type(secret))
        try:
            self.account = probe.refresh_account(commit=False)
        except stripe.PermissionError as error:
            if not secret.startswith("rk_"):
                raise ValidationError(
                    {
                        "secret": _("Stripe refused this key: %(reason)s")
                        % {"reason": describe(error)}
                    }
                ) from error
            self.account = None  # a restricted key may not read its account: kept without
        except stripe.AuthenticationError as error:
            raise ValidationError(
                {
                    "secret": _("Stripe did not accept this key: %(reason)s")
                    % {"reason": describe(error)}
                }
            ) from error
        except stripe.StripeError as error:
            raise ValidationError(
                _("Could not look up the key's account on Stripe: %(reason)s")
                % {"reason": describe(error)}
            ) from error
        return data


class APIKeyAdmin(DeclaredAdmin):
    form = APIKeyForm
    list_columns = (
        "__str__",
        "secret_redacted",
        "type",
        "livemode",
        "djstripe_owner_account",
        "djstripe_created",
    )
    list_filters = ("type", "livemode")
    text_search = ("name",)  # never the secret: the search box is no oracle
    related_lists = ()
    small_table = True  # a few keys

    @admin.display(description=_("secret"))
    def secret_redacted(self, obj: Any) -> str:
        return obj.secret_redacted

    def get_list_select_related(self, request: Any) -> tuple[str, ...]:
        return ("djstripe_owner_account",)

    # django-stubs wants fieldset options as a TypedDict of invariant lists; plain dicts
    # and lists of names are what Django reads.
    def get_fieldsets(  # type: ignore[override]
        self, request: Any, obj: Any = None
    ) -> list[tuple[Any, dict[str, Any]]]:
        if obj is None:
            return [(None, {"fields": ["name", "secret"]})]
        shown = list(_SHOWN_READ_ONLY)
        if self.has_change_permission(request, obj):
            return [(None, {"fields": ["name", "secret"]}), (_("Key"), {"fields": shown})]
        return [(None, {"fields": ["name", *shown]})]

    def get_readonly_fields(self, request: Any, obj: Any = None) -> list[str]:
        if obj is None:
            return []
        return list(_SHOWN_READ_ONLY)

    def save_model(self, request: Any, obj: Any, form: Any, change: bool) -> None:
        if "secret" in form.changed_data:
            obj.type = key_type(obj.secret)  # a replaced key may be of another kind
            obj.djstripe_owner_account = form.account
        super().save_model(request, obj, form, change)
