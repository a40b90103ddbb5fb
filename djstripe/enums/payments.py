"""Payments: charges, intents, refunds, disputes, payouts, sources, files."""

from .base import StripeChoices

__all__ = [
    "BalanceTransactionReportingCategory",
    "BalanceTransactionStatus",
    "BalanceTransactionType",
    "BankAccountHolderType",
    "BankAccountStatus",
    "CaptureMethod",
    "CardBrand",
    "CardCheckResult",
    "CardFundingType",
    "CardTokenizationMethod",
    "ChargeStatus",
    "ConfirmationMethod",
    "DisputeReason",
    "DisputeStatus",
    "DjstripePaymentMethodType",
    "FilePurpose",
    "FileType",
    "IntentStatus",
    "IntentUsage",
    "LegacySourceType",
    "MandateStatus",
    "MandateType",
    "PaymentIntentCancellationReason",
    "PaymentIntentStatus",
    "PaymentMethodType",
    "PayoutFailureCode",
    "PayoutMethod",
    "PayoutSourceType",
    "PayoutStatus",
    "PayoutType",
    "RefundFailureReason",
    "RefundReason",
    "RefundStatus",
    "SetupIntentCancellationReason",
    "SetupIntentStatus",
    "SourceCodeVerificationStatus",
    "SourceFlow",
    "SourceRedirectFailureReason",
    "SourceRedirectStatus",
    "SourceStatus",
    "SourceTransactionStatus",
    "SourceType",
    "SourceUsage",
]


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


class ConfirmationMethod(StripeChoices):
    automatic = "automatic", "Automatic"
    manual = "manual", "Manual"


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


class IntentUsage(StripeChoices):
    on_session = "on_session", "On session"
    off_session = "off_session", "Off session"


class IntentStatus(StripeChoices):
    requires_payment_method = "requires_payment_method", "Requires payment method"
    requires_confirmation = "requires_confirmation", "Requires confirmation"
    requires_action = "requires_action", "Requires action"
    processing = "processing", "Processing"
    canceled = "canceled", "Canceled"


class MandateStatus(StripeChoices):
    active = "active", "Active"
    inactive = "inactive", "Inactive"
    pending = "pending", "Pending"


class MandateType(StripeChoices):
    multi_use = "multi_use", "Multi use"
    single_use = "single_use", "Single use"


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


class SetupIntentCancellationReason(StripeChoices):
    abandoned = "abandoned", "Abandoned"
    requested_by_customer = "requested_by_customer", "Requested by customer"
    duplicate = "duplicate", "Duplicate"


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


class DjstripePaymentMethodType(StripeChoices):
    alipay_account = "alipay_account", "Alipay account"
    card = "card", "Card"
    bank_account = "bank_account", "Bank account"
    source = "source", "Source"


# --- Invoicing (invoice payments, credit notes, quotes) ---
