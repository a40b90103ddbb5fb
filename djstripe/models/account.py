"""The Stripe account (platform and connected) and the API keys that reach it."""

from __future__ import annotations

__all__ = ["Account", "AccountV2", "APIKey"]

import uuid
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .. import settings as djstripe_settings
from .. import stripe_api, sync
from ..actions import connect
from ..api_keys import KEY_PATTERN, key_type, livemode_of_key, mask_key
from ..connect import onboarding
from ..fields import (
    CaseSensitiveCharField,
    StripeCurrencyCodeField,
    StripeDateTimeField,
    StripeEnumField,
)
from ..properties import StripeProperty
from .account_v2 import AccountV2
from .base import ChildList, StripeModel
from .managers import AccountManager, APIKeyManager

#: AccountV2 lives in account_v2.py; dj-stripe code imports it from here too.
__all__ = ["APIKey", "APIKeyType", "Account", "AccountV2", "generate_api_key_id"]


class Account(StripeModel):
    """A Stripe account: the platform that owns an API key, or an account connected to it."""

    stripe_object = "account"
    mode_scoped = False  # a platform account is the same in live and test mode
    api_path = "/v1/accounts"
    stripe_dashboard_item_name = "connect/accounts"
    child_lists: ClassVar[tuple[ChildList, ...]] = (
        # Where a connected account is paid out: Cards and BankAccounts (``account.cards``,
        # ``account.bank_accounts``), paged past the first ten and pruned.
        ChildList(
            "external_accounts",
            "DjstripePaymentMethod",
            parent_field="account",
            nested_path="/v1/accounts/{id}/external_accounts",
        ),
    )

    email = models.CharField(max_length=255, default="", blank=True, db_index=True)
    country = models.CharField(max_length=2, default="", blank=True)
    default_currency = StripeCurrencyCodeField(default="", blank=True)
    type = StripeEnumField(default="", blank=True, db_index=True)
    business_name = models.CharField(max_length=255, default="", blank=True)
    charges_enabled = models.BooleanField(null=True)
    payouts_enabled = models.BooleanField(null=True)
    details_submitted = models.BooleanField(null=True)
    business_type = StripeEnumField(default="", blank=True)
    # Onboarding state (``requirements``), kept current by ``account.updated``.
    requirements_currently_due = models.JSONField(
        null=True, blank=True, help_text=_("Information Stripe needs now (requirement names).")
    )
    requirements_past_due = models.JSONField(
        null=True, blank=True, help_text=_("Information past its deadline (requirement names).")
    )
    requirements_disabled_reason = StripeEnumField(
        default="",
        blank=True,
        db_index=True,
        help_text=_("Why charges or payouts are disabled (empty when they are not)."),
    )
    requirements_current_deadline = StripeDateTimeField(null=True, blank=True, db_index=True)

    stripe_paths: ClassVar[dict[str, str]] = {
        "business_name": "business_profile.name",
        "requirements_currently_due": "requirements.currently_due",
        "requirements_past_due": "requirements.past_due",
        "requirements_disabled_reason": "requirements.disabled_reason",
        "requirements_current_deadline": "requirements.current_deadline",
    }
    objects: ClassVar[AccountManager] = AccountManager()

    business_profile = StripeProperty()
    capabilities = StripeProperty()
    company = StripeProperty()
    controller = StripeProperty()
    individual = StripeProperty()
    requirements = StripeProperty()
    future_requirements = StripeProperty()
    settings = StripeProperty()
    tos_acceptance = StripeProperty()
    business_url = StripeProperty("business_profile.url")
    product_description = StripeProperty("business_profile.product_description")
    branding_icon = StripeProperty("settings.branding.icon")
    branding_logo = StripeProperty("settings.branding.logo")
    external_accounts = StripeProperty()
    groups = StripeProperty()

    class Meta(StripeModel.Meta):
        verbose_name = _("account")

    def __str__(self) -> str:
        return self.business_name or self.email or self.id

    @classmethod
    def owner_for(cls, item: Any) -> str | None:
        """A connected account belongs to its platform; a platform account to nobody."""
        source = item.source
        if not source.stripe_account and item.stripe_id != source.owner_account:
            # Seen in the platform's own data: an account other than the platform is
            # connected to it. (In a connected account's data, the platform itself may
            # appear: only the key's platform account settles the owner then.)
            return source.owner_account

        try:
            _, platform = stripe_api.platform_account(source.api_key)
        except Exception:  # noqa: BLE001 - the owner is optional
            return None
        return None if platform == item.stripe_id else platform

    @classmethod
    def fetch_for_reference(
        cls, stripe_id: str, *, api_key: str | None, stripe_account: str | None
    ) -> tuple[dict[str, Any], int]:
        _, platform = stripe_api.platform_account(api_key)
        if stripe_id in (platform, stripe_account):
            return stripe_api.retrieve(
                "/v1/account",
                api_key=api_key,
                stripe_account=None if stripe_id == platform else stripe_id,
            )
        return stripe_api.retrieve(cls.retrieve_path(stripe_id), api_key=api_key)

    @classmethod
    def get_or_retrieve_for_api_key(cls, api_key: str) -> Account:
        """The platform account that owns ``api_key``, synced from ``GET /v1/account``."""

        data, stamp = stripe_api.retrieve("/v1/account", api_key=api_key)
        stripe_api.remember_platform_account(api_key, data["id"])  # owner_for asks for it
        return sync.sync_read(cls, data, stamp, api_key=api_key, owner_account=data["id"])

    @classmethod
    def get_default_account(cls, api_key: str | None = None) -> Account | None:
        """The platform account of ``api_key`` (default: the settings' secret key).

        ``None`` for a restricted key (``rk_``): Stripe lets no restricted key read
        ``GET /v1/account``.
        """
        key = api_key or djstripe_settings.secret_key()
        if key.startswith("rk_"):
            return None
        return cls.get_or_retrieve_for_api_key(key)

    def get_default_api_key(self, livemode: bool | None = None) -> str:
        """A secret key of this account stored as an :class:`APIKey` (of that mode),
        else the settings' key for the mode."""
        mode = self.livemode if livemode is None else livemode
        keys = APIKey.objects.filter(djstripe_owner_account=self, type=APIKeyType.secret)
        if livemode is not None:
            keys = keys.filter(livemode=livemode)
        key = keys.order_by("djstripe_id").first()
        return key.secret if key else djstripe_settings.default_api_key(mode)

    # ---- Onboarding (see djstripe.connect.onboarding and docs/connect-onboarding.md) ----
    @property
    def is_onboarded(self) -> bool:
        """Whether details are submitted, charges and payouts enabled, nothing due."""
        return onboarding.is_onboarded(self)

    def create_onboarding_link(
        self,
        *,
        refresh_url: str,
        return_url: str,
        link_type: str = "account_onboarding",
        **kwargs: Any,
    ) -> dict[str, Any]:
        """A short-lived Account Link to Stripe's hosted onboarding (never stored):
        redirect the account's owner to its ``url`` now."""
        return onboarding.create_account_link(
            self, refresh_url=refresh_url, return_url=return_url, link_type=link_type, **kwargs
        )

    def create_login_link(self, **kwargs: Any) -> dict[str, Any]:
        """A single-use login link to the Express dashboard (never stored)."""
        return onboarding.create_login_link(self, **kwargs)

    def api_reject(
        self, api_key: str | None = None, stripe_account: str | None = None, **kwargs: Any
    ) -> Any:
        """Reject this connected account (``POST /v1/accounts/{id}/reject``, with
        ``reason=``); the account Stripe answers with is mirrored and returned as a
        ``StripeObject``, as dj-stripe returns it."""
        return connect.reject_account(
            self, api_key=api_key, stripe_account=stripe_account, **kwargs
        )


def generate_api_key_id() -> str:
    return f"djstripe_mk_{uuid.uuid4().hex}"


class APIKeyType(models.TextChoices):
    publishable = "publishable", _("Publishable key")
    secret = "secret", _("Secret key")
    restricted = "restricted", _("Restricted key")


class APIKey(models.Model):
    """A Stripe API key stored in the database (dj-stripe's model; the secret is masked
    wherever it is shown)."""

    djstripe_id = models.BigAutoField(verbose_name="ID", primary_key=True, serialize=False)
    id = models.CharField(max_length=255, default=generate_api_key_id, editable=False, unique=True)
    type = StripeEnumField(enum=APIKeyType)
    name = models.CharField(max_length=100, blank=True, default="")
    secret = CaseSensitiveCharField(max_length=128, unique=True)
    livemode = models.BooleanField()
    created = models.DateTimeField(null=True, blank=True)
    djstripe_owner_account = models.ForeignKey(
        Account,
        on_delete=models.CASCADE,
        to_field="id",
        null=True,
        blank=True,
        related_name="api_keys",
    )
    djstripe_created = models.DateTimeField(auto_now_add=True, editable=False)
    djstripe_updated = models.DateTimeField(auto_now=True, editable=False)

    objects = APIKeyManager()

    class Meta:
        verbose_name = _("API key")

    def __str__(self) -> str:
        return self.name or self.secret_redacted

    def __repr__(self) -> str:
        return f"<APIKey {self.type} {self.secret_redacted}>"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.secret:
            self.type = self.type or key_type(self.secret)
            mode = livemode_of_key(self.secret)
            if mode is not None:
                self.livemode = mode
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if not KEY_PATTERN.match(self.secret or ""):
            raise ValidationError({"secret": _("This is not a Stripe API key.")})

    @property
    def secret_redacted(self) -> str:
        return mask_key(self.secret)

    def refresh_account(self, commit: bool = True) -> Account | None:
        """Look up (and sync) the account this key belongs to."""
        if self.type == APIKeyType.publishable:
            return None
        account = Account.get_or_retrieve_for_api_key(self.secret)
        self.djstripe_owner_account = account
        if commit:
            self.save()
        return account
