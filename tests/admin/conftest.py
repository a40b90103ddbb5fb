"""Sample data for the admin tests, mirrored from the Stripe API double."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission, User
from django.test import Client

from djstripe import stripe_api
from djstripe.sync import engine
from djstripe.sync.registry import stripe_models
from djstripe.sync.source import Source
from tests.conftest import EXAMPLES

SECRET = "sk_test_djstripe0tests0key"


def mirror_everything(api_key: str = SECRET) -> dict[str, str]:
    """List every listable model from the double into the database (page by page);
    models that list nothing get Stripe's example object. Return failures by model."""
    failures: dict[str, str] = {}
    for model in stripe_models():
        if not model.api_path or not model.listable:
            continue
        try:
            for page in stripe_api.pages(
                model.api_path, api_key=api_key, params=dict(model.list_params)
            ):
                engine.sync_page(
                    model, page.objects, source=Source.api(page.stamp, api_key=api_key)
                )
        except Exception as error:  # noqa: BLE001 - reported by the caller
            failures[model.__name__] = f"{type(error).__name__}: {error}"
    for model in stripe_models():
        if model._default_manager.exists():
            continue
        data = SAMPLES.get(model.__name__) or EXAMPLES.get(model.stripe_object)
        if data is None:
            continue
        try:
            model.sync_from_stripe_data(data, api_key=api_key)
        except Exception as error:  # noqa: BLE001 - reported by the caller
            failures[model.__name__] = f"{type(error).__name__}: {error}"
    return failures


#: Objects Stripe's examples give without an id (they are only seen under a parent).
SAMPLES: dict[str, dict[str, Any]] = {
    "ProductFeature": {
        "id": "prodft_admin1",
        "object": "product_feature",
        "livemode": False,
        "entitlement_feature": {
            "id": "feat_admin1",
            "object": "entitlements.feature",
            "active": True,
            "livemode": False,
            "lookup_key": "admin-feature",
            "metadata": {},
            "name": "Admin feature",
        },
    },
}


@pytest.fixture
def site() -> admin.AdminSite:
    return admin.site


def staff_client(*codenames: str, username: str = "staff") -> tuple[Client, User]:
    """A logged-in staff user with exactly these ``djstripe`` permissions."""
    user = User.objects.create_user(username, password="pw", is_staff=True)
    for codename in codenames:
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label="djstripe", codename=codename)
        )
    client = Client()
    client.force_login(user)
    return client, user


def change_url(model: Any, key: Any) -> str:
    opts = model._meta
    return f"/admin/{opts.app_label}/{opts.model_name}/{key}/change/"


def changelist_url(model: Any) -> str:
    opts = model._meta
    return f"/admin/{opts.app_label}/{opts.model_name}/"


def text_of(response: Any) -> str:
    """The page's visible text, tags stripped, whitespace collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def messages_of(response: Any) -> list[str]:
    return [str(message) for message in response.context["messages"]] if response.context else []
