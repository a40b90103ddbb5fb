"""Gating access on entitlements: does this customer, subscriber or request have a feature?

The answer comes from the mirrored ``ActiveEntitlement`` rows (kept complete by
``entitlements.active_entitlement_summary.updated``), looked up by the feature's
``lookup_key``. For a request, the subscriber's keys are read with one query, the
first time they are asked for, and kept on the request: a view, its decorator, its
templates and the context processor share that one query.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.functional import SimpleLazyObject

from . import settings as djstripe_settings
from .models import ActiveEntitlement, Customer

#: Attribute of the request holding its subscriber's feature keys once read.
REQUEST_CACHE = "_djstripe_feature_keys"


def feature_keys(customer: Customer | None) -> frozenset[str]:
    """The lookup keys of the features ``customer`` is entitled to (one query)."""
    if customer is None or customer.pk is None:
        return frozenset()
    rows = ActiveEntitlement.objects.filter(customer=customer)
    return frozenset(key for key in rows.values_list("lookup_key", flat=True) if key)


def has_feature(customer: Customer | None, lookup_key: str) -> bool:
    """Whether ``customer`` has the feature ``lookup_key`` (``customer.has_feature``)."""
    return _checked_key(lookup_key) in feature_keys(customer)


def subscriber_feature_keys(subscriber: Any, *, livemode: bool | None = None) -> frozenset[str]:
    """The feature keys of the subscriber's customer (``Customer.for_subscriber``) in
    ``livemode`` (default: ``STRIPE_LIVE_MODE``): one query, none for an anonymous user."""
    if subscriber is None or getattr(subscriber, "pk", None) is None:
        return frozenset()
    if getattr(subscriber, "is_anonymous", False):
        return frozenset()
    if livemode is None:
        livemode = djstripe_settings.live_mode()
    # The customer Customer.for_subscriber() picks (the newest live one), as a subquery.
    customer = Customer.objects.filter(subscriber=subscriber, livemode=livemode, deleted=False)
    newest = customer.order_by("-created", "-djstripe_id").values("id")[:1]
    rows = ActiveEntitlement.objects.filter(customer_id=Subquery(newest))
    return frozenset(key for key in rows.values_list("lookup_key", flat=True) if key)


def subscriber_has_feature(
    subscriber: Any, lookup_key: str, *, livemode: bool | None = None
) -> bool:
    """Whether the subscriber (a user, an organization...) has the feature ``lookup_key``."""
    return _checked_key(lookup_key) in subscriber_feature_keys(subscriber, livemode=livemode)


def request_feature_keys(request: HttpRequest) -> frozenset[str]:
    """The feature keys of the request's subscriber (``DJSTRIPE_SUBSCRIBER_MODEL_REQUEST
    _CALLBACK``), read once per request and kept on it."""
    keys = getattr(request, REQUEST_CACHE, None)
    if keys is None:
        subscriber = _subscriber_of(request)
        keys = subscriber_feature_keys(subscriber)
        setattr(request, REQUEST_CACHE, keys)
    return keys


def request_has_feature(request: HttpRequest, lookup_key: str) -> bool:
    return _checked_key(lookup_key) in request_feature_keys(request)


def forget_request_features(request: HttpRequest) -> None:
    """Drop the cached keys (after a purchase in the same request, say)."""
    if hasattr(request, REQUEST_CACHE):
        delattr(request, REQUEST_CACHE)


def refuse(request: HttpRequest, redirect_to: str | None) -> HttpResponse:
    """403 (``PermissionDenied``), or a redirect to ``redirect_to`` (a URL or URL name)."""
    if redirect_to:
        return redirect(redirect_to)
    raise PermissionDenied("This feature is not part of your plan.")


def feature_required(
    *lookup_keys: str, redirect_to: str | None = None
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """A view decorator: the request's subscriber must have every feature named.

    Otherwise the view is refused with 403, or redirected to ``redirect_to`` (a URL or
    a URL name: your pricing page, say)::

        @feature_required("api_access", redirect_to="pricing")
        def api_console(request): ...
    """
    keys = _checked_keys(lookup_keys)

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not keys <= request_feature_keys(request):
                return refuse(request, redirect_to)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class FeatureRequiredMixin:
    """A class-based view mixin: ``required_features`` must all be present.

    Put it first in the bases. ``feature_redirect_url`` (a URL or a URL name) turns
    the 403 into a redirect."""

    required_features: Iterable[str] = ()
    feature_redirect_url: str | None = None

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        keys = _checked_keys(self.required_features)
        if not keys <= request_feature_keys(request):
            return refuse(request, self.feature_redirect_url)
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


def features(request: HttpRequest) -> dict[str, Any]:
    """A context processor: ``djstripe_features``, the set of the subscriber's feature
    keys (``{% if "api_access" in djstripe_features %}``), read only if a template
    uses it, and at most once per request."""
    return {"djstripe_features": SimpleLazyObject(lambda: request_feature_keys(request))}


def _subscriber_of(request: HttpRequest) -> Any:
    user = getattr(request, "user", None)
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return djstripe_settings.subscriber_request_callback()(request)


def _checked_key(lookup_key: Any) -> str:
    if not isinstance(lookup_key, str) or not lookup_key:
        raise ValueError(f"A feature lookup key must be a non-empty string, not {lookup_key!r}.")
    return lookup_key


def _checked_keys(lookup_keys: str | Iterable[Any]) -> frozenset[str]:
    if isinstance(lookup_keys, str):  # one key, not its characters
        lookup_keys = (lookup_keys,)
    lookup_keys = tuple(lookup_keys)
    if not lookup_keys:
        raise ValueError("Name at least one feature lookup key.")
    return frozenset(_checked_key(key) for key in lookup_keys)
