"""Entitlements: features, the features attached to products, and customers' active ones."""

from __future__ import annotations

__all__ = ["ActiveEntitlement", "Feature", "ProductFeature"]

from typing import TYPE_CHECKING, Any, ClassVar

import stripe
from django.db import models, router, transaction
from django.utils.translation import gettext_lazy as _

from .. import settings as djstripe_settings
from .. import stripe_api
from ..fields import StripeForeignKey, stripe_id_of
from .base import StripeModel
from .nested import NestedStripeModel

if TYPE_CHECKING:
    from ..sync.source import Source


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
    :meth:`sync_for_customer` reads a customer's complete list, links the rows to the
    customer and removes the ones that are no longer active.
    """

    stripe_object = "entitlements.active_entitlement"
    api_path = "/v1/entitlements/active_entitlements"
    listable = False  # Stripe requires ?customer=
    local_fields: ClassVar[tuple[str, ...]] = ("customer",)
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
        # lazy: the engine sits above the models and imports them; called, not loaded
        from ..sync import engine

        # lazy: the engine sits above the models and imports them; called, not loaded
        from ..sync.source import Source

        customer_id = stripe_id_of(customer) or getattr(customer, "id", None)
        if not customer_id:
            raise ValueError("sync_for_customer() needs a customer or a customer id.")
        datas = _complete_list(entitlements)
        if datas is None or source is None:
            datas, stamp = [], None
            for page in stripe_api.pages(
                cls.api_list_path(),
                {"customer": customer_id},
                api_key=api_key,
                stripe_account=stripe_account,
            ):
                datas.extend(page.objects)
                stamp = stamp or page.stamp
            source = Source.api(stamp, api_key=api_key, stripe_account=stripe_account)
        result = engine.sync_batch(cls, datas, source=source)
        ids = [item.stripe_id for item in result.items]
        using = router.db_for_write(cls)
        linked = _ensure_customer(customer_id, api_key=api_key, stripe_account=stripe_account)
        with transaction.atomic(using=using):
            rows = cls._base_manager.using(using)
            # Only rows this list is fresher than (an API read wins a same-second tie, as
            # everywhere in the engine): a newer read may have written the others.
            older = "djstripe_stamp__lte" if source.kind == "api" else "djstripe_stamp__lt"
            stale = rows.filter(customer_id=customer_id, **{older: source.stamp})
            stale.exclude(id__in=ids).delete()
            if linked:
                rows.filter(id__in=ids).update(customer_id=customer_id)
        return list(cls._base_manager.using(using).filter(id__in=ids))


def sync_entitlement_summary(event: dict[str, Any], *, api_key: str | None = None) -> None:
    """Built-in handler of ``entitlements.active_entitlement_summary.updated``.

    The summary names the customer whose entitlements changed; their list is read
    again from Stripe rather than taken from the payload, so summaries processed out
    of order still leave the newest set. It writes at once (outside the event's
    transaction): the sync is idempotent, so a retried event changes nothing more.
    """
    summary = (event.get("data") or {}).get("object") or {}
    customer = stripe_id_of(summary.get("customer")) if isinstance(summary, dict) else None
    if customer:
        account = event.get("account") or None
        ActiveEntitlement.sync_for_customer(customer, api_key=api_key, stripe_account=account)


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


def _ensure_customer(customer_id: str, *, api_key: str | None, stripe_account: str | None) -> bool:
    """Whether the customer is mirrored, fetching it when it is not yet."""
    # lazy: cycle: models.core -> models -> models.entitlements
    from .core import Customer

    if Customer._base_manager.filter(id=customer_id).exists():
        return True
    if not djstripe_settings.fetch_missing_references():
        return False
    try:
        Customer._get_or_retrieve(customer_id, api_key=api_key, stripe_account=stripe_account)
    except stripe.StripeError:
        return False
    return Customer._base_manager.filter(id=customer_id).exists()
