"""``{% load djstripe_entitlements %}``: gate parts of a template on a feature.

``{% has_feature "api_access" as can_use_api %}{% if can_use_api %}...{% endif %}``
asks about the request's subscriber, sharing the request's one query with the views
and the ``djstripe.entitlements.features`` context processor.
"""

from __future__ import annotations

from typing import Any

from django import template

from ..entitlements import request_has_feature

register = template.Library()


@register.simple_tag(takes_context=True)
def has_feature(context: dict[str, Any], lookup_key: str) -> bool:
    """Whether the request's subscriber has ``lookup_key`` (False without a request)."""
    request = context.get("request")
    if request is None:
        return False
    return request_has_feature(request, lookup_key)
