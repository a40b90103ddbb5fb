"""The table of Stripe resources the double serves.

Each :class:`Resource` says where a collection lives (``/v1/<path>``), what it
holds (the ``object`` name), how its ids look and which verbs it supports; each
:class:`NestedList` describes a list that hangs off a parent object
(``/v1/invoices/{id}/lines``) and whether the parent embeds its first page.
Handlers read these flags; there are no per-resource ``if`` chains in the
generic CRUD code.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Stripe embeds at most this many children in a parent and sets ``has_more``.
EMBEDDED_LIMIT = 10


@dataclass(frozen=True)
class Resource:
    """A top-level collection of the v1 API."""

    path: str
    """URL path under /v1, e.g. ``customers`` or ``checkout/sessions``."""
    object: str
    """Stripe ``object`` name of its members."""
    prefix: str
    """Id prefix for created objects (see ids.IdFactory)."""
    create: bool = True
    update: bool = True
    delete: bool = False
    list: bool = True
    required_list_params: tuple[str, ...] = ()
    """List parameters Stripe insists on (``subscription`` for subscription items)."""
    events: str | None = None
    """Event type prefix (``customer.subscription``); None: writes emit no events."""
    created_events: bool = True
    """False when Stripe emits no ``<prefix>.created`` (payment methods)."""


@dataclass(frozen=True)
class NestedList:
    """A list of children reached through ``/v1/<parent>/{id}/<name>``."""

    parent: str
    """Path of the parent resource."""
    name: str
    """Last URL segment, e.g. ``lines``."""
    objects: tuple[str, ...]
    """Object names of the children (customer sources mix cards, bank accounts, sources)."""
    link: str | None = None
    """Field of the child holding the parent id; None: the store remembers the parent."""
    field: str | None = None
    """Attribute of the parent that shows the list (defaults to ``name``)."""
    embed: str = "expand"
    """``always``: the parent embeds the first page; ``if_present``: only when the
    stored parent already has the field (older API shapes); ``expand``: only on
    ``expand[]=<field>``; ``never``: the list exists only at its URL."""
    url: str | None = None
    """URL shown in the list object, with ``{id}``; defaults to the nested route."""
    create: bool = False
    retrieve: bool = False
    update: bool = False
    delete: bool = False
    prefix: str | None = None
    """Id prefix for children created through this list."""
    events: str | None = None
    """Event type prefix for writes through this list."""

    @property
    def attribute(self) -> str:
        return self.field or self.name

    def url_for(self, parent_id: str) -> str:
        template = self.url or f"/v1/{self.parent}/{{id}}/{self.name}"
        return template.replace("{id}", parent_id)


def _r(path: str, obj: str, prefix: str, **flags: object) -> Resource:
    return Resource(path, obj, prefix, **flags)  # type: ignore[arg-type]


READ_ONLY = {"create": False, "update": False}

RESOURCES: tuple[Resource, ...] = (
    _r("accounts", "account", "acct", delete=True, events="account", created_events=False),
    _r("balance_transactions", "balance_transaction", "txn", **READ_ONLY),
    _r("charges", "charge", "ch", events="charge"),
    _r("refunds", "refund", "re", events="refund"),
    _r("disputes", "dispute", "dp", create=False, events="charge.dispute"),
    _r("mandates", "mandate", "mandate", list=False, **READ_ONLY),
    _r("files", "file", "file", **READ_ONLY),
    _r("file_links", "file_link", "link"),
    _r("payment_intents", "payment_intent", "pi", events="payment_intent"),
    _r("setup_intents", "setup_intent", "seti", events="setup_intent"),
    _r("payouts", "payout", "po", events="payout"),
    _r("events", "event", "evt", **READ_ONLY),
    _r("coupons", "coupon", "coupon", delete=True, events="coupon"),
    _r("promotion_codes", "promotion_code", "promo", events="promotion_code"),
    _r("invoices", "invoice", "in", delete=True, events="invoice"),
    _r("invoiceitems", "invoiceitem", "ii", delete=True, events="invoiceitem"),
    _r("invoice_payments", "invoice_payment", "inpay", **READ_ONLY),
    _r("subscriptions", "subscription", "sub", delete=True, events="customer.subscription"),
    _r(
        "subscription_items",
        "subscription_item",
        "si",
        delete=True,
        required_list_params=("subscription",),
    ),
    _r(
        "subscription_schedules",
        "subscription_schedule",
        "sub_sched",
        events="subscription_schedule",
    ),
    _r("shipping_rates", "shipping_rate", "shr"),
    _r("tax_codes", "tax_code", "txcd", **READ_ONLY),
    _r("tax_ids", "tax_id", "txi", update=False, delete=True, events="tax_id"),
    _r("tax_rates", "tax_rate", "txr", events="tax_rate"),
    _r("checkout/sessions", "checkout.session", "cs", events="checkout.session"),
    _r("application_fees", "application_fee", "fee", **READ_ONLY),
    _r("country_specs", "country_spec", "cspec", **READ_ONLY),
    _r("transfers", "transfer", "tr", events="transfer"),
    _r("payment_methods", "payment_method", "pm", events="payment_method", created_events=False),
    _r("sources", "source", "src", list=False, events="source"),
    _r("entitlements/features", "entitlements.feature", "feat"),
    _r(
        "entitlements/active_entitlements",
        "entitlements.active_entitlement",
        "ent",
        required_list_params=("customer",),
        **READ_ONLY,
    ),
    _r("radar/early_fraud_warnings", "radar.early_fraud_warning", "issfr", **READ_ONLY),
    _r("reviews", "review", "prv", **READ_ONLY),
    _r(
        "identity/verification_sessions",
        "identity.verification_session",
        "vs",
        events="identity.verification_session",
    ),
    _r("identity/verification_reports", "identity.verification_report", "vr", **READ_ONLY),
    _r("sigma/scheduled_query_runs", "scheduled_query_run", "sqr", **READ_ONLY),
    _r(
        "issuing/authorizations",
        "issuing.authorization",
        "iauth",
        create=False,
        events="issuing_authorization",
    ),
    _r("issuing/cards", "issuing.card", "ic", events="issuing_card"),
    _r("issuing/cardholders", "issuing.cardholder", "ich", events="issuing_cardholder"),
    _r("issuing/disputes", "issuing.dispute", "idp", events="issuing_dispute"),
    _r(
        "issuing/transactions",
        "issuing.transaction",
        "ipi",
        create=False,
        events="issuing_transaction",
    ),
    _r("webhook_endpoints", "webhook_endpoint", "we", delete=True),
    _r("plans", "plan", "plan", delete=True, events="plan"),
    _r("prices", "price", "price", events="price"),
    _r("products", "product", "prod", delete=True, events="product"),
    _r("customers", "customer", "cus", delete=True, events="customer"),
    _r("credit_notes", "credit_note", "cn", events="credit_note"),
    _r("quotes", "quote", "qt", events="quote"),
    _r(
        "billing_portal/configurations",
        "billing_portal.configuration",
        "bpc",
        events="billing_portal.configuration",
    ),
    _r("billing/meters", "billing.meter", "mtr", events="billing.meter"),
    _r("billing_portal/sessions", "billing_portal.session", "bps", list=False, update=False),
    _r(
        "test_helpers/test_clocks",
        "test_helpers.test_clock",
        "clock",
        update=False,
        delete=True,
        events="test_helpers.test_clock",
    ),
)

_SOURCES = ("card", "bank_account", "source")

NESTED_LISTS: tuple[NestedList, ...] = (
    NestedList("invoices", "lines", ("line_item",), link="invoice", embed="always"),
    NestedList("invoices", "payments", ("invoice_payment",), link="invoice"),
    NestedList(
        "subscriptions",
        "items",
        ("subscription_item",),
        link="subscription",
        embed="always",
        url="/v1/subscription_items?subscription={id}",
    ),
    NestedList("customers", "payment_methods", ("payment_method",), link="customer", embed="never"),
    NestedList("customers", "subscriptions", ("subscription",), link="customer"),
    NestedList(
        "customers",
        "sources",
        _SOURCES,
        link="customer",
        create=True,
        retrieve=True,
        update=True,
        delete=True,
        prefix="card",
        events="customer.source",
    ),
    NestedList(
        "customers",
        "tax_ids",
        ("tax_id",),
        link="customer",
        create=True,
        retrieve=True,
        delete=True,
        prefix="txi",
        events="customer.tax_id",
    ),
    NestedList(
        "customers",
        "balance_transactions",
        ("customer_balance_transaction",),
        link="customer",
        embed="never",
        create=True,
        retrieve=True,
        update=True,
        prefix="cbtxn",
    ),
    NestedList("charges", "refunds", ("refund",), link="charge", embed="if_present", retrieve=True),
    NestedList(
        "transfers",
        "reversals",
        ("transfer_reversal",),
        link="transfer",
        embed="always",
        create=True,
        retrieve=True,
        update=True,
        prefix="trr",
    ),
    NestedList(
        "application_fees",
        "refunds",
        ("fee_refund",),
        link="fee",
        embed="always",
        create=True,
        retrieve=True,
        update=True,
        prefix="fr",
        events="application_fee.refund",
    ),
    NestedList("checkout/sessions", "line_items", ("item",)),
    NestedList("credit_notes", "lines", ("credit_note_line_item",), embed="always"),
    NestedList("quotes", "line_items", ("item",)),
    NestedList(
        "products",
        "features",
        ("product_feature",),
        embed="never",
        create=True,
        retrieve=True,
        delete=True,
        prefix="prodft",
    ),
    NestedList(
        "accounts",
        "external_accounts",
        ("bank_account", "card"),
        link="account",
        embed="always",
        create=True,
        retrieve=True,
        update=True,
        delete=True,
        prefix="ba",
        events="account.external_account",
    ),
)

BY_PATH: dict[str, Resource] = {resource.path: resource for resource in RESOURCES}
BY_OBJECT: dict[str, Resource] = {resource.object: resource for resource in RESOURCES}


def nested_lists_of(parent_path: str) -> tuple[NestedList, ...]:
    return tuple(nested for nested in NESTED_LISTS if nested.parent == parent_path)


def nested_for_child(object_name: str) -> tuple[NestedList, ...]:
    """Nested lists whose children have this object name."""
    return tuple(nested for nested in NESTED_LISTS if object_name in nested.objects)


def parent_links(object_name: str) -> tuple[str, ...]:
    """Fields of ``object_name`` that point at a parent showing it in a list."""
    return tuple(nested.link for nested in nested_for_child(object_name) if nested.link is not None)


def event_prefix(object_name: str) -> str | None:
    resource = BY_OBJECT.get(object_name)
    return resource.events if resource else None
