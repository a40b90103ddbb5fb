"""Which model mirrors which Stripe object.

Models are looked up lazily through the app registry (``apps.get_app_config``)
rather than imported, so this module can be imported by the models' own modules
without an import cycle.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from django.apps import apps

if TYPE_CHECKING:
    from ..models.base import StripeModel


@functools.cache
def _stripe_models() -> tuple[type[StripeModel], ...]:
    # lazy: cycle: models.base -> ... -> sync.registry
    from ..models.base import StripeModel

    return tuple(
        model
        for model in apps.get_app_config("djstripe").get_models()
        if issubclass(model, StripeModel) and model.stripe_object
    )


@functools.cache
def _by_object() -> dict[str, type[StripeModel]]:
    table: dict[str, type[StripeModel]] = {}
    for model in _stripe_models():
        for name in (model.stripe_object, *model.stripe_object_aliases):
            table.setdefault(name, model)
    return table


def stripe_models() -> tuple[type[StripeModel], ...]:
    """Every concrete model that mirrors a Stripe object."""
    return _stripe_models()


def model_for_object(object_name: str | None) -> type[StripeModel] | None:
    """The model for a Stripe ``object`` value (``"customer"`` -> Customer), or None."""
    if not object_name:
        return None
    return _by_object().get(object_name)


def derived_links_owner(model: type[StripeModel]) -> type[StripeModel] | None:
    """The model whose ``after_sync`` refreshes the links ``model``'s rows feed
    (``derived_links_of``), or None when the model refreshes its own."""
    name = getattr(model, "derived_links_of", "")
    return model_by_name(name) if name else None


def model_by_name(name: str) -> type[StripeModel] | None:
    """A mirrored model by class name, case-insensitively (``"invoice"`` -> Invoice).

    Asked for every child list of every object a sync adds: one dictionary look-up."""
    return _by_lower_name().get(name.lower())


@functools.cache
def _by_lower_name() -> dict[str, type[StripeModel]]:
    # lazy: cycle: models.base -> ... -> sync.registry
    from ..models.base import StripeModel

    table = {model.__name__.lower(): model for model in _stripe_models()}
    # A polymorphic base (DjstripePaymentMethod) mirrors no ``object`` of its own but is
    # the model of child lists that mix its subclasses (a customer's ``sources``).
    for model in apps.get_app_config("djstripe").get_models():
        if issubclass(model, StripeModel):
            table.setdefault(model.__name__.lower(), model)
    return table


def model_for_reference(
    target: type[StripeModel], stripe_id: str, object_name: str | None = None
) -> Any:
    """The concrete model a reference to ``target`` points at.

    For a polymorphic target (a customer's default source may be a Card, a
    BankAccount or a Source) the expanded object's ``object`` or the id prefix
    decides; otherwise it is ``target`` itself.
    """
    candidates = _mirrored_subclasses(target)
    if len(candidates) <= 1:
        return target
    if object_name:
        named = model_for_object(object_name)
        if named is not None and issubclass(named, target):
            return named
    for model in candidates:
        prefixes = getattr(model, "id_prefixes", ())
        if any(stripe_id.startswith(prefix) for prefix in prefixes):
            return model
    return target


@functools.cache
def _mirrored_subclasses(target: type[StripeModel]) -> tuple[Any, ...]:
    return tuple(m for m in _stripe_models() if issubclass(m, target))


def clear() -> None:
    _stripe_models.cache_clear()
    _by_object.cache_clear()
    _mirrored_subclasses.cache_clear()
    _by_lower_name.cache_clear()
