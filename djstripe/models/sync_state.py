"""Bookkeeping of the sync engine: deletions and objects waiting for a re-read."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Tombstone(models.Model):
    """A Stripe object that was deleted (or removed from its parent's list).

    Stripe never reuses ids, so a deletion is final: data about the object that
    arrives later (a retried or delayed event) never brings the row back.
    """

    stripe_id = models.CharField(max_length=255, unique=True)
    object_type = models.CharField(max_length=100)
    stamp = models.BigIntegerField(default=0, help_text=_("Stripe time of the deletion."))
    stamp_source = models.CharField(max_length=255, default="", blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "djstripe_tombstone"
        verbose_name = _("deleted Stripe object")

    def __str__(self) -> str:
        return f"{self.object_type} {self.stripe_id} (deleted)"


class PendingReread(models.Model):
    """An object whose freshest state could not be settled and must be re-read from Stripe.

    Written when two events of the same second disagree and the API could not be
    reached, or when a referenced object could not be fetched. The next
    ``djstripe_process_events`` or ``djstripe_sync_models`` run re-reads it.
    """

    stripe_id = models.CharField(max_length=255)
    model_name = models.CharField(max_length=100)
    stripe_account = models.CharField(max_length=255, default="", blank=True)
    livemode = models.BooleanField(null=True)
    reason = models.CharField(max_length=255, default="", blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "djstripe_pendingreread"
        constraints = [
            models.UniqueConstraint(
                fields=["model_name", "stripe_id"], name="djstripe_pendingreread_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.model_name} {self.stripe_id}: {self.reason}"
