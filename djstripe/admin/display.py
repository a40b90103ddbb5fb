"""HTML the admin renders: links between objects, amounts, raw JSON, related lists.

Everything from Stripe or the database is untrusted text: it goes through
``format_html`` (which escapes every argument) and is never marked safe raw.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.contrib.admin.utils import quote
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from ..currency import format_amount, to_major_units
from ..fields import StripeQuantumCurrencyAmountField

JSON_STYLE = (
    "margin:0;max-height:36em;overflow:auto;white-space:pre-wrap;word-break:break-word;"
    "font-size:12px;padding:8px;border:1px solid var(--hairline-color, #ddd);"
    "background:var(--darkened-bg, #f8f8f8)"
)


def change_url(model: Any, key: Any, site: Any) -> str | None:
    """The admin change page of ``model``'s row ``key`` (a primary key or, for mirrored
    models, a Stripe id), or None when ``model`` is not in the admin."""
    if key in (None, "") or model not in site._registry:
        return None
    opts = model._meta
    try:
        return reverse(
            f"{site.name}:{opts.app_label}_{opts.model_name}_change",
            args=[quote(key)],
            current_app=site.name,
        )
    except NoReverseMatch:
        return None


def changelist_url(model: Any, site: Any, **params: Any) -> str | None:
    if model not in site._registry:
        return None
    opts = model._meta
    try:
        url = reverse(
            f"{site.name}:{opts.app_label}_{opts.model_name}_changelist", current_app=site.name
        )
    except NoReverseMatch:
        return None
    if params:
        url += "?" + urlencode(params)
    return url


def link(model: Any, key: Any, label: Any, site: Any) -> SafeString | None:
    """``label`` linked to the row's change page (just ``label`` when it has none)."""
    if key in (None, ""):
        return None
    url = change_url(model, key, site)
    if url is None:
        return format_html("{}", label)
    return format_html('<a href="{}">{}</a>', url, label)


def amount(obj: Any, field: Any, currency_field: str | None) -> str | None:
    """An amount column as money (``$20.00``, ``¥2,000``), from minor or major units."""
    value = getattr(obj, field.attname)
    if value is None:
        return None
    currency = getattr(obj, currency_field, "") if currency_field else ""
    if not currency:
        data = obj.__dict__.get("stripe_data")  # only when loaded: never a query per row
        currency = data.get("currency", "") if isinstance(data, dict) else ""
    if not currency:
        return f"{value}"  # unknown currency: the number as stored, unconverted
    if isinstance(field, StripeQuantumCurrencyAmountField):
        value = to_major_units(value, currency)
    return format_amount(Decimal(value), currency)


def percent(value: Any) -> str | None:
    if value is None:
        return None
    return f"{Decimal(str(value)).normalize():f}%"  # str(): floats print as written


#: Keys whose values let someone act as the site or its customers: shown masked.
SECRET_KEYS = frozenset({"secret", "client_secret"})
EMPTY = "-"


def mask_secret(value: Any) -> Any:
    """``whsec_...wxyz``, ``pi_123_secret_...wxyz``: recognisable, never usable."""
    if not isinstance(value, str) or not value:
        return value
    match = re.match(r"^(whsec_|.*_secret_)", value)
    prefix = match.group(1) if match else ""
    tail = value[-4:] if len(value) >= len(prefix) + 12 else ""
    return f"{prefix}...{tail}"


def redact(value: Any) -> Any:
    """A copy of JSON data with the values of :data:`SECRET_KEYS` masked, at any depth."""
    if isinstance(value, dict):
        return {
            key: mask_secret(item) if key in SECRET_KEYS else redact(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [redact(item) for item in value]
    return value


def pretty_json(value: Any) -> SafeString:
    """JSON indented and escaped, secrets masked, in a scrollable block."""
    text = json.dumps(redact(value), indent=2, sort_keys=True, ensure_ascii=False, default=str)
    return format_html('<pre class="djstripe-json" style="{}">{}</pre>', JSON_STYLE, text)


def preformatted(text: str | None) -> SafeString | None:
    if not text:
        return None
    return format_html('<pre style="{}">{}</pre>', JSON_STYLE, text)


def stripe_id_with_dashboard(obj: Any) -> SafeString:
    """The Stripe id, and a link to the object in Stripe's dashboard when it has a page."""
    url = obj.get_stripe_dashboard_url() if hasattr(obj, "get_stripe_dashboard_url") else ""
    if not url:
        return format_html("<code>{}</code>", obj.id)
    return format_html(
        '<code>{}</code> &nbsp;<a href="{}" target="_blank" rel="noopener noreferrer">'
        "View in the Stripe dashboard</a>",
        obj.id,
        url,
    )


def table(
    headers: list[Any], rows: list[list[Any]], footer: SafeString | None = None
) -> SafeString:
    """A small HTML table; cells are escaped unless they are already safe HTML."""
    head = format_html_join("", "<th>{}</th>", ((header,) for header in headers))
    body = format_html_join(
        "",
        "<tr>{}</tr>",
        ((format_html_join("", "<td>{}</td>", ((cell,) for cell in row)),) for row in rows),
    )
    return format_html(
        '<table class="djstripe-related" style="width:auto;margin:0">'
        "<thead><tr>{}</tr></thead><tbody>{}</tbody></table>{}",
        head,
        body,
        footer or "",
    )
