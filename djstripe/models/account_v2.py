"""Accounts of Stripe's v2 Accounts API (``v2.core.account``), read from the v2 API."""

from __future__ import annotations

__all__ = ["AccountV2"]

from collections.abc import Iterator
from typing import Any, ClassVar

from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from .. import stripe_api, sync
from ..fields import StripeEnumField
from ..properties import StripeProperty
from .base import StripeModel

#: What ``GET /v2/core/accounts/{id}`` must ``include`` for every field the model shows:
#: without it, Stripe answers these fields as null.
INCLUDE = (
    "configuration.customer",
    "configuration.merchant",
    "configuration.recipient",
    "defaults",
    "future_requirements",
    "identity",
    "requirements",
)
#: Page size of ``GET /v2/core/accounts`` (Stripe's maximum).
PAGE_SIZE = 100


class AccountV2(StripeModel):
    """An account of Stripe's v2 Accounts API (``v2.core.account``): a company or person
    with configurations (customer, merchant, recipient), mirrored as Stripe sends it.

    The v2 API differs from v1: its objects carry ``created`` as an RFC 3339 string,
    JSON requests name a connected account in ``Stripe-Context``, and an account's
    larger fields are returned only when asked for (:data:`INCLUDE`). Rows come from
    the v2 API (:meth:`sync_from_stripe`, :meth:`sync_all_from_stripe`, and the thin
    ``v2.core.account.*`` events an event destination delivers), or from
    ``sync_from_stripe_data`` with data your code received. ``djstripe_sync_models``
    does not list them (v2 lists page by ``next_page_url``, not by id).
    """

    stripe_object = "v2.core.account"
    api_path = "/v2/core/accounts"
    listable = False
    stripe_dashboard_item_name = "connect/accounts"
    include: ClassVar[tuple[str, ...]] = INCLUDE
    """``include`` values of every read (the fields below that Stripe hides by default)."""

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

    # ---- reading from the v2 API ----
    @classmethod
    def fetch_for_reference(
        cls, stripe_id: str, *, api_key: str | None, stripe_account: str | None
    ) -> tuple[dict[str, Any], int]:
        """``GET /v2/core/accounts/{id}`` with :data:`INCLUDE`: (data, Stripe time)."""
        response = stripe_api.request(
            "get",
            cls.retrieve_path(stripe_id),
            {"include": list(cls.include)},
            api_key=api_key,
            stripe_account=stripe_account,
        )
        return response.data, response.stamp

    def api_retrieve(self, api_key: str | None = None, stripe_account: str | None = None) -> Any:
        """The account as Stripe has it now (a ``StripeObject``), with every included field."""
        data, _ = type(self).fetch_for_reference(
            self.id, api_key=api_key or self.default_api_key, stripe_account=stripe_account
        )
        return stripe_api.to_stripe_object(data)

    @classmethod
    def sync_from_stripe(
        cls, stripe_id: str, *, api_key: str | None = None, stripe_account: str | None = None
    ) -> AccountV2:
        """Read the account from the v2 API and mirror it (stamped with Stripe's time)."""
        data, stamp = cls.fetch_for_reference(
            stripe_id, api_key=api_key, stripe_account=stripe_account
        )
        return sync.sync_read(cls, data, stamp, api_key=api_key, stripe_account=stripe_account)

    @classmethod
    def sync_all_from_stripe(cls, *, api_key: str | None = None) -> int:
        """Mirror every v2 account of the platform, a page of 100 at a time; return how many."""
        count = 0
        for page, stamp in _pages(cls, api_key=api_key):
            sync.sync_page(cls, page, source=sync.Source.api(stamp, api_key=api_key))
            count += len(page)
        return count


def _pages(model: Any, *, api_key: str | None) -> Iterator[tuple[list[dict[str, Any]], int]]:
    """Pages of ``GET /v2/core/accounts``, following ``next_page_url`` to the end."""
    path: str | None = model.api_path
    params: dict[str, Any] | None = {"limit": PAGE_SIZE, "include": list(model.include)}
    while path:
        response = stripe_api.request("get", path, params, api_key=api_key)
        data = response.data if isinstance(response.data, dict) else {}
        page = [obj for obj in data.get("data") or [] if isinstance(obj, dict) and obj.get("id")]
        yield page, response.stamp
        following = data.get("next_page_url")
        path, params = (
            (following, None) if isinstance(following, str) and following else (None, None)
        )
