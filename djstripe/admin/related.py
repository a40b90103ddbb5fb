"""Related lists on a change page: the newest rows that point at an object, linked.

A customer's page lists its subscriptions, invoices, charges...: for every reverse
foreign key (and many-to-many field) whose model is in the admin, the newest ten
rows, with the columns of that model's own list, and a link to all of them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.admin.utils import display_for_field, display_for_value, label_for_field
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..models.base import StripeModel
from . import columns, display

RELATED_ROWS = 10
"""Rows of each related list on a change page (the rest are a link away)."""
RELATED_COLUMNS = 6


class RelatedLists:
    """Mixin of :class:`~djstripe.admin.base.DeclaredAdmin`: ``related_<accessor>`` columns."""

    admin_site: Any
    model: Any
    related_lists: tuple[str, ...] = ()
    """Reverse/many-to-many accessors shown first on the change page (then the others)."""
    list_column_names: Callable[[], list[str]]
    """The list's columns (:class:`~djstripe.admin.base.DeclaredAdmin` defines it)."""

    def _relations(self) -> dict[str, Any]:
        """Accessor -> relation, for reverse foreign keys and many-to-many fields whose
        model is in the admin."""
        cached = self.__dict__.get("_relations_found")
        if cached is not None and cached[0] == len(self.admin_site._registry):
            return cached[1]
        found: dict[str, Any] = {}
        registry = self.admin_site._registry
        for relation in self.model._meta.related_objects:
            if relation.many_to_many or relation.hidden:
                continue
            if relation.related_model in registry:
                found[relation.get_accessor_name()] = relation
        for field in self.model._meta.many_to_many:
            if field.related_model in registry:
                found[field.name] = field
        first = [name for name in self.related_lists or () if name in found]
        ordered = {name: found[name] for name in (*first, *found)}
        self.__dict__["_relations_found"] = (len(registry), ordered)  # per registry size
        return ordered

    def related_fieldset_names(self, obj: Any) -> list[str]:
        """``related_<accessor>`` of every relation that has rows for ``obj``."""
        return [f"related_{name}" for name in self._relations() if self._related(obj, name)[0]]

    def _related(self, obj: Any, accessor: str) -> tuple[list[Any], bool]:
        """The newest related rows (and whether there are more), fetched once per object."""
        cache = obj.__dict__.setdefault("_djstripe_related", {})
        if accessor not in cache:
            relation = self._relations()[accessor]
            if isinstance(relation, models.Field):  # a many-to-many field of the object
                queryset = getattr(obj, accessor).all()
            else:
                queryset = relation.related_model._default_manager.filter(
                    **{relation.field.name: obj}
                )
            related_admin = self.admin_site._registry[relation.related_model]
            shown = related_admin.summary_columns(exclude=_back_reference(relation))
            select = [
                f.name
                for f in columns.references(relation.related_model)
                if f"show_{f.name}" in shown
            ]
            order = "-created" if "created" in columns.field_names(queryset.model) else "-pk"
            if select:
                queryset = queryset.select_related(*select)
            rows = list(queryset.order_by(order, "-pk")[: RELATED_ROWS + 1])
            cache[accessor] = (rows[:RELATED_ROWS], len(rows) > RELATED_ROWS)
        return cache[accessor]

    def related_rows(self, obj: Any, accessor: str) -> Any:
        rows, more = self._related(obj, accessor)
        if not rows:
            return None
        relation = self._relations()[accessor]
        related_admin = self.admin_site._registry[relation.related_model]
        names = related_admin.summary_columns(exclude=_back_reference(relation))
        headers = [label_for_field(name, rows[0].__class__, related_admin) for name in names]
        body = [
            [related_admin.cell(row, name, first=i == 0) for i, name in enumerate(names)]
            for row in rows
        ]
        footer = None
        if more and not isinstance(relation, models.Field):
            target = relation.field.target_field
            url = display.changelist_url(
                relation.related_model,
                self.admin_site,
                **{f"{relation.field.name}__{target.name}__exact": getattr(obj, target.attname)},
            )
            if url:
                footer = display.format_html(
                    '<p style="margin:4px 0 0"><a href="{}">{}</a></p>',
                    url,
                    _("Show all"),
                )
        return display.table(headers, body, footer)

    def summary_columns(self, exclude: str | None = None) -> list[str]:
        """Columns of this model's rows in another object's related list."""
        names = [
            name
            for name in self.list_column_names()
            if name not in ("livemode", "show_livemode", f"show_{exclude}", exclude)
        ]
        return names[:RELATED_COLUMNS]

    def cell(self, row: Any, name: str, *, first: bool = False) -> Any:
        """One value of ``row`` as the list would show it; the first one links to the row."""
        value: Any
        field = None
        if name.startswith(("show_", "related_")) or hasattr(type(self), name):
            value = getattr(self, name)(row)
        else:
            try:
                field = row._meta.get_field(name)
                value = getattr(row, field.attname)
            except FieldDoesNotExist:
                value = getattr(row, name, None)
                value = value() if callable(value) else value
        shown = (
            display_for_field(value, field, "-")
            if field is not None
            else display_for_value(value, "-")
        )
        if first:
            key = getattr(row, "id", None) if is_mirrored(type(row)) else row.pk
            return display.link(type(row), key, shown, self.admin_site) or shown
        return shown


def related_label(relation: Any) -> Any:
    if isinstance(relation, models.Field):
        return relation.verbose_name
    return relation.related_model._meta.verbose_name_plural


def _back_reference(relation: Any) -> str | None:
    """The field of the related rows that points back at the object (not worth a column)."""
    if isinstance(relation, models.Field):
        return None
    return relation.field.name


def is_mirrored(model: Any) -> bool:
    return issubclass(model, StripeModel)
