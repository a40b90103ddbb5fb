"""The catalog: the function behind ``Price.create``."""

from __future__ import annotations

from typing import Any

from .. import settings as djstripe_settings
from ..currency import to_minor_units
from .calls import stripe_id, write


def create_price(cls: Any, **kwargs: Any) -> Any:
    """Create a price on Stripe and mirror it; see ``Price.create``."""
    params = dict(kwargs)
    api_key = params.pop("api_key", None) or djstripe_settings.secret_key()
    stripe_account = params.pop("stripe_account", None)
    if params.get("unit_amount") is not None:
        params["unit_amount"] = to_minor_units(params["unit_amount"], params.get("currency"))
    if params.get("product") is not None:
        params["product"] = stripe_id(params["product"])
    return write(
        cls, "post", cls.api_list_path(), params, api_key=api_key, stripe_account=stripe_account
    )
