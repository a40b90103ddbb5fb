"""Entitlements: features, the features attached to products, and customers' active ones."""

from __future__ import annotations

__all__ = ["ActiveEntitlement", "Feature", "ProductFeature"]

from typing import Any, ClassVar

from django.db import models, router
from django.utils.translation import gettext_lazy as _

from .. import stripe_api, sync
from ..fields import StripeForeignKey, stripe_id_of
from ..sync import ChildList, Source
from .base import StripeModel
from .core import Customer
from .nested import NestedStripeModel


class Feature(StripeModel):
    """A monetizable ability of your product (``entitlements.feature``)."""

    stripe_object = "entitlements.feature"
    api_path = "/v1/entitlements/features"

    name = models.CharField(max_length=255, default="", blank=True, db_index=True)
    lookup_key = models.CharField(max_length=255, default="", blank=True, db_index=True)
    active = models.BooleanField(null=True, db_index=True)

    class Meta(StripeModel.Meta):
        verbose_name = _("feature")

    def __str__(self) -> str:
        return self.name or self.lookup_key or self.id


class ProductFeature(NestedStripeModel):
    """A feature attached to a product (``/v1/products/{id}/features``).

    Stripe's object does not name its product: the link comes from the product's
    list, which is read whenever the product is synced (see ``Product.child_lists``),
    so detaching a feature removes the row.
    """

    stripe_object = "product_feature"
    parent_field = "product"
    nested_path = "/v1/products/{id}/features"
    sticky_fields: ClassVar[tuple[str, ...]] = ("product",)

    product = StripeForeignKey(
        "djstripe.Product",
        null=True,
        blank=True,
        related_name="features",
        on_delete=models.CASCADE,
        help_text=_("The product the feature is attached to."),
    )
    entitlement_feature = StripeForeignKey(
        "djstripe.Feature",
        null=True,
        blank=True,
        related_name="product_features",
        on_delete=models.CASCADE,
        help_text=_("The feature attached to the product."),
    )

    class Meta(StripeModel.Meta):
        verbose_name = _("product feature")


class ActiveEntitlement(StripeModel):
    """A feature a customer currently has access to (``entitlements.active_entitlement``).

    Stripe lists them per customer only, and the object does not name its customer:
    :meth:`sync_for_customer` reads a customer's complete list, which the engine syncs
    as the customer's child list (:attr:`customer_list`): linked to the customer, pruned
    of the ones that are no longer active.
    """

    stripe_object = "entitlements.active_entitlement"
    api_path = "/v1/entitlements/active_entitlements"
    listable = False  # Stripe requires ?customer=
    # Stripe's object has no ``customer``: the customer's list sets it (customer_list)
    # and later data keeps it.
    sticky_fields: ClassVar[tuple[str, ...]] = ("customer",)

    feature = StripeForeignKey(
        "djstripe.Feature",
        null=True,
        blank=True,
        related_name="active_entitlements",
        on_delete=models.CASCADE,
    )
    lookup_key = models.CharField(max_length=255, default="", blank=True, db_index=True)
    customer = StripeForeignKey(
        "djstripe.Customer",
        null=True,
        blank=True,
        related_name="active_entitlements",
        on_delete=models.CASCADE,
        editable=False,
        help_text=_("The customer entitled (known when synced through the customer's list)."),
    )

    class Meta(StripeModel.Meta):
        verbose_name = _("active entitlement")

    def __str__(self) -> str:
        return self.lookup_key or self.id

    customer_list: ClassVar[ChildList] = ChildList(
        key="entitlements",
        model="ActiveEntitlement",
        parent_field="customer",
        embedded=False,
        listed_apart=True,
    )
    """A customer's complete list (read on its own): the engine links the rows to the
    customer and prunes the ones the customer no longer has."""

    @classmethod
    def sync_for_customer(
        cls,
        customer: Any,
        entitlements: Any = None,
        *,
        api_key: str | None = None,
        stripe_account: str | None = None,
        source: Source | None = None,
    ) -> list[ActiveEntitlement]:
        """Mirror the complete set of a customer's active entitlements; return the rows.

        ``customer`` is a Customer or its id. ``entitlements`` is the customer's list when
        the caller already has it (the ``entitlements`` of an
        ``entitlements.active_entitlement_summary`` event, with the event's ``source``);
        it is read from Stripe when absent or incomplete. Entitlements the customer no
        longer has are removed.
        """
        customer_id = stripe_id_of(customer) or getattr(customer, "id", None)
        if not customer_id:
            raise ValueError("sync_for_customer() needs a customer or a customer id.")
        datas = _complete_list(entitlements)
        if datas is None or source is None:
            datas, source = _read_list(customer_id, api_key=api_key, stripe_account=stripe_account)
        children = {customer_id: datas}
        sync.sync_children(Customer, children, cls.customer_list, source=source)
        ids = [data["id"] for data in datas if isinstance(data.get("id"), str)]
        return list(cls._base_manager.using(router.db_for_write(cls)).filter(id__in=ids))


def prepare_entitlement_summary(
    event: dict[str, Any], *, api_key: str | None = None
) -> sync.Prepared | None:
    """Built-in handler of ``entitlements.active_entitlement_summary.updated``.

    The summary names the customer whose entitlements changed; their list is read
    again from Stripe rather than taken from the payload, so summaries processed out
    of order still leave the newest set. The change is written with the event's
    status (:func:`djstripe.sync.apply`, inside the event's transaction).
    """
    summary = (event.get("data") or {}).get("object") or {}
    customer = stripe_id_of(summary.get("customer")) if isinstance(summary, dict) else None
    if not customer:
        return None
    account = event.get("account") or None
    datas, source = _read_list(customer, api_key=api_key, stripe_account=account)
    spec = ActiveEntitlement.customer_list
    return sync.prepare_children(Customer, customer, spec, datas, source=source)


def _read_list(
    customer_id: str, *, api_key: str | None, stripe_account: str | None
) -> tuple[list[dict[str, Any]], Source]:
    """A customer's complete list read from Stripe, with the source of that read."""
    datas: list[dict[str, Any]] = []
    stamp = None
    for page in stripe_api.pages(
        ActiveEntitlement.api_list_path(),
        {"customer": customer_id},
        api_key=api_key,
        stripe_account=stripe_account,
    ):
        datas.extend(page.objects)
        stamp = stamp or page.stamp
    return datas, Source.api(stamp, api_key=api_key, stripe_account=stripe_account)


def _complete_list(entitlements: Any) -> list[dict[str, Any]] | None:
    """The entitlements of a list the caller holds, or None when it is absent or partial."""
    if entitlements is None:
        return None
    data = stripe_api.as_data(entitlements)
    if isinstance(data, dict):
        if data.get("has_more"):
            return None
        data = data.get("data")
    if not isinstance(data, list):
        return None
    return [entry for entry in data if isinstance(entry, dict)]
