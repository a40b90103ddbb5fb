"""Test clocks: simulated time for test-mode billing objects."""

from __future__ import annotations

__all__ = ["TestClock"]

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..fields import StripeDateTimeField, StripeEnumField
from ..properties import StripeProperty
from .base import StripeModel


class TestClock(StripeModel):
    """A test-mode clock that customers and subscriptions can be attached to.

    Stripe deletes a clock (and the objects attached to it) after ``deletes_after``.
    """

    __test__ = False  # not a pytest test class, despite the name

    stripe_object = "test_helpers.test_clock"
    api_path = "/v1/test_helpers/test_clocks"

    name = models.CharField(max_length=300, default="", blank=True)
    status = StripeEnumField(default="", blank=True, db_index=True)
    frozen_time = StripeDateTimeField(null=True, blank=True)
    deletes_after = StripeDateTimeField(null=True, blank=True, db_index=True)

    status_details = StripeProperty()

    class Meta(StripeModel.Meta):
        verbose_name = _("test clock")

    def __str__(self) -> str:
        return self.name or self.id
