"""The Stripe account (platform and connected) and the API keys that reach it."""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.db import models
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from ..api_keys import key_type, livemode_of_key, mask_key
from ..fields import CaseSensitiveCharField, StripeCurrencyCodeField, StripeEnumField
from ..properties import StripeProperty
from .base import ChildList, StripeModel
from .managers import APIKeyManager


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

    stripe_paths: ClassVar[dict[str, str]] = {"business_name": "business_profile.name"}

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
        from .. import stripe_api

        try:
            _, platform = stripe_api.platform_account(source.api_key)
        except Exception:  # noqa: BLE001 - the owner is optional
            return None
        return None if platform == item.stripe_id else platform

    @classmethod
    def fetch_for_reference(
        cls, stripe_id: str, *, api_key: str | None, stripe_account: str | None
    ) -> tuple[dict[str, Any], int]:
        from .. import stripe_api

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
        from .. import stripe_api
        from ..sync.source import Source

        data, stamp = stripe_api.retrieve("/v1/account", api_key=api_key)
        stripe_api.remember_platform_account(api_key, data["id"])  # owner_for asks for it
        source = Source.api(stamp=stamp, api_key=api_key, owner_account=data["id"])
        return cls.sync_from_stripe_data(data, api_key=api_key, source=source)

    @classmethod
    def get_default_account(cls, api_key: str | None = None) -> Account | None:
        """The platform account of ``api_key`` (default: the settings' secret key).

        ``None`` for a restricted key (``rk_``): Stripe lets no restricted key read
        ``GET /v1/account``.
        """
        from .. import settings as djstripe_settings

        key = api_key or djstripe_settings.secret_key()
        if key.startswith("rk_"):
            return None
        return cls.get_or_retrieve_for_api_key(key)

    def get_default_api_key(self, livemode: bool | None = None) -> str:
        """A secret key of this account stored as an :class:`APIKey` (of that mode),
        else the settings' key for the mode."""
        from .. import settings as djstripe_settings

        mode = self.livemode if livemode is None else livemode
        keys = APIKey.objects.filter(djstripe_owner_account=self, type=APIKeyType.secret)
        if livemode is not None:
            keys = keys.filter(livemode=livemode)
        key = keys.order_by("djstripe_id").first()
        return key.secret if key else djstripe_settings.default_api_key(mode)

    def api_reject(
        self, api_key: str | None = None, stripe_account: str | None = None, **kwargs: Any
    ) -> Any:
        """Reject this connected account (``POST /v1/accounts/{id}/reject``, with
        ``reason=``); the account Stripe answers with is mirrored and returned as a
        ``StripeObject``, as dj-stripe returns it."""
        from .. import stripe_api
        from ..helpers.calls import send, sync

        key = api_key or self.default_api_key
        response = send(
            "post",
            f"{self.retrieve_path(self.id)}/reject",
            kwargs,
            api_key=key,
            stripe_account=stripe_account,
        )
        sync(type(self), response, api_key=key, stripe_account=stripe_account)
        return stripe_api.to_stripe_object(response.data)


class AccountV2(StripeModel):
    """An account of Stripe's v2 Accounts API (``v2.core.account``): a company or person
    with configurations (customer, merchant, recipient), mirrored as Stripe sends it.

    The v2 API differs from v1: its objects carry ``created`` as an RFC 3339 string,
    and it is not reached by the v1 client, so rows come from
    ``sync_from_stripe_data`` with data your code received (``djstripe_sync_models``
    does not list them).
    """

    stripe_object = "v2.core.account"
    listable = False
    stripe_dashboard_item_name = "connect/accounts"
    dashboard = StripeEnumField(default="", blank=True)

    applied_configurations = StripeProperty(default=())
    closed = StripeProperty(default=False)
    configuration = StripeProperty()
    contact_email = StripeProperty(default="")
    contact_phone = StripeProperty(default="")
    defaults = StripeProperty()
    display_name = StripeProperty(default="")
    future_requirements = StripeProperty()
    identity = StripeProperty()
    requirements = StripeProperty()

    class Meta(StripeModel.Meta):
        verbose_name = _("account (v2)")

    def __str__(self) -> str:
        return self.display_name or self.id

    @classmethod
    def adjust_values(cls, item: Any, values: dict[str, Any]) -> None:
        """``created`` is an RFC 3339 string in the v2 API (an epoch in v1)."""
        created = item.data.get("created")
        if isinstance(created, str):
            try:
                values["created"] = parse_datetime(created)
            except ValueError:  # well-formed but impossible: keep it in stripe_data only
                values["created"] = None


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
        from django.core.exceptions import ValidationError

        from ..api_keys import KEY_PATTERN

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
