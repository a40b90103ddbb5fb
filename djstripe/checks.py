"""System checks (``djstripe.E0xx``/``W0xx``/``I0xx``), each with a hint.

Ids are never reused; retired ones are listed as reserved.
"""

from __future__ import annotations

from typing import Any

from django.core import checks


@checks.register("djstripe")
def check_foreign_key_to_field(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    from django.conf import settings

    value = getattr(settings, "DJSTRIPE_FOREIGN_KEY_TO_FIELD", None)
    if value in (None, "id"):
        return []
    return [
        checks.Error(
            f"DJSTRIPE_FOREIGN_KEY_TO_FIELD is {value!r}; djstripe's foreign keys point at the "
            "Stripe id.",
            hint='Set DJSTRIPE_FOREIGN_KEY_TO_FIELD = "id" (or remove the setting).',
            id="djstripe.E002",
        )
    ]
