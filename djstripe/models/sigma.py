"""Sigma: runs of scheduled SQL queries over the account's data."""

from __future__ import annotations

__all__ = ["ScheduledQueryRun"]

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..enums import ScheduledQueryRunStatus
from ..fields import StripeDateTimeField, StripeEnumField, StripeForeignKey, StripeJSONField
from .base import StripeModel


class ScheduledQueryRun(StripeModel):
    """One run of a scheduled Sigma query; its results are in ``file``."""

    stripe_object = "scheduled_query_run"
    api_path = "/v1/sigma/scheduled_query_runs"

    title = models.TextField(max_length=5000, default="", blank=True)
    sql = models.TextField(default="", blank=True)
    status = StripeEnumField(enum=ScheduledQueryRunStatus, default="", blank=True, db_index=True)
    data_load_time = StripeDateTimeField(
        null=True,
        blank=True,
        db_index=True,
        help_text=_("The time of the snapshot of your data that the query ran on."),
    )
    result_available_until = StripeDateTimeField(null=True, blank=True)
    error = StripeJSONField(null=True, blank=True)
    file = StripeForeignKey(
        "djstripe.File",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        help_text=_("The file holding the results of the query."),
    )

    class Meta(StripeModel.Meta):
        verbose_name = _("scheduled query run")

    def __str__(self) -> str:
        return f"{self.title or self.id} ({self.status})"
