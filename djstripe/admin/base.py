"""The model admins every djstripe model starts from.

:class:`DeclaredAdmin` turns a model's field declarations into list columns,
filters, search fields and a change page (see :mod:`djstripe.admin.columns`).
Columns that need rendering are reached through generated attribute names,
resolved by ``__getattr__``:

* ``show_<field>``: an amount as money, a reference as a link to the referenced
  object's change page, JSON pretty-printed and escaped;
* ``related_<accessor>``: the newest rows that point at the object (a customer's
  ``subscriptions``), linked, with a link to all of them.

:class:`ReadOnlyAdmin` is view-only (djstripe's own bookkeeping);
:class:`MirroredModelAdmin` is view-only too, since Stripe is the source of truth
for mirrored objects, and adds the "Re-sync selected from Stripe" action.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin import helpers
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db.models import Q
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..sync import model_for_reference
from . import columns, display
from .actions import resync_selected
from .related import RelatedLists, is_mirrored, related_label


class Column:
    """A generated list/readonly column: ``column(obj)`` plus the attributes Django reads."""

    def __init__(
        self,
        render: Callable[[Any], Any],
        label: Any,
        *,
        order: str | None = None,
        boolean: bool = False,
    ) -> None:
        self.render = render
        self.short_description = label
        self.__name__ = str(label)
        if order:
            self.admin_order_field = order
        if boolean:
            self.boolean = True

    def __call__(self, obj: Any) -> Any:
        value = self.render(obj)
        return display.EMPTY if value is None else value


class DeclaredAdmin(RelatedLists, admin.ModelAdmin):
    """Columns, filters, search and change page derived from the model's declarations."""

    list_columns: tuple[str, ...] | None = None
    """Model field (or admin attribute) names of the list, in order (default: derived)."""
    list_filters: tuple[Any, ...] | None = None
    """``list_filter`` entries (default: mode, status, indexed flags, creation time)."""
    text_search: tuple[str, ...] | None = None
    """``search_fields`` for text; a pasted Stripe id is always matched exactly."""
    list_deferred: tuple[str, ...] = ()
    """Columns never shown in the list, left out of its query."""
    show_full_result_count = False  # no second COUNT(*) over a large table per page
    list_per_page = 50

    # ---- generated columns -----------------------------------------------------------
    def __getattr__(self, name: str) -> Any:
        if name.startswith(("show_", "related_")) and "model" in self.__dict__:
            column = self._generated_column(name)
            if column is not None:
                return column
        raise AttributeError(name)

    def _generated_column(self, name: str) -> Column | None:
        cache = self.__dict__.setdefault("_columns", {})
        if name not in cache:
            if name.startswith("show_"):
                cache[name] = self._field_column(name.removeprefix("show_"))
            else:
                cache[name] = self._related_column(name.removeprefix("related_"))
        return cache[name]

    def _field_column(self, field_name: str) -> Column | None:
        try:
            field = self.model._meta.get_field(field_name)
        except FieldDoesNotExist:
            return None
        label = field.verbose_name
        if columns.is_amount(field):
            currency = columns.currency_field_for(self.model, field)
            return Column(lambda obj: display.amount(obj, field, currency), label, order=field.name)
        if columns.is_percent(field):
            return Column(lambda obj: display.percent(getattr(obj, field.attname)), label)
        if columns.is_reference(field):
            return Column(lambda obj: self.reference(obj, field), label, order=field.name)
        if columns.is_json(field):
            return Column(lambda obj: self.json_value(getattr(obj, field.attname)), label)
        return None

    def _related_column(self, accessor: str) -> Column | None:
        relation = self._relations().get(accessor)
        if relation is None:
            return None
        label = related_label(relation)
        return Column(lambda obj: self.related_rows(obj, accessor), label)

    def column_name(self, name: str) -> str:
        """The list/readonly name that renders model field ``name`` best."""
        try:
            field = self.model._meta.get_field(name)
        except FieldDoesNotExist:
            return name
        if getattr(field, "concrete", False) and (
            columns.is_amount(field)
            or columns.is_percent(field)
            or columns.is_reference(field)
            or columns.is_json(field)
        ):
            return f"show_{name}"
        return name

    def json_value(self, value: Any) -> Any:
        return display.pretty_json(value) if value not in (None, {}, []) else None

    def reference(self, obj: Any, field: Any) -> Any:
        """A reference column: the referenced object's name, linked to its change page."""
        key = getattr(obj, field.attname)
        if key in (None, ""):
            return None
        try:
            target = getattr(obj, field.name)
        except ObjectDoesNotExist:  # a reference without a constraint (a delivery's event)
            target = None
        model = _concrete_model(field.related_model, key, target)
        if model not in self.admin_site._registry:
            model = field.related_model
        return display.link(model, key, target if target is not None else key, self.admin_site)

    # ---- the list --------------------------------------------------------------------
    def list_column_names(self) -> list[str]:
        names = self.list_columns or tuple(self.default_columns())
        return [self.column_name(name) for name in names]

    def default_columns(self) -> list[str]:
        if is_mirrored(self.model):
            return columns.default_list_columns(self.model)
        return columns.plain_list_columns(self.model)

    def get_list_display(self, request: Any) -> list[Any]:
        return self.list_column_names()

    def get_list_display_links(self, request: Any, list_display: Any) -> Any:
        return list_display[:1]

    small_table = False
    """True for tables of a handful of rows: any list filter is cheap there."""

    def get_list_filter(self, request: Any) -> list[Any]:
        if self.list_filters is None:
            return columns.default_list_filters(self.model)
        if self.small_table:
            return list(self.list_filters)
        # A filter listing a column's values scans the table unless an index has them.
        return [name for name in self.list_filters if columns.cheap_filter(self.model, name)]

    def get_search_fields(self, request: Any) -> list[str]:
        if self.text_search is not None:
            return list(self.text_search)
        return columns.default_search_fields(self.model) or ["=pk"]

    def get_list_select_related(self, request: Any) -> tuple[str, ...]:
        names = set(self.list_column_names())
        return tuple(f.name for f in columns.references(self.model) if f"show_{f.name}" in names)

    def get_queryset(self, request: Any) -> Any:
        queryset = super().get_queryset(request)
        match = getattr(request, "resolver_match", None)
        if self.list_deferred and match and str(match.url_name).endswith("_changelist"):
            queryset = queryset.defer(*self.list_deferred)
        return queryset

    def action_checkbox(self, obj: Any) -> Any:
        """Each row's selection box, labelled for screen readers.

        Django labels it with ``str(obj)``; many models' ``__str__`` read ``stripe_data``,
        which the list leaves out (:attr:`list_deferred`), so that label would cost one
        query per row. A row whose deferred columns are not loaded is labelled by its
        Stripe id (or primary key) instead.
        """
        label = str(obj) if not obj.get_deferred_fields() else getattr(obj, "id", None) or obj.pk
        checkbox = forms.CheckboxInput(
            {
                "class": "action-select",
                "aria-label": format_html(gettext("Select this object for an action - {}"), label),
            },
            lambda value: False,
        )
        return checkbox.render(helpers.ACTION_CHECKBOX_NAME, str(obj.pk))


class ReadOnlyAdmin(DeclaredAdmin):
    """View-only: rows djstripe keeps itself (sync bookkeeping, deliveries, keys it used)."""

    # django-stubs wants fieldset options as a TypedDict of invariant lists; plain dicts
    # and lists of names are what Django reads.
    def get_fieldsets(  # type: ignore[override]
        self, request: Any, obj: Any = None
    ) -> list[tuple[Any, dict[str, Any]]]:
        fields = [self.column_name(field.name) for field in self.model._meta.concrete_fields]
        fieldsets: list[tuple[Any, dict[str, Any]]] = [(None, {"fields": fields})]
        if obj is not None:
            related = self.related_fieldset_names(obj)
            if related:
                fieldsets.append((_("Related objects"), {"fields": related}))
        return fieldsets

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


class MirroredModelAdmin(ReadOnlyAdmin):
    """A mirrored Stripe model: browse, search, follow links, re-sync from Stripe.

    Rows are never added, changed or deleted here (Stripe is the source of truth;
    change them on Stripe, or through djstripe's helpers, and the mirror follows).
    A row's change page is also reachable by its Stripe id
    (``/admin/djstripe/customer/cus_123/change/``).
    """

    actions: tuple[Any, ...] = (resync_selected,)
    list_deferred: tuple[str, ...] = ("stripe_data",)

    def has_resync_permission(self, request: Any) -> bool:
        """Re-syncing writes the mirror: staff with the model's *change* permission."""
        opts = self.opts
        return request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}")

    def get_actions(self, request: Any, action_location: Any = None) -> dict[str, Any]:
        actions = super().get_actions(request, **location(action_location))
        if not self.model.api_path:
            actions.pop("resync_selected", None)  # cannot be read on its own
        return actions

    def get_object(self, request: Any, object_id: str, from_field: str | None = None) -> Any:
        if from_field is None and not str(object_id).isdigit():
            return self.get_queryset(request).filter(id=object_id).first()
        return super().get_object(request, object_id, from_field)

    def get_search_results(self, request: Any, queryset: Any, search_term: str) -> Any:
        term = search_term.strip()
        if columns.STRIPE_ID.match(term):
            match = Q()
            for column in columns.id_search_columns(self.model):
                match |= Q(**{column: term})
            return queryset.filter(match), False
        return super().get_search_results(request, queryset, search_term)

    def get_search_fields(self, request: Any) -> list[str]:
        fields = [name for name in super().get_search_fields(request) if name != "=pk"]
        if "customer__email" not in fields and columns.has_customer_email(self.model):
            fields.append("customer__email")  # an invoice, a charge... by its customer's email
        return fields or ["=id"]

    # ---- the change page ----------------------------------------------------------------
    @admin.display(description=_("Stripe id"))
    def show_id(self, obj: Any) -> Any:
        return display.stripe_id_with_dashboard(obj)

    def detail_field_names(self) -> list[str]:
        """The model's own columns, each rendered as :meth:`column_name` says."""
        return [self.column_name(field.name) for field in columns.own_fields(self.model)]

    # django-stubs wants fieldset options as a TypedDict of invariant lists; plain dicts
    # and lists of names are what Django reads.
    def get_fieldsets(  # type: ignore[override]
        self, request: Any, obj: Any = None
    ) -> list[tuple[Any, dict[str, Any]]]:
        names = columns.field_names(self.model)
        main = ["show_id", *(n for n in ("livemode", "created") if n in names)]
        fieldsets: list[tuple[Any, dict[str, Any]]] = [
            (None, {"fields": main + self.detail_field_names()})
        ]
        if obj is not None:
            related = self.related_fieldset_names(obj)
            if related:
                fieldsets.append((_("Related objects"), {"fields": related}))
        fieldsets.append((_("Stripe data"), {"fields": ["show_metadata", "show_stripe_data"]}))
        fieldsets.append(
            (
                _("djstripe"),
                {
                    "fields": [self.column_name(n) for n in columns.BOOKKEEPING_FIELDS],
                    "classes": ["collapse"],
                },
            )
        )
        return fieldsets

    def show_stripe_data(self, obj: Any) -> Any:
        return display.pretty_json(obj.stripe_data)

    show_stripe_data.short_description = _("Stripe data (as received)")  # type: ignore[attr-defined]


def location(action_location: Any) -> dict[str, Any]:
    """``get_actions`` keyword for Django 6.1+ (actions on change pages), none before."""
    return {} if action_location is None else {"action_location": action_location}


def _concrete_model(model: Any, key: Any, target: Any) -> Any:
    """The model to link a reference to: a polymorphic base's concrete subclass."""
    if target is not None and type(target) is not model and isinstance(target, model):
        return type(target)
    if is_mirrored(model) and isinstance(key, str):
        return model_for_reference(model, key)
    return model
