"""Subscriptions, their items and subscription schedules."""

from __future__ import annotations

__all__ = ["Subscription", "SubscriptionItem", "SubscriptionSchedule"]

import datetime
from typing import Any, ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..actions import subscriptions
from ..billing import pauses
from ..enums import (
    InvoiceCollectionMethod,
    SubscriptionScheduleEndBehavior,
    SubscriptionScheduleStatus,
    SubscriptionStatus,
)
from ..fields import (
    StripeCurrencyCodeField,
    StripeDateTimeField,
    StripeEnumField,
    StripeForeignKey,
    StripeIdField,
)
from ..properties import MovedProperty, StripeProperty, datetime_property, id_property
from ..sync.declarations import DeletionMode
from .base import ChildList, StripeModel
from .managers import SubscriptionManager


class SubscriptionSchedule(StripeModel):
    """Planned changes to a subscription over time, as phases."""

    stripe_object = "subscription_schedule"
    terminal_statuses = frozenset({"canceled", "completed", "released"})  # final in Stripe
    api_path = "/v1/subscription_schedules"
    stripe_dashboard_item_name = "subscription_schedules"

    customer = StripeForeignKey(
        "djstripe.Customer",
        null=True,
        blank=True,
        related_name="schedules",
        on_delete=models.CASCADE,
    )
    subscription = StripeForeignKey(
        "djstripe.Subscription",
        null=True,
        blank=True,
        related_name="subscriptions",
        on_delete=models.SET_NULL,
        help_text=_("The subscription the schedule manages."),
    )
    released_subscription = StripeForeignKey(
        "djstripe.Subscription",
        null=True,
        blank=True,
        related_name="released_schedules",
        on_delete=models.SET_NULL,
    )
    status = StripeEnumField(enum=SubscriptionScheduleStatus, default="", blank=True, db_index=True)
    end_behavior = StripeEnumField(enum=SubscriptionScheduleEndBehavior, default="", blank=True)
    canceled_at = StripeDateTimeField(null=True, blank=True, db_index=True)
    completed_at = StripeDateTimeField(null=True, blank=True, db_index=True)
    released_at = StripeDateTimeField(null=True, blank=True)
    current_phase = models.JSONField(null=True, blank=True)
    default_settings = models.JSONField(null=True, blank=True)
    phases = models.JSONField(null=True, blank=True)
    test_clock = StripeForeignKey(
        "djstripe.TestClock",
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
        help_text=_("The test clock the object belongs to (test mode)."),
    )

    application = id_property()
    billing_mode = StripeProperty()
    customer_account = StripeProperty()

    class Meta(StripeModel.Meta):
        verbose_name = _("subscription schedule")

    def cancel(
        self, api_key: str | None = None, stripe_account: str | None = None, **kwargs: Any
    ) -> SubscriptionSchedule:
        """Cancel the schedule (and its subscription) now; return the mirrored schedule."""
        return subscriptions.schedule_action(
            self, "/cancel", api_key=api_key, stripe_account=stripe_account, params=kwargs
        )

    def release(
        self, api_key: str | None = None, stripe_account: str | None = None, **kwargs: Any
    ) -> SubscriptionSchedule:
        """Stop the schedule, keeping its subscription (``released_subscription``)."""
        return subscriptions.schedule_action(
            self, "/release", api_key=api_key, stripe_account=stripe_account, params=kwargs
        )

    def update(
        self, api_key: str | None = None, stripe_account: str | None = None, **kwargs: Any
    ) -> SubscriptionSchedule:
        """Update the schedule on Stripe (``phases=``, ``end_behavior=``...)."""
        return subscriptions.schedule_action(
            self, "", api_key=api_key, stripe_account=stripe_account, params=kwargs
        )


class Subscription(StripeModel):
    """A customer's recurring charge for one or more prices (its items).

    ``customer.subscription.deleted`` means canceled: the payload is the final
    state of the subscription, so the row is kept with ``status="canceled"``.
    """

    stripe_object = "subscription"
    terminal_statuses = frozenset({"canceled", "incomplete_expired"})  # final in Stripe
    api_path = "/v1/subscriptions"
    list_split = True
    list_params: ClassVar[dict[str, str]] = {"status": "all"}
    # Discounts are listed as ids, and Stripe has no endpoint to read one: expand them.
    list_expand: ClassVar[tuple[str, ...]] = ("data.discounts",)
    expand_fields: ClassVar[list[str]] = ["discounts"]
    deletion = DeletionMode.STATE
    stripe_dashboard_item_name = "subscriptions"
    objects: ClassVar[SubscriptionManager] = SubscriptionManager()
    child_lists: ClassVar[tuple[ChildList, ...]] = (
        ChildList(
            "items",
            "SubscriptionItem",
            parent_field="subscription",
            nested_path="/v1/subscription_items?subscription={id}",
        ),
        ChildList("default_tax_rates", "TaxRate", many_to_many="default_tax_rates"),
        # Current versions list the discounts (ids unless expanded); versions before
        # 2025-03-31.basil carried one ``discount`` object.
        ChildList("discounts", "Discount", parent_field="subscription"),
        ChildList("discount", "Discount", parent_field="subscription", prune=False),
    )

    customer = StripeForeignKey(
        "djstripe.Customer",
        null=True,
        blank=True,
        related_name="subscriptions",
        on_delete=models.CASCADE,
        help_text=_("The customer associated with this subscription."),
    )
    status = StripeEnumField(enum=SubscriptionStatus, default="", blank=True, db_index=True)
    collection_method = StripeEnumField(
        enum=InvoiceCollectionMethod, default="", blank=True, db_index=True
    )
    currency = StripeCurrencyCodeField(default="", blank=True)
    current_period_start = StripeDateTimeField(null=True, blank=True, db_index=True)
    current_period_end = StripeDateTimeField(null=True, blank=True, db_index=True)
    billing_cycle_anchor = StripeDateTimeField(null=True, blank=True)
    start_date = StripeDateTimeField(null=True, blank=True, db_index=True)
    cancel_at = StripeDateTimeField(null=True, blank=True, db_index=True)
    cancel_at_period_end = models.BooleanField(default=False, db_index=True)
    canceled_at = StripeDateTimeField(null=True, blank=True, db_index=True)
    ended_at = StripeDateTimeField(null=True, blank=True, db_index=True)
    trial_start = StripeDateTimeField(null=True, blank=True)
    trial_end = StripeDateTimeField(null=True, blank=True, db_index=True)
    plan = StripeForeignKey(
        "djstripe.Plan",
        null=True,
        blank=True,
        related_name="subscriptions",
        on_delete=models.SET_NULL,
        help_text=_("The plan of a single-item subscription."),
    )
    quantity = models.PositiveIntegerField(null=True, blank=True)
    default_payment_method = StripeForeignKey(
        "djstripe.PaymentMethod",
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
    )
    schedule = StripeForeignKey(
        "djstripe.SubscriptionSchedule",
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
    )
    default_tax_rates = models.ManyToManyField(
        "djstripe.TaxRate",
        blank=True,
        related_name="subscriptions",
        help_text=_("Tax rates of the items that have none of their own."),
    )
    latest_invoice = StripeIdField(
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Id of the subscription's most recent invoice."),
    )
    pending_setup_intent = StripeIdField(
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Id of the SetupIntent collecting the subscription's payment method."),
    )
    default_source = StripeIdField(
        null=True,
        blank=True,
        help_text=_("Id of the legacy source charged by default."),
    )
    on_behalf_of = StripeForeignKey(
        "djstripe.Account",
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
        help_text=_("The account the subscription is charged on behalf of."),
    )
    test_clock = StripeIdField(
        null=True,
        blank=True,
        help_text=_("Id of the test clock the subscription belongs to (test mode)."),
    )
    next_pending_invoice_item_invoice = StripeDateTimeField(null=True, blank=True)
    # ``pause_collection`` (null unless payment collection is paused), as columns.
    pause_collection_behavior = StripeEnumField(
        default="",
        blank=True,
        db_index=True,
        help_text=_("keep_as_draft, mark_uncollectible or void while collection is paused."),
    )
    pause_collection_resumes_at = StripeDateTimeField(
        null=True,
        blank=True,
        db_index=True,
        help_text=_("When Stripe resumes collecting payment (none: paused until resumed)."),
    )
    stripe_paths: ClassVar[dict[str, str]] = {
        "pause_collection_behavior": "pause_collection.behavior",
        "pause_collection_resumes_at": "pause_collection.resumes_at",
    }

    application = id_property()
    application_fee_percent = StripeProperty()
    automatic_tax = StripeProperty(default={})
    billing_mode = StripeProperty()
    billing_thresholds = StripeProperty()
    cancellation_details = StripeProperty()
    days_until_due = StripeProperty()
    discount = MovedProperty(doc="The discount (of versions before 2025-03-31.basil).")
    discounts = MovedProperty(default=(), doc="Discounts (ids unless expanded).")
    invoice_settings = StripeProperty()
    pause_collection = StripeProperty()
    payment_settings = StripeProperty(default={})
    pending_invoice_item_interval = StripeProperty()
    pending_update = StripeProperty()
    transfer_data = StripeProperty()
    trial_settings = StripeProperty()
    billing_cycle_anchor_config = StripeProperty()
    billing_schedules = StripeProperty(default=())
    customer_account = StripeProperty()
    managed_payments = StripeProperty()
    presentment_details = StripeProperty()

    class Meta(StripeModel.Meta):
        verbose_name = _("subscription")
        indexes = [
            models.Index(fields=["customer", "status"], name="djstripe_sub_customer_status"),
        ]

    def __str__(self) -> str:
        return f"{self.id} ({self.status})" if self.status else self.id

    # ---- convenience methods (dj-stripe's); the work is in djstripe.actions ----
    def update(self, **kwargs: Any) -> Subscription:
        """Change the subscription on Stripe (Stripe's update parameters); return it.

        ``items=[{"id": "si_...", "price": "price_..."}]`` changes an item's price,
        ``{"price": ...}`` adds one, ``{"id": ..., "deleted": True}`` removes one.
        """
        return subscriptions.update(self, **kwargs)

    def extend(self, delta: datetime.timedelta) -> Subscription:
        """Give the customer ``delta`` more time without charging for it.

        Moves the end of the trial (or of the current period, when no trial is
        running) by ``delta``, without proration, as dj-stripe does.
        """
        return subscriptions.extend(self, delta)

    def cancel(self, at_period_end: bool = False, **kwargs: Any) -> Subscription:
        """Cancel now, or at the end of the current period with ``at_period_end``.

        A subscription still in its trial is canceled now whatever ``at_period_end``
        says, so the customer is never charged (dj-stripe's rule). Other keyword
        arguments go to Stripe (``invoice_now``, ``prorate``, ``cancellation_details``).
        Canceling a subscription that Stripe already canceled syncs its final state.
        """
        return subscriptions.cancel(self, at_period_end=at_period_end, **kwargs)

    def reactivate(self) -> Subscription:
        """Undo a cancellation scheduled for the end of the period; return the subscription.

        Stripe cannot revive a subscription that is already canceled: check the
        returned subscription's ``status``.
        """
        return subscriptions.reactivate(self)

    def is_period_current(self) -> bool:
        """Whether the current period (or the trial) has not ended."""
        return subscriptions.is_period_current(self)

    def is_status_current(self) -> bool:
        """Whether the status is ``active`` or ``trialing``."""
        return subscriptions.is_status_current(self)

    def is_status_temporarily_current(self) -> bool:
        """Whether it is canceled for the end of the period, which has not come yet.

        The customer still has the service until then; useful to offer reduced
        service, or a "resume" button (:meth:`reactivate`).
        """
        return subscriptions.is_status_temporarily_current(self)

    # ---- pauses (see djstripe.billing.pauses and docs/pausing-subscriptions.md) ----
    @property
    def is_paused(self) -> bool:
        """Whether payment collection is paused now, or the status is ``paused``."""
        return pauses.is_paused(self)

    def is_valid(self, include_paused: bool = False) -> bool:
        """Whether the status and the period are current and, unless ``include_paused``,
        payment collection is not paused."""
        return pauses.is_valid(self, include_paused=include_paused)

    def pause(self, behavior: str = "void", resumes_at: Any = None, **kwargs: Any) -> Subscription:
        """Pause payment collection on Stripe (``pause_collection``); return the subscription."""
        return subscriptions.pause(self, behavior=behavior, resumes_at=resumes_at, **kwargs)

    def resume(self, **kwargs: Any) -> Subscription:
        """Resume payment collection, or a ``paused`` subscription; return the subscription."""
        return subscriptions.resume(self, **kwargs)


class SubscriptionItem(StripeModel):
    """One price (or plan) and quantity of a subscription."""

    stripe_object = "subscription_item"
    api_path = "/v1/subscription_items"
    listable = False  # Stripe lists items per subscription; they come with it
    child_lists: ClassVar[tuple[ChildList, ...]] = (
        ChildList("tax_rates", "TaxRate", many_to_many="tax_rates"),
        ChildList("discounts", "Discount", prune=False, on_request=True),
    )

    subscription = StripeForeignKey(
        "djstripe.Subscription",
        null=True,
        blank=True,
        related_name="items",
        on_delete=models.CASCADE,
        help_text=_("The subscription this item belongs to."),
    )
    price = StripeForeignKey(
        "djstripe.Price",
        null=True,
        blank=True,
        related_name="subscription_items",
        on_delete=models.SET_NULL,
    )
    plan = StripeForeignKey(
        "djstripe.Plan",
        null=True,
        blank=True,
        related_name="subscription_items",
        on_delete=models.SET_NULL,
    )
    quantity = models.PositiveIntegerField(null=True, blank=True)
    current_period_start = StripeDateTimeField(null=True, blank=True, db_index=True)
    current_period_end = StripeDateTimeField(null=True, blank=True, db_index=True)
    tax_rates = models.ManyToManyField(
        "djstripe.TaxRate",
        blank=True,
        related_name="subscription_items",
        help_text=_("Tax rates of this item; when set, the subscription's defaults do not apply."),
    )
    billed_until = StripeDateTimeField(null=True, blank=True)

    billing_thresholds = StripeProperty()
    discounts = StripeProperty(default=())
    proration_behavior = StripeProperty()
    proration_date = datetime_property()

    class Meta(StripeModel.Meta):
        verbose_name = _("subscription item")
