"""Every model is exported from ``djstripe.models`` because its module lists it: a model
declared in ``djstripe/models/<area>.py`` and named in that module's ``__all__`` needs no
other registration (the admin, backfill and sync registry find it in the app registry)."""

from __future__ import annotations

import importlib

from django.apps import apps

import djstripe.models


def test_every_model_of_the_app_is_exported_and_listed_in_its_module() -> None:
    missing = []
    for model in apps.get_app_config("djstripe").get_models():
        module = importlib.import_module(model.__module__)
        if not model.__module__.startswith("djstripe.models."):
            continue  # the engine's own tables are re-exported by models/sync_state.py
        if model.__name__ not in getattr(module, "__all__", ()):
            missing.append(f"{model.__module__}.{model.__name__}")
        elif getattr(djstripe.models, model.__name__, None) is not model:
            missing.append(f"djstripe.models.{model.__name__}")
    assert not missing, f"models not exported (add them to their module's __all__): {missing}"


def test_the_package_exports_exactly_what_its_modules_list() -> None:
    exported = set(djstripe.models.__all__)
    assert len(exported) == len(djstripe.models.__all__), "a name is listed twice"
    assert {"Customer", "Subscription", "Charge", "Tombstone", "StripeModel"} <= exported
    assert all(hasattr(djstripe.models, name) for name in exported)
