"""Objects that Stripe serves only under their parent (``/v1/transfers/{id}/reversals/{rev}``).

They have no collection of their own: listing, retrieving and updating go through
the parent's URL, so these models know their parent's foreign key and the URL
template of the parent's list.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

from .. import stripe_api
from ..fields import stripe_id_of
from .base import StripeModel


class NestedStripeModel(StripeModel):
    """A Stripe object reached through its parent's URL."""

    listable = False
    parent_field: ClassVar[str] = ""
    """Foreign key to the parent the object lives under (``transfer``)."""
    nested_path: ClassVar[str] = ""
    """URL of the parent's list of these objects, with ``{id}`` for the parent's id."""

    class Meta(StripeModel.Meta):
        abstract = True

    @classmethod
    def nested_list_path(cls, parent_id: str) -> str:
        return stripe_api.path(cls.nested_path, id=parent_id)

    def parent_stripe_id(self) -> str | None:
        """The parent's Stripe id: the foreign key, else the raw data."""
        stored = getattr(self, f"{self.parent_field}_id", None)
        return stored or stripe_id_of((self.stripe_data or {}).get(self.parent_field))

    def nested_retrieve_path(self) -> str:
        parent_id = self.parent_stripe_id()
        if not parent_id:
            raise ValueError(
                f"{type(self).__name__} {self.id} has no {self.parent_field}: Stripe serves it "
                f"only under its {self.parent_field}."
            )

        return f"{self.nested_list_path(parent_id)}/{stripe_api.quote_id(self.id)}"

    # ---- the API, through the parent's URL ----
    @classmethod
    def api_list(  # type: ignore[override]
        cls,
        api_key: str | None = None,
        *,
        id: str,  # noqa: A002 - dj-stripe's keyword for the parent's id
        **params: Any,
    ) -> Iterator[Any]:
        """Every object under the parent ``id``, all pages."""
        path = cls.nested_list_path(id)
        for obj in stripe_api.iterate(path, api_key=api_key, params=params):
            yield stripe_api.to_stripe_object(obj)

    @classmethod
    def _api_create(  # type: ignore[override]
        cls,
        api_key: str | None = None,
        *,
        id: str,  # noqa: A002 - dj-stripe's keyword for the parent's id
        **params: Any,
    ) -> Any:
        path = cls.nested_list_path(id)
        return stripe_api.to_stripe_object(stripe_api.create(path, params, api_key=api_key))

    def api_retrieve(self, api_key: str | None = None, stripe_account: str | None = None) -> Any:
        data, _ = stripe_api.retrieve(
            self.nested_retrieve_path(),
            api_key=api_key or self.default_api_key,
            stripe_account=stripe_account or self._stripe_account_id(),
        )
        return stripe_api.to_stripe_object(data)

    def _api_update(self, api_key: str | None = None, **params: Any) -> Any:
        account = params.pop("stripe_account", None) or self._stripe_account_id()
        data = stripe_api.update(
            self.nested_retrieve_path(),
            params,
            api_key=api_key or self.default_api_key,
            stripe_account=account,
        )
        return stripe_api.to_stripe_object(data)

    def _api_delete(self, api_key: str | None = None, **params: Any) -> Any:
        account = params.pop("stripe_account", None) or self._stripe_account_id()
        data = stripe_api.delete(
            self.nested_retrieve_path(),
            params,
            api_key=api_key or self.default_api_key,
            stripe_account=account,
        )
        return stripe_api.to_stripe_object(data)

    def resync(self, api_key: str | None = None) -> Any:
        """Re-read the object through its parent's URL and sync it; return the row."""
        account = self._stripe_account_id()
        key = api_key or self.default_api_key
        data, stamp = stripe_api.retrieve(
            self.nested_retrieve_path(), api_key=key, stripe_account=account
        )
        return type(self).sync_api_read(data, stamp, api_key=key, stripe_account=account)
