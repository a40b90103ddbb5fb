"""Accounts, API keys, Checkout, Identity, Sigma, webhooks."""

from .base import StripeChoices

__all__ = [
    "APIKeyType",
    "AccountType",
    "ApiErrorCode",
    "BusinessType",
    "ScheduledQueryRunStatus",
    "SessionBillingAddressCollection",
    "SessionMode",
    "SessionPaymentStatus",
    "SessionStatus",
    "SubmitTypeStatus",
    "VerificationSessionStatus",
    "VerificationType",
    "WebhookEndpointStatus",
    "WebhookEndpointValidation",
]


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


class BusinessType(StripeChoices):
    individual = "individual", "Individual"
    company = "company", "Company"
    non_profit = "non_profit", "Non profit"
    government_entity = "government_entity", "Government entity"


class SessionStatus(StripeChoices):
    open = "open", "Open"
    complete = "complete", "Complete"
    expired = "expired", "Expired"


class SessionPaymentStatus(StripeChoices):
    paid = "paid", "Paid"
    unpaid = "unpaid", "Unpaid"
    no_payment_required = "no_payment_required", "No payment required"


class ScheduledQueryRunStatus(StripeChoices):
    canceled = "canceled", "Canceled"
    failed = "failed", "Failed"
    timed_out = "timed_out", "Timed out"


class SessionBillingAddressCollection(StripeChoices):
    auto = "auto", "Auto"
    required = "required", "Required"


class SessionMode(StripeChoices):
    payment = "payment", "Payment"
    setup = "setup", "Setup"
    subscription = "subscription", "Subscription"


class SubmitTypeStatus(StripeChoices):
    auto = "auto", "Auto"
    book = "book", "Book"
    donate = "donate", "Donate"
    pay = "pay", "Pay"


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
