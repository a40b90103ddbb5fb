"""Stripe's currency exponents: amounts are integers in the currency's minor unit.

Zero-decimal currencies (JPY, KRW, ...) have no minor unit, so 2000 JPY is sent
as ``2000``; three-decimal currencies (BHD, KWD, ...) use thousandths. Source:
https://docs.stripe.com/currencies#zero-decimal and #three-decimal.
"""

from __future__ import annotations

from decimal import Decimal
from typing import overload

ZERO_DECIMAL_CURRENCIES = frozenset(
    {
        "bif",
        "clp",
        "djf",
        "gnf",
        "jpy",
        "kmf",
        "krw",
        "mga",
        "pyg",
        "rwf",
        "ugx",
        "vnd",
        "vuv",
        "xaf",
        "xof",
        "xpf",
    }
)
THREE_DECIMAL_CURRENCIES = frozenset({"bhd", "jod", "kwd", "omr", "tnd"})


def exponent(currency: str | None) -> int:
    """Number of decimal places of the currency's major unit (2 when unknown)."""
    code = (currency or "").lower()
    if code in ZERO_DECIMAL_CURRENCIES:
        return 0
    if code in THREE_DECIMAL_CURRENCIES:
        return 3
    return 2


@overload
def to_major_units(amount: int | Decimal, currency: str | None) -> Decimal: ...
@overload
def to_major_units(amount: int | str | Decimal | None, currency: str | None) -> Decimal | None: ...
def to_major_units(amount: int | str | Decimal | None, currency: str | None) -> Decimal | None:
    """Convert Stripe's integer minor units into a Decimal in major units."""
    if amount is None or amount == "":
        return None
    return Decimal(str(amount)).scaleb(-exponent(currency))


def to_minor_units(amount: Decimal | int | float | str, currency: str | None) -> int:
    """Convert a major-unit amount (``Decimal("20.00")`` USD) to Stripe's integer (2000)."""
    value = Decimal(str(amount)).scaleb(exponent(currency))
    return int(value.to_integral_value())


#: Symbols shown before an amount by :func:`format_amount`.
SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "CAD": "CA$", "AUD": "A$"}
#: dj-stripe's sigils (``djstripe.utils.CURRENCY_SIGILS``): the symbol before the amount
#: in :func:`friendly_amount`, which also names the currency after it.
SIGILS = {"CAD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "USD": "$"}


def format_amount(amount: Decimal | None, currency: str | None) -> str:
    """A human-readable amount such as ``$20.00`` or ``¥2,000``."""
    if amount is None:
        return ""
    code = (currency or "").upper()
    places = exponent(currency)
    number = f"{amount:,.{places}f}"
    symbol = SYMBOLS.get(code)
    return f"{symbol}{number}" if symbol else f"{number} {code}".strip()


def friendly_amount(amount: Decimal | int | float | str, currency: str) -> str:
    """A major-unit amount with the currency named: ``$1,000.00 USD``, ``2,000 JPY``.

    dj-stripe's ``get_friendly_currency_amount``, with the currency's own number of
    decimals (dj-stripe always shows two, ``2,000.00 JPY``).
    """
    code = currency.upper()
    number = f"{Decimal(str(amount)):,.{exponent(currency)}f}"
    return f"{SIGILS.get(code, '')}{number} {code}"
