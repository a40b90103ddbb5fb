"""Every model in the admin: its list and a change page render, with sample rows."""

from __future__ import annotations

import pytest
from django.apps import apps

from djstripe.admin.registration import mirrored_models
from djstripe.models import Customer
from djstripe.sync.registry import stripe_models

from .conftest import change_url, changelist_url, mirror_everything

pytestmark = pytest.mark.django_db


def test_every_djstripe_model_is_registered(site):
    registered = {model for model in site._registry if model._meta.app_label == "djstripe"}
    expected = {
        model for model in apps.get_app_config("djstripe").get_models() if not model._meta.proxy
    }
    assert expected - registered == set()
    assert set(stripe_models()) <= registered


def test_every_model_lists_and_shows_its_rows(double, admin_client, site):
    failures = mirror_everything()
    assert failures == {}
    empty = [m.__name__ for m in mirrored_models() if not m._default_manager.exists()]
    assert empty == []

    problems = []
    for model in site._registry:
        if model._meta.app_label != "djstripe":
            continue
        listing = admin_client.get(changelist_url(model))
        if listing.status_code != 200:
            problems.append((model.__name__, "list", listing.status_code))
            continue
        row = model._default_manager.order_by("pk").first()
        if row is None:
            continue
        page = admin_client.get(change_url(model, row.pk))
        if page.status_code != 200:
            problems.append((model.__name__, "change", page.status_code))
        mirrored = hasattr(row, "stripe_data")
        if mirrored and page.status_code == 200:
            assert b"djstripe-json" in page.content, model.__name__  # stripe_data shown
            by_stripe_id = admin_client.get(change_url(model, row.id))
            assert by_stripe_id.status_code == 200, model.__name__
            assert by_stripe_id.context["original"].pk == row.pk
    assert problems == []


def test_no_add_button_and_no_editing_on_mirrored_models(double, admin_client):
    mirror_everything()
    customer = Customer.objects.order_by("pk").first()

    listing = admin_client.get(changelist_url(Customer))
    page = admin_client.get(change_url(Customer, customer.id))

    assert listing.context["has_add_permission"] is False
    assert b'class="addlink"' not in listing.content.split(b'id="content"')[1]
    assert admin_client.get(changelist_url(Customer) + "add/").status_code == 403
    assert b'name="_save"' not in page.content
    assert (
        admin_client.post(change_url(Customer, customer.id), {"email": "x@y.z"}).status_code == 403
    )
    delete = admin_client.post(f"{changelist_url(Customer)}{customer.pk}/delete/", {"post": "yes"})
    assert delete.status_code == 403
    assert Customer.objects.filter(pk=customer.pk).exists()


def test_list_filters_that_read_distinct_values_use_an_index(site):
    """A filter that lists a column's values (SELECT DISTINCT) must not scan a large table."""
    from django.db import models

    from djstripe.admin.base import DeclaredAdmin

    unindexed = []
    for model, model_admin in site._registry.items():
        if not isinstance(model_admin, DeclaredAdmin) or model_admin.small_table:
            continue
        for name in model_admin.get_list_filter(None):
            if not isinstance(name, str):
                continue
            field = model._meta.get_field(name)
            if isinstance(field, models.BooleanField | models.DateField) or field.choices:
                continue  # offered as fixed choices, no query
            leading = {index.fields[0] for index in model._meta.indexes if index.fields}
            if not (field.db_index or field.unique or name in leading or field.is_relation):
                unindexed.append(f"{model.__name__}.{name}")
    assert unindexed == []
    filters = site._registry[Customer].get_list_filter(None)
    assert filters == ["livemode", "deleted", "delinquent", "created"]


def test_the_overrides_table_names_only_what_is_shown(site):
    """Every filter the overrides table asks for is kept (none dropped as a table scan)."""
    from djstripe.admin.overrides import OVERRIDES, attributes_for

    dropped = {}
    for name in OVERRIDES:
        model = apps.get_model("djstripe", name)
        asked = list(attributes_for(model).get("list_filters", ()))
        shown = site._registry[model].get_list_filter(None)
        if asked and asked != shown:
            dropped[name] = set(asked) - set(shown)
    assert dropped == {}
