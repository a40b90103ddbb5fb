"""Deliberate differences from dj-stripe 2.11, keyed as ``scripts/compat_report.py`` names
them (``fnmatch`` patterns). Each says why; each is in ``docs/migrating.md``
("What differs")."""

DATES = (
    "dates are datetime columns (filterable, as in dj-stripe <= 2.10 and its own "
    "current_period_* properties); the raw epoch stays in stripe_data, and "
    "djstripe.utils.convert_tstamp accepts either"
)
RAW_REFERENCE = (
    "a foreign key to the mirrored object; `<name>_id` holds the Stripe id and "
    "stripe_data[<name>] the raw value dj-stripe 2.11 returned"
)
UPCOMING = (
    "upcoming invoices are previews, never stored: Invoice.upcoming() / customer.upcoming_invoice()"
)
INTERNAL = "internal to dj-stripe, not part of what its users call"
V2_ACCOUNTS = "v2 accounts are mirrored from data you sync; the v2 API is not called"
ENUMS = "enums are Django TextChoices (values, .choices, .humanize() kept)"

ACCEPTED: dict[str, str] = {
    # ---- models ----
    "Account.*_set": (
        "no reverse accessors from Account for djstripe_owner_account (60 models); filter "
        "Model.objects.filter(djstripe_owner_account=account)"
    ),
    "APIKey.*": (
        "APIKey is a plain model (keys are not Stripe objects): no stripe_data, metadata or "
        "sync methods; APIKey.objects.get_or_create_by_api_key is kept"
    ),
    "AccountV2.DEFAULT_INCLUDE": V2_ACCOUNTS,
    "AccountV2.api_close": V2_ACCOUNTS,
    "BalanceTransaction.available_on": DATES,
    "Coupon.redeem_by": DATES,
    "FileLink.expires_at": DATES,
    "Invoice.due_date": DATES,
    "Invoice.period_end": DATES,
    "Invoice.period_start": DATES,
    "InvoiceItem.date": DATES,
    "InvoiceItem.period_end": DATES,
    "InvoiceItem.period_start": DATES,
    "LineItem.period_end": DATES,
    "LineItem.period_start": DATES,
    "Payout.arrival_date": DATES,
    "Subscription.billing_cycle_anchor": DATES,
    "Subscription.cancel_at": DATES,
    "Subscription.canceled_at": DATES,
    "Subscription.ended_at": DATES,
    "Subscription.next_pending_invoice_item_invoice": DATES,
    "Subscription.start_date": DATES,
    "Invoice.webhooks_delivered_at": DATES,
    "UpcomingInvoice.webhooks_delivered_at": DATES,
    "Charge.application_fee": (
        "the fee's id, as dj-stripe 2.11 returns it for unexpanded data (its snapshot probed "
        "the name with a number); now an indexed id column"
    ),
    "SubscriptionItem.proration_date": DATES,
    "UpcomingInvoice.due_date": DATES,
    "UpcomingInvoice.period_end": DATES,
    "UpcomingInvoice.period_start": DATES,
    "Customer.default_source": RAW_REFERENCE,
    "LineItem.price": RAW_REFERENCE,
    "Subscription.default_payment_method": RAW_REFERENCE,
    "Subscription.plan": RAW_REFERENCE,
    "Subscription.schedule": RAW_REFERENCE,
    "Charge.latest_upcominginvoice": UPCOMING,
    "Customer.upcominginvoices": UPCOMING,
    "PaymentIntent.upcominginvoice": UPCOMING,
    "Subscription.upcominginvoices": UPCOMING,
    "Customer.sources": (
        "customer.sources holds every legacy source (Cards, BankAccounts and Sources, as "
        "concrete rows); dj-stripe's held Sources only"
    ),
    "DjstripePaymentMethod.type": (
        "legacy sources are concrete rows of one polymorphic table: filter Card.objects, "
        "BankAccount.objects or Source.objects"
    ),
    "Payout.payout": "reversal links are foreign keys: Payout.objects.filter(reversed_by=payout)",
    "Payout.reversed_payout": "reversal links are foreign keys: payout.reversed_by",
    "Price.unit_amount_decimal": "a Decimal column (Decimal(value) and str(value) work as before)",
    "SourceTransaction.ach_credit_transfer": "kept in stripe_data, read through the property",
    "SourceTransaction.customer_data": "kept in stripe_data, read through the property",
    "ScheduledQueryRun.get_*_by_*": "those dates may be missing from Stripe's data (nullable)",
    "*.api_list(id)": "a nested list needs its parent's id (dj-stripe read it from kwargs too)",
    "InvoiceItem.api_retrieve(*args)": "api_retrieve(api_key=None, stripe_account=None)",
    "WebhookEventTrigger.validate": (
        "verification is done by WebhookEventTrigger.from_request (and the view); " + INTERNAL
    ),
    "WebhookEventTrigger.verify_signature": (
        "verification is done by WebhookEventTrigger.from_request (and the view); " + INTERNAL
    ),
    # ---- modules ----
    "djstripe.checks.*": "system checks run through Django; check ids keep their meaning",
    "djstripe.event_handlers.*": (
        "built-in handlers are internal (djstripe.webhooks.handlers); djstripe_receiver is kept"
    ),
    "djstripe.enums.Enum": ENUMS,
    "djstripe.enums.EnumMetaClass": ENUMS,
    "djstripe.fields.FieldDeconstructMixin": INTERNAL + " (migrations name the field classes)",
    "djstripe.models.payment_methods.ExternalAccountMixin": INTERNAL,
    "djstripe.models.pricing_table.PricingTable": "not a model in dj-stripe 2.11 either (no table)",
    "DJSTRIPE_WEBHOOK_SECRET": (
        "only named in a dj-stripe 2.11 check message; secrets live on WebhookEndpoint rows"
    ),
}
