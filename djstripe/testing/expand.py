"""``expand[]``: replace ids with the objects they name, along dotted paths.

``expand[]=customer`` on a retrieve, ``expand[]=data.customer`` on a list,
``expand[]=lines.data.price`` through an embedded list, and the *includable*
fields Stripe only returns when asked (``customer.sources``,
``invoice.payments``, ``checkout.session.line_items``, ``charge.refunds``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import errors
from .objects import embedded_list
from .resources import BY_OBJECT, nested_lists_of
from .store import Space

MAX_DEPTH = 4
Resolver = Callable[[str], "dict[str, Any] | None"]
_MISSING = object()


class Expander:
    """Expand paths on copies of stored objects of one space."""

    def __init__(self, space: Space, resolve_account: Resolver) -> None:
        self.space = space
        self.resolve_account = resolve_account

    def apply(self, obj: dict[str, Any], paths: list[str]) -> dict[str, Any]:
        """Expand every path in ``obj`` (a copy the caller owns) and return it."""
        for position, path in enumerate(paths):
            parts = path.split(".")
            if len(parts) - parts.count("data") > MAX_DEPTH:
                raise errors.parameter_invalid(
                    f"expand[{position}]",
                    f"You cannot expand more than {MAX_DEPTH} levels of a property.",
                )
            self._expand(obj, parts, path, position)
        return obj

    def _expand(self, value: Any, parts: list[str], path: str, position: int) -> None:
        if not parts or value is None:
            return
        if isinstance(value, list):
            for item in value:
                self._expand(item, parts, path, position)
            return
        if not isinstance(value, dict):
            return
        head, rest = parts[0], parts[1:]
        if head == "data" and value.get("object") == "list":
            self._expand(value.get("data"), rest, path, position)
            return
        if head not in value:
            included = self._includable(value, head)
            if included is _MISSING:
                raise errors.parameter_invalid(
                    f"expand[{position}]", f"This property cannot be expanded ({path})."
                )
            value[head] = included
        value[head] = self._resolve(value[head])
        self._expand(value[head], rest, path, position)

    def _resolve(self, value: Any) -> Any:
        if isinstance(value, list):
            return [self._resolve(item) for item in value]
        if not isinstance(value, str):
            return value
        record = self.space.get(value)
        if record is not None:
            return record.copy()
        if value.startswith("acct_"):
            return self.resolve_account(value) or value
        return value

    def _includable(self, obj: dict[str, Any], field: str) -> Any:
        extra = INCLUDABLE.get((obj.get("object", ""), field))
        if extra is not None:  # a property Stripe sends only when asked (``expand``)
            return extra(obj)
        resource = BY_OBJECT.get(obj.get("object", ""))
        if resource is None or "id" not in obj:
            return _MISSING
        for nested in nested_lists_of(resource.path):
            if nested.attribute == field and nested.embed != "never":
                return embedded_list(self.space, nested, obj["id"])
        if obj.get("object") == "price" and field == "currency_options":
            return {
                obj.get("currency") or "usd": {
                    "custom_unit_amount": None,
                    "tax_behavior": obj.get("tax_behavior"),
                    "tiers": None,
                    "unit_amount": obj.get("unit_amount"),
                    "unit_amount_decimal": obj.get("unit_amount_decimal"),
                }
            }
        if obj.get("object") == "price" and field == "tiers":
            return None
        return _MISSING


#: Properties Stripe includes only when a request expands them, with what the double
#: answers: (``object`` of the object holding them, or "" for a plain hash, name).
INCLUDABLE: dict[tuple[str, str], Any] = {
    ("coupon", "applies_to"): lambda obj: {"products": []},
    ("", "breakdown"): lambda obj: {"discounts": [], "taxes": []},  # total_details.breakdown
}
