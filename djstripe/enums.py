"""Known values of Stripe enums, as named constants and documentation.

They never validate: every status-like column is a plain string, so a value
Stripe adds tomorrow saves today. The class names are dj-stripe's.
"""

from django.db import models


class StripeChoices(models.TextChoices):
    """A ``TextChoices`` that also answers dj-stripe's ``humanize(value)``."""

    @classmethod
    def humanize(cls, value: str) -> str:
        try:
            return str(cls(value).label)
        except ValueError:
            return str(value).replace("_", " ").capitalize()


class APIKeyType(StripeChoices):
    publishable = "publishable", "Publishable"
    secret = "secret", "Secret"
    restricted = "restricted", "Restricted"


class ApiErrorCode(StripeChoices):
    account_already_exists = "account_already_exists", "Account already exists"
    account_country_invalid_address = (
        "account_country_invalid_address",
        "Account country invalid address",
    )
    account_invalid = "account_invalid", "Account invalid"
    account_number_invalid = "account_number_invalid", "Account number invalid"
    alipay_upgrade_required = "alipay_upgrade_required", "Alipay upgrade required"
    amount_too_large = "amount_too_large", "Amount too large"
    amount_too_small = "amount_too_small", "Amount too small"
    api_key_expired = "api_key_expired", "Api key expired"
    balance_insufficient = "balance_insufficient", "Balance insufficient"
    bank_account_exists = "bank_account_exists", "Bank account exists"
    bank_account_unusable = "bank_account_unusable", "Bank account unusable"
    bank_account_unverified = "bank_account_unverified", "Bank account unverified"
    bitcoin_upgrade_required = "bitcoin_upgrade_required", "Bitcoin upgrade required"
    card_declined = "card_declined", "Card declined"
    charge_already_captured = "charge_already_captured", "Charge already captured"
    charge_already_refunded = "charge_already_refunded", "Charge already refunded"
    charge_disputed = "charge_disputed", "Charge disputed"
    charge_exceeds_source_limit = "charge_exceeds_source_limit", "Charge exceeds source limit"
    charge_expired_for_capture = "charge_expired_for_capture", "Charge expired for capture"
    country_unsupported = "country_unsupported", "Country unsupported"
    coupon_expired = "coupon_expired", "Coupon expired"
    customer_max_subscriptions = "customer_max_subscriptions", "Customer max subscriptions"
    email_invalid = "email_invalid", "Email invalid"
    expired_card = "expired_card", "Expired card"
    idempotency_key_in_use = "idempotency_key_in_use", "Idempotency key in use"
    incorrect_address = "incorrect_address", "Incorrect address"
    incorrect_cvc = "incorrect_cvc", "Incorrect cvc"
    incorrect_number = "incorrect_number", "Incorrect number"
    incorrect_zip = "incorrect_zip", "Incorrect zip"
    instant_payouts_unsupported = "instant_payouts_unsupported", "Instant payouts unsupported"
    invalid_card_type = "invalid_card_type", "Invalid card type"
    invalid_charge_amount = "invalid_charge_amount", "Invalid charge amount"
    invalid_cvc = "invalid_cvc", "Invalid cvc"
    invalid_expiry_month = "invalid_expiry_month", "Invalid expiry month"
    invalid_expiry_year = "invalid_expiry_year", "Invalid expiry year"
    invalid_number = "invalid_number", "Invalid number"
    invalid_source_usage = "invalid_source_usage", "Invalid source usage"
    invoice_no_customer_line_items = (
        "invoice_no_customer_line_items",
        "Invoice no customer line items",
    )
    invoice_no_subscription_line_items = (
        "invoice_no_subscription_line_items",
        "Invoice no subscription line items",
    )
    invoice_not_editable = "invoice_not_editable", "Invoice not editable"
    invoice_upcoming_none = "invoice_upcoming_none", "Invoice upcoming none"
    livemode_mismatch = "livemode_mismatch", "Livemode mismatch"
    missing = "missing", "Missing"
    not_allowed_on_standard_account = (
        "not_allowed_on_standard_account",
        "Not allowed on standard account",
    )
    order_creation_failed = "order_creation_failed", "Order creation failed"
    order_required_settings = "order_required_settings", "Order required settings"
    order_status_invalid = "order_status_invalid", "Order status invalid"
    order_upstream_timeout = "order_upstream_timeout", "Order upstream timeout"
    out_of_inventory = "out_of_inventory", "Out of inventory"
    parameter_invalid_empty = "parameter_invalid_empty", "Parameter invalid empty"
    parameter_invalid_integer = "parameter_invalid_integer", "Parameter invalid integer"
    parameter_invalid_string_blank = (
        "parameter_invalid_string_blank",
        "Parameter invalid string blank",
    )
    parameter_invalid_string_empty = (
        "parameter_invalid_string_empty",
        "Parameter invalid string empty",
    )
    parameter_missing = "parameter_missing", "Parameter missing"
    parameter_unknown = "parameter_unknown", "Parameter unknown"
    parameters_exclusive = "parameters_exclusive", "Parameters exclusive"
    payment_intent_authentication_failure = (
        "payment_intent_authentication_failure",
        "Payment intent authentication failure",
    )
    payment_intent_incompatible_payment_method = (
        "payment_intent_incompatible_payment_method",
        "Payment intent incompatible payment method",
    )
    payment_intent_invalid_parameter = (
        "payment_intent_invalid_parameter",
        "Payment intent invalid parameter",
    )
    payment_intent_payment_attempt_failed = (
        "payment_intent_payment_attempt_failed",
        "Payment intent payment attempt failed",
    )
    payment_intent_unexpected_state = (
        "payment_intent_unexpected_state",
        "Payment intent unexpected state",
    )
    payment_method_unactivated = "payment_method_unactivated", "Payment method unactivated"
    payment_method_unexpected_state = (
        "payment_method_unexpected_state",
        "Payment method unexpected state",
    )
    payouts_not_allowed = "payouts_not_allowed", "Payouts not allowed"
    platform_api_key_expired = "platform_api_key_expired", "Platform api key expired"
    postal_code_invalid = "postal_code_invalid", "Postal code invalid"
    processing_error = "processing_error", "Processing error"
    product_inactive = "product_inactive", "Product inactive"
    rate_limit = "rate_limit", "Rate limit"
    resource_already_exists = "resource_already_exists", "Resource already exists"
    resource_missing = "resource_missing", "Resource missing"
    routing_number_invalid = "routing_number_invalid", "Routing number invalid"
    secret_key_required = "secret_key_required", "Secret key required"
    sepa_unsupported_account = "sepa_unsupported_account", "Sepa unsupported account"
    shipping_calculation_failed = "shipping_calculation_failed", "Shipping calculation failed"
    sku_inactive = "sku_inactive", "Sku inactive"
    state_unsupported = "state_unsupported", "State unsupported"
    tax_id_invalid = "tax_id_invalid", "Tax id invalid"
    taxes_calculation_failed = "taxes_calculation_failed", "Taxes calculation failed"
    testmode_charges_only = "testmode_charges_only", "Testmode charges only"
    tls_version_unsupported = "tls_version_unsupported", "Tls version unsupported"
    token_already_used = "token_already_used", "Token already used"
    token_in_use = "token_in_use", "Token in use"
    transfers_not_allowed = "transfers_not_allowed", "Transfers not allowed"
    upstream_order_creation_failed = (
        "upstream_order_creation_failed",
        "Upstream order creation failed",
    )
    url_invalid = "url_invalid", "Url invalid"
    invalid_swipe_data = "invalid_swipe_data", "Invalid swipe data"


class AccountType(StripeChoices):
    standard = "standard", "Standard"
    express = "express", "Express"
    custom = "custom", "Custom"


class BalanceTransactionReportingCategory(StripeChoices):
    advance = "advance", "Advance"
    advance_funding = "advance_funding", "Advance funding"
    anticipation_repayment = "anticipation_repayment", "Anticipation repayment"
    charge = "charge", "Charge"
    charge_failure = "charge_failure", "Charge failure"
    connect_collection_transfer = "connect_collection_transfer", "Connect collection transfer"
    connect_reserved_funds = "connect_reserved_funds", "Connect reserved funds"
    dispute = "dispute", "Dispute"
    dispute_reversal = "dispute_reversal", "Dispute reversal"
    fee = "fee", "Fee"
    issuing_authorization_hold = "issuing_authorization_hold", "Issuing authorization hold"
    issuing_authorization_release = "issuing_authorization_release", "Issuing authorization release"
    issuing_dispute = "issuing_dispute", "Issuing dispute"
    issuing_transaction = "issuing_transaction", "Issuing transaction"
    other_adjustment = "other_adjustment", "Other adjustment"
    partial_capture_reversal = "partial_capture_reversal", "Partial capture reversal"
    payout = "payout", "Payout"
    payout_reversal = "payout_reversal", "Payout reversal"
    platform_earning = "platform_earning", "Platform earning"
    platform_earning_refund = "platform_earning_refund", "Platform earning refund"
    refund = "refund", "Refund"
    refund_failure = "refund_failure", "Refund failure"
    risk_reserved_funds = "risk_reserved_funds", "Risk reserved funds"
    tax = "tax", "Tax"
    topup = "topup", "Topup"
    topup_reversal = "topup_reversal", "Topup reversal"
    transfer = "transfer", "Transfer"
    transfer_reversal = "transfer_reversal", "Transfer reversal"


class BalanceTransactionStatus(StripeChoices):
    available = "available", "Available"
    pending = "pending", "Pending"


class BalanceTransactionType(StripeChoices):
    adjustment = "adjustment", "Adjustment"
    advance = "advance", "Advance"
    advance_funding = "advance_funding", "Advance funding"
    anticipation_repayment = "anticipation_repayment", "Anticipation repayment"
    application_fee = "application_fee", "Application fee"
    application_fee_refund = "application_fee_refund", "Application fee refund"
    balance_transfer_inbound = "balance_transfer_inbound", "Balance transfer inbound"
    balance_transfer_outbound = "balance_transfer_outbound", "Balance transfer outbound"
    charge = "charge", "Charge"
    connect_collection_transfer = "connect_collection_transfer", "Connect collection transfer"
    contribution = "contribution", "Contribution"
    issuing_authorization_hold = "issuing_authorization_hold", "Issuing authorization hold"
    issuing_authorization_release = "issuing_authorization_release", "Issuing authorization release"
    issuing_dispute = "issuing_dispute", "Issuing dispute"
    issuing_transaction = "issuing_transaction", "Issuing transaction"
    network_cost = "network_cost", "Network cost"
    payment = "payment", "Payment"
    payment_failure_refund = "payment_failure_refund", "Payment failure refund"
    payment_refund = "payment_refund", "Payment refund"
    payout = "payout", "Payout"
    payout_cancel = "payout_cancel", "Payout cancel"
    payout_failure = "payout_failure", "Payout failure"
    refund = "refund", "Refund"
    refund_failure = "refund_failure", "Refund failure"
    reserve_transaction = "reserve_transaction", "Reserve transaction"
    reserved_funds = "reserved_funds", "Reserved funds"
    stripe_fee = "stripe_fee", "Stripe fee"
    stripe_fx_fee = "stripe_fx_fee", "Stripe fx fee"
    tax_fee = "tax_fee", "Tax fee"
    topup = "topup", "Topup"
    topup_reversal = "topup_reversal", "Topup reversal"
    transfer = "transfer", "Transfer"
    transfer_cancel = "transfer_cancel", "Transfer cancel"
    transfer_failure = "transfer_failure", "Transfer failure"
    transfer_refund = "transfer_refund", "Transfer refund"
    validation = "validation", "Validation"


class BankAccountHolderType(StripeChoices):
    individual = "individual", "Individual"
    company = "company", "Company"


class BankAccountStatus(StripeChoices):
    new = "new", "New"
    validated = "validated", "Validated"
    verified = "verified", "Verified"
    verification_failed = "verification_failed", "Verification failed"
    errored = "errored", "Errored"


class BillingScheme(StripeChoices):
    per_unit = "per_unit", "Per unit"
    tiered = "tiered", "Tiered"


class BusinessType(StripeChoices):
    individual = "individual", "Individual"
    company = "company", "Company"
    non_profit = "non_profit", "Non profit"
    government_entity = "government_entity", "Government entity"


class CaptureMethod(StripeChoices):
    automatic = "automatic", "Automatic"
    manual = "manual", "Manual"
    automatic_async = "automatic_async", "Automatic async"


class CardCheckResult(StripeChoices):
    pass_ = "pass", "Pass"
    fail = "fail", "Fail"
    unavailable = "unavailable", "Unavailable"
    unchecked = "unchecked", "Unchecked"


class CardBrand(StripeChoices):
    AmericanExpress = "American Express", "American Express"
    DinersClub = "Diners Club", "Diners Club"
    Discover = "Discover", "Discover"
    JCB = "JCB", "Jcb"
    MasterCard = "MasterCard", "Mastercard"
    UnionPay = "UnionPay", "Unionpay"
    Visa = "Visa", "Visa"
    Unknown = "Unknown", "Unknown"


class CardFundingType(StripeChoices):
    credit = "credit", "Credit"
    debit = "debit", "Debit"
    prepaid = "prepaid", "Prepaid"
    unknown = "unknown", "Unknown"


class CardTokenizationMethod(StripeChoices):
    apple_pay = "apple_pay", "Apple pay"
    android_pay = "android_pay", "Android pay"


class ChargeStatus(StripeChoices):
    succeeded = "succeeded", "Succeeded"
    pending = "pending", "Pending"
    failed = "failed", "Failed"


class SessionStatus(StripeChoices):
    open = "open", "Open"
    complete = "complete", "Complete"
    expired = "expired", "Expired"


class SessionPaymentStatus(StripeChoices):
    paid = "paid", "Paid"
    unpaid = "unpaid", "Unpaid"
    no_payment_required = "no_payment_required", "No payment required"


class ConfirmationMethod(StripeChoices):
    automatic = "automatic", "Automatic"
    manual = "manual", "Manual"


class CouponDuration(StripeChoices):
    once = "once", "Once"
    repeating = "repeating", "Repeating"
    forever = "forever", "Forever"


class CustomerTaxExempt(StripeChoices):
    none = "none", "None"
    exempt = "exempt", "Exempt"
    reverse = "reverse", "Reverse"


class DisputeReason(StripeChoices):
    duplicate = "duplicate", "Duplicate"
    fraudulent = "fraudulent", "Fraudulent"
    subscription_canceled = "subscription_canceled", "Subscription canceled"
    product_unacceptable = "product_unacceptable", "Product unacceptable"
    product_not_received = "product_not_received", "Product not received"
    unrecognized = "unrecognized", "Unrecognized"
    credit_not_processed = "credit_not_processed", "Credit not processed"
    general = "general", "General"
    incorrect_account_details = "incorrect_account_details", "Incorrect account details"
    insufficient_funds = "insufficient_funds", "Insufficient funds"
    bank_cannot_process = "bank_cannot_process", "Bank cannot process"
    debit_not_authorized = "debit_not_authorized", "Debit not authorized"
    customer_initiated = "customer_initiated", "Customer initiated"


class DisputeStatus(StripeChoices):
    warning_needs_response = "warning_needs_response", "Warning needs response"
    warning_under_review = "warning_under_review", "Warning under review"
    warning_closed = "warning_closed", "Warning closed"
    needs_response = "needs_response", "Needs response"
    under_review = "under_review", "Under review"
    charge_refunded = "charge_refunded", "Charge refunded"
    won = "won", "Won"
    lost = "lost", "Lost"


class FilePurpose(StripeChoices):
    account_requirement = "account_requirement", "Account requirement"
    additional_verification = "additional_verification", "Additional verification"
    business_icon = "business_icon", "Business icon"
    business_logo = "business_logo", "Business logo"
    customer_signature = "customer_signature", "Customer signature"
    credit_note = "credit_note", "Credit note"
    dispute_evidence = "dispute_evidence", "Dispute evidence"
    document_provider_identity_document = (
        "document_provider_identity_document",
        "Document provider identity document",
    )
    finance_report_run = "finance_report_run", "Finance report run"
    identity_document = "identity_document", "Identity document"
    identity_document_downloadable = (
        "identity_document_downloadable",
        "Identity document downloadable",
    )
    invoice_statement = "invoice_statement", "Invoice statement"
    pci_document = "pci_document", "Pci document"
    selfie = "selfie", "Selfie"
    sigma_scheduled_query = "sigma_scheduled_query", "Sigma scheduled query"
    tax_document_user_upload = "tax_document_user_upload", "Tax document user upload"


class FileType(StripeChoices):
    pdf = "pdf", "Pdf"
    jpg = "jpg", "Jpg"
    png = "png", "Png"
    csv = "csv", "Csv"
    xls = "xls", "Xls"
    xlsx = "xlsx", "Xlsx"
    docx = "docx", "Docx"


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


class IntentUsage(StripeChoices):
    on_session = "on_session", "On session"
    off_session = "off_session", "Off session"


class IntentStatus(StripeChoices):
    requires_payment_method = "requires_payment_method", "Requires payment method"
    requires_confirmation = "requires_confirmation", "Requires confirmation"
    requires_action = "requires_action", "Requires action"
    processing = "processing", "Processing"
    canceled = "canceled", "Canceled"


class LineItem(StripeChoices):
    invoiceitem = "invoiceitem", "Invoiceitem"
    subscription = "subscription", "Subscription"


class MandateStatus(StripeChoices):
    active = "active", "Active"
    inactive = "inactive", "Inactive"
    pending = "pending", "Pending"


class MandateType(StripeChoices):
    multi_use = "multi_use", "Multi use"
    single_use = "single_use", "Single use"


class OrderStatus(StripeChoices):
    open = "open", "Open"
    submitted = "submitted", "Submitted"
    processing = "processing", "Processing"
    complete = "complete", "Complete"
    canceled = "canceled", "Canceled"


class PaymentIntentStatus(StripeChoices):
    requires_payment_method = "requires_payment_method", "Requires payment method"
    requires_confirmation = "requires_confirmation", "Requires confirmation"
    requires_action = "requires_action", "Requires action"
    processing = "processing", "Processing"
    requires_capture = "requires_capture", "Requires capture"
    canceled = "canceled", "Canceled"
    succeeded = "succeeded", "Succeeded"


class SetupIntentStatus(StripeChoices):
    requires_payment_method = "requires_payment_method", "Requires payment method"
    requires_confirmation = "requires_confirmation", "Requires confirmation"
    requires_action = "requires_action", "Requires action"
    processing = "processing", "Processing"
    canceled = "canceled", "Canceled"
    succeeded = "succeeded", "Succeeded"


class PaymentMethodType(StripeChoices):
    acss_debit = "acss_debit", "Acss debit"
    affirm = "affirm", "Affirm"
    afterpay_clearpay = "afterpay_clearpay", "Afterpay clearpay"
    alipay = "alipay", "Alipay"
    au_becs_debit = "au_becs_debit", "Au becs debit"
    bacs_debit = "bacs_debit", "Bacs debit"
    bancontact = "bancontact", "Bancontact"
    blik = "blik", "Blik"
    boleto = "boleto", "Boleto"
    card = "card", "Card"
    card_present = "card_present", "Card present"
    cashapp = "cashapp", "Cashapp"
    customer_balance = "customer_balance", "Customer balance"
    eps = "eps", "Eps"
    fpx = "fpx", "Fpx"
    giropay = "giropay", "Giropay"
    grabpay = "grabpay", "Grabpay"
    ideal = "ideal", "Ideal"
    interac_present = "interac_present", "Interac present"
    klarna = "klarna", "Klarna"
    konbini = "konbini", "Konbini"
    link = "link", "Link"
    oxxo = "oxxo", "Oxxo"
    p24 = "p24", "P24"
    paynow = "paynow", "Paynow"
    paypal = "paypal", "Paypal"
    pix = "pix", "Pix"
    promptpay = "promptpay", "Promptpay"
    sepa_debit = "sepa_debit", "Sepa debit"
    sofort = "sofort", "Sofort"
    us_bank_account = "us_bank_account", "Us bank account"
    wechat_pay = "wechat_pay", "Wechat pay"
    zip = "zip", "Zip"


class PayoutFailureCode(StripeChoices):
    account_closed = "account_closed", "Account closed"
    account_frozen = "account_frozen", "Account frozen"
    bank_account_restricted = "bank_account_restricted", "Bank account restricted"
    bank_ownership_changed = "bank_ownership_changed", "Bank ownership changed"
    could_not_process = "could_not_process", "Could not process"
    debit_not_authorized = "debit_not_authorized", "Debit not authorized"
    declined = "declined", "Declined"
    insufficient_funds = "insufficient_funds", "Insufficient funds"
    invalid_account_number = "invalid_account_number", "Invalid account number"
    incorrect_account_holder_name = "incorrect_account_holder_name", "Incorrect account holder name"
    incorrect_account_holder_address = (
        "incorrect_account_holder_address",
        "Incorrect account holder address",
    )
    incorrect_account_holder_tax_id = (
        "incorrect_account_holder_tax_id",
        "Incorrect account holder tax id",
    )
    invalid_currency = "invalid_currency", "Invalid currency"
    no_account = "no_account", "No account"
    unsupported_card = "unsupported_card", "Unsupported card"


class PayoutMethod(StripeChoices):
    standard = "standard", "Standard"
    instant = "instant", "Instant"


class PayoutSourceType(StripeChoices):
    bank_account = "bank_account", "Bank account"
    fpx = "fpx", "Fpx"
    card = "card", "Card"


class PayoutStatus(StripeChoices):
    paid = "paid", "Paid"
    pending = "pending", "Pending"
    in_transit = "in_transit", "In transit"
    canceled = "canceled", "Canceled"
    failed = "failed", "Failed"


class PayoutType(StripeChoices):
    bank_account = "bank_account", "Bank account"
    card = "card", "Card"


class PaymentIntentCancellationReason(StripeChoices):
    duplicate = "duplicate", "Duplicate"
    fraudulent = "fraudulent", "Fraudulent"
    abandoned = "abandoned", "Abandoned"
    requested_by_customer = "requested_by_customer", "Requested by customer"
    failed_invoice = "failed_invoice", "Failed invoice"
    void_invoice = "void_invoice", "Void invoice"
    automatic = "automatic", "Automatic"


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


class SetupIntentCancellationReason(StripeChoices):
    abandoned = "abandoned", "Abandoned"
    requested_by_customer = "requested_by_customer", "Requested by customer"
    duplicate = "duplicate", "Duplicate"


class ScheduledQueryRunStatus(StripeChoices):
    canceled = "canceled", "Canceled"
    failed = "failed", "Failed"
    timed_out = "timed_out", "Timed out"


class SourceFlow(StripeChoices):
    redirect = "redirect", "Redirect"
    receiver = "receiver", "Receiver"
    code_verification = "code_verification", "Code verification"
    none = "none", "None"


class SourceStatus(StripeChoices):
    canceled = "canceled", "Canceled"
    chargeable = "chargeable", "Chargeable"
    consumed = "consumed", "Consumed"
    failed = "failed", "Failed"
    pending = "pending", "Pending"


class SourceType(StripeChoices):
    ach_credit_transfer = "ach_credit_transfer", "Ach credit transfer"
    ach_debit = "ach_debit", "Ach debit"
    acss_debit = "acss_debit", "Acss debit"
    alipay = "alipay", "Alipay"
    au_becs_debit = "au_becs_debit", "Au becs debit"
    bancontact = "bancontact", "Bancontact"
    bitcoin = "bitcoin", "Bitcoin"
    card = "card", "Card"
    card_present = "card_present", "Card present"
    eps = "eps", "Eps"
    giropay = "giropay", "Giropay"
    ideal = "ideal", "Ideal"
    klarna = "klarna", "Klarna"
    multibanco = "multibanco", "Multibanco"
    p24 = "p24", "P24"
    paper_check = "paper_check", "Paper check"
    sepa_credit_transfer = "sepa_credit_transfer", "Sepa credit transfer"
    sepa_debit = "sepa_debit", "Sepa debit"
    sofort = "sofort", "Sofort"
    three_d_secure = "three_d_secure", "Three d secure"
    wechat = "wechat", "Wechat"


class LegacySourceType(StripeChoices):
    card = "card", "Card"
    bank_account = "bank_account", "Bank account"
    bitcoin_receiver = "bitcoin_receiver", "Bitcoin receiver"
    alipay_account = "alipay_account", "Alipay account"


class RefundFailureReason(StripeChoices):
    lost_or_stolen_card = "lost_or_stolen_card", "Lost or stolen card"
    expired_or_canceled_card = "expired_or_canceled_card", "Expired or canceled card"
    unknown = "unknown", "Unknown"


class RefundReason(StripeChoices):
    duplicate = "duplicate", "Duplicate"
    fraudulent = "fraudulent", "Fraudulent"
    requested_by_customer = "requested_by_customer", "Requested by customer"
    expired_uncaptured_charge = "expired_uncaptured_charge", "Expired uncaptured charge"


class RefundStatus(StripeChoices):
    pending = "pending", "Pending"
    succeeded = "succeeded", "Succeeded"
    failed = "failed", "Failed"
    canceled = "canceled", "Canceled"


class SessionBillingAddressCollection(StripeChoices):
    auto = "auto", "Auto"
    required = "required", "Required"


class SessionMode(StripeChoices):
    payment = "payment", "Payment"
    setup = "setup", "Setup"
    subscription = "subscription", "Subscription"


class SourceUsage(StripeChoices):
    reusable = "reusable", "Reusable"
    single_use = "single_use", "Single use"


class SourceCodeVerificationStatus(StripeChoices):
    pending = "pending", "Pending"
    succeeded = "succeeded", "Succeeded"
    failed = "failed", "Failed"


class SourceRedirectFailureReason(StripeChoices):
    user_abort = "user_abort", "User abort"
    declined = "declined", "Declined"
    processing_error = "processing_error", "Processing error"


class SourceRedirectStatus(StripeChoices):
    pending = "pending", "Pending"
    succeeded = "succeeded", "Succeeded"
    not_required = "not_required", "Not required"
    failed = "failed", "Failed"


class SourceTransactionStatus(StripeChoices):
    pending = "pending", "Pending"
    succeeded = "succeeded", "Succeeded"
    chargeable = "chargeable", "Chargeable"
    failed = "failed", "Failed"


class SubmitTypeStatus(StripeChoices):
    auto = "auto", "Auto"
    book = "book", "Book"
    donate = "donate", "Donate"
    pay = "pay", "Pay"


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


class VerificationSessionStatus(StripeChoices):
    requires_input = "requires_input", "Requires input"
    processing = "processing", "Processing"
    verified = "verified", "Verified"
    canceled = "canceled", "Canceled"


class VerificationType(StripeChoices):
    document = "document", "Document"
    id_number = "id_number", "Id number"


class WebhookEndpointStatus(StripeChoices):
    enabled = "enabled", "Enabled"
    disabled = "disabled", "Disabled"


class WebhookEndpointValidation(StripeChoices):
    verify_signature = "verify_signature", "Verify signature"
    retrieve_event = "retrieve_event", "Retrieve event"
    none = "none", "None"


class DjstripePaymentMethodType(StripeChoices):
    alipay_account = "alipay_account", "Alipay account"
    card = "card", "Card"
    bank_account = "bank_account", "Bank account"
    source = "source", "Source"


# --- Invoicing (invoice payments, credit notes, quotes) ---


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
