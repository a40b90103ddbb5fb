"""Billing: products, prices, subscriptions, invoices, credit notes, quotes."""

from .base import StripeChoices

__all__ = [
    "BillingScheme",
    "CouponDuration",
    "CreditNoteLineItemType",
    "CreditNoteReason",
    "CreditNoteStatus",
    "CreditNoteType",
    "CustomerTaxExempt",
    "InvoiceBillingReason",
    "InvoiceCollectionMethod",
    "InvoicePaymentStatus",
    "InvoiceStatus",
    "InvoiceorLineItemType",
    "LineItem",
    "OrderStatus",
    "PlanAggregateUsage",
    "PlanInterval",
    "PriceTiersMode",
    "PriceType",
    "PriceUsageType",
    "ProductType",
    "QuoteStatus",
    "ShippingRateTaxBehavior",
    "ShippingRateType",
    "SubscriptionProrationBehavior",
    "SubscriptionScheduleEndBehavior",
    "SubscriptionScheduleStatus",
    "SubscriptionStatus",
    "TaxIdType",
    "UsageAction",
]


class BillingScheme(StripeChoices):
    per_unit = "per_unit", "Per unit"
    tiered = "tiered", "Tiered"


class CouponDuration(StripeChoices):
    once = "once", "Once"
    repeating = "repeating", "Repeating"
    forever = "forever", "Forever"


class CustomerTaxExempt(StripeChoices):
    none = "none", "None"
    exempt = "exempt", "Exempt"
    reverse = "reverse", "Reverse"


class InvoiceBillingReason(StripeChoices):
    subscription_cycle = "subscription_cycle", "Subscription cycle"
    subscription_create = "subscription_create", "Subscription create"
    subscription_update = "subscription_update", "Subscription update"
    subscription = "subscription", "Subscription"
    manual = "manual", "Manual"
    upcoming = "upcoming", "Upcoming"
    subscription_threshold = "subscription_threshold", "Subscription threshold"
    automatic_pending_invoice_item_invoice = (
        "automatic_pending_invoice_item_invoice",
        "Automatic pending invoice item invoice",
    )


class InvoiceCollectionMethod(StripeChoices):
    charge_automatically = "charge_automatically", "Charge automatically"
    send_invoice = "send_invoice", "Send invoice"


class InvoiceStatus(StripeChoices):
    draft = "draft", "Draft"
    open = "open", "Open"
    paid = "paid", "Paid"
    uncollectible = "uncollectible", "Uncollectible"
    void = "void", "Void"


class InvoiceorLineItemType(StripeChoices):
    invoice_item = "invoice_item", "Invoice item"
    line_item = "line_item", "Line item"
    unsupported = "unsupported", "Unsupported"


class LineItem(StripeChoices):
    invoiceitem = "invoiceitem", "Invoiceitem"
    subscription = "subscription", "Subscription"


class OrderStatus(StripeChoices):
    open = "open", "Open"
    submitted = "submitted", "Submitted"
    processing = "processing", "Processing"
    complete = "complete", "Complete"
    canceled = "canceled", "Canceled"


class PlanAggregateUsage(StripeChoices):
    last_during_period = "last_during_period", "Last during period"
    last_ever = "last_ever", "Last ever"
    max = "max", "Max"
    sum = "sum", "Sum"


class PlanInterval(StripeChoices):
    day = "day", "Day"
    week = "week", "Week"
    month = "month", "Month"
    year = "year", "Year"


class PriceTiersMode(StripeChoices):
    graduated = "graduated", "Graduated"
    volume = "volume", "Volume"


class PriceType(StripeChoices):
    one_time = "one_time", "One time"
    recurring = "recurring", "Recurring"


class PriceUsageType(StripeChoices):
    metered = "metered", "Metered"
    licensed = "licensed", "Licensed"


class ProductType(StripeChoices):
    good = "good", "Good"
    service = "service", "Service"


class SubscriptionScheduleEndBehavior(StripeChoices):
    release = "release", "Release"
    cancel = "cancel", "Cancel"


class SubscriptionScheduleStatus(StripeChoices):
    not_started = "not_started", "Not started"
    active = "active", "Active"
    completed = "completed", "Completed"
    released = "released", "Released"
    canceled = "canceled", "Canceled"


class SubscriptionStatus(StripeChoices):
    incomplete = "incomplete", "Incomplete"
    incomplete_expired = "incomplete_expired", "Incomplete expired"
    trialing = "trialing", "Trialing"
    active = "active", "Active"
    paused = "paused", "Paused"
    past_due = "past_due", "Past due"
    canceled = "canceled", "Canceled"
    unpaid = "unpaid", "Unpaid"


class SubscriptionProrationBehavior(StripeChoices):
    create_prorations = "create_prorations", "Create prorations"
    always_invoice = "always_invoice", "Always invoice"
    none = "none", "None"


class ShippingRateType(StripeChoices):
    fixed_amount = "fixed_amount", "Fixed amount"


class ShippingRateTaxBehavior(StripeChoices):
    inclusive = "inclusive", "Inclusive"
    exclusive = "exclusive", "Exclusive"
    unspecified = "unspecified", "Unspecified"


class TaxIdType(StripeChoices):
    ae_trn = "ae_trn", "Ae trn"
    au_abn = "au_abn", "Au abn"
    br_cnp = "br_cnp", "Br cnp"
    br_cpf = "br_cpf", "Br cpf"
    ca_bn = "ca_bn", "Ca bn"
    ca_qst = "ca_qst", "Ca qst"
    ch_vat = "ch_vat", "Ch vat"
    cl_tin = "cl_tin", "Cl tin"
    es_cif = "es_cif", "Es cif"
    eu_vat = "eu_vat", "Eu vat"
    hk_br = "hk_br", "Hk br"
    id_npw = "id_npw", "Id npw"
    in_gst = "in_gst", "In gst"
    jp_cn = "jp_cn", "Jp cn"
    jp_rn = "jp_rn", "Jp rn"
    kr_brn = "kr_brn", "Kr brn"
    li_uid = "li_uid", "Li uid"
    mx_rfc = "mx_rfc", "Mx rfc"
    my_frp = "my_frp", "My frp"
    my_itn = "my_itn", "My itn"
    my_sst = "my_sst", "My sst"
    no_vat = "no_vat", "No vat"
    nz_gst = "nz_gst", "Nz gst"
    ru_inn = "ru_inn", "Ru inn"
    ru_kpp = "ru_kpp", "Ru kpp"
    sa_vat = "sa_vat", "Sa vat"
    sg_gst = "sg_gst", "Sg gst"
    sg_uen = "sg_uen", "Sg uen"
    th_vat = "th_vat", "Th vat"
    tw_vat = "tw_vat", "Tw vat"
    us_ein = "us_ein", "Us ein"
    za_vat = "za_vat", "Za vat"
    unknown = "unknown", "Unknown"


class UsageAction(StripeChoices):
    increment = "increment", "Increment"
    set = "set", "Set"


class InvoicePaymentStatus(StripeChoices):
    open = "open", "Open"
    paid = "paid", "Paid"
    canceled = "canceled", "Canceled"


class CreditNoteStatus(StripeChoices):
    issued = "issued", "Issued"
    void = "void", "Void"


class CreditNoteType(StripeChoices):
    pre_payment = "pre_payment", "Pre-payment"
    post_payment = "post_payment", "Post-payment"
    mixed = "mixed", "Mixed"


class CreditNoteReason(StripeChoices):
    duplicate = "duplicate", "Duplicate"
    fraudulent = "fraudulent", "Fraudulent"
    order_change = "order_change", "Order change"
    product_unsatisfactory = "product_unsatisfactory", "Product unsatisfactory"


class CreditNoteLineItemType(StripeChoices):
    invoice_line_item = "invoice_line_item", "Invoice line item"
    custom_line_item = "custom_line_item", "Custom line item"


class QuoteStatus(StripeChoices):
    draft = "draft", "Draft"
    open = "open", "Open"
    accepted = "accepted", "Accepted"
    canceled = "canceled", "Canceled"
