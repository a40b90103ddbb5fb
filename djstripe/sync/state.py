"""The sync engine's own tables: deletions, objects waiting for a re-read, backfill runs
and their checkpoints, references waiting for their target.

They live with the engine that writes them; :mod:`djstripe.models` re-exports them.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..fields import CaseSensitiveCharField


class Tombstone(models.Model):
    """A Stripe object that was deleted (or removed from its parent's list).

    A deletion is final for that object: data about it that arrives later (a retried or
    delayed event) never brings the row back. Stripe never reuses the ids it makes;
    ids users choose (coupons, plans, products) can be created again, and data of an
    object created after the deleted one (``object_created``) is mirrored as new, as is
    data of the other mode (``livemode``): a coupon code can exist in both.
    """

    stripe_id = CaseSensitiveCharField(max_length=255, unique=True)
    object_type = models.CharField(max_length=100)
    stamp = models.BigIntegerField(default=0, help_text=_("Stripe time of the deletion."))
    object_created = models.BigIntegerField(
        null=True,
        blank=True,
        help_text=_(
            "``created`` of the deleted object. Ids chosen by users (coupon codes, plan ids) "
            "can be used again: an object created later is a new one, not the deleted one."
        ),
    )
    stamp_source = models.CharField(max_length=255, default="", blank=True)
    livemode = models.BooleanField(
        null=True,
        blank=True,
        help_text=_(
            "Mode of the deleted object (null: unknown). The same id in the other mode is "
            "another object, which this deletion does not cover."
        ),
    )
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

    stripe_id = CaseSensitiveCharField(max_length=255)
    model_name = models.CharField(max_length=100)
    stripe_account = CaseSensitiveCharField(max_length=255, default="", blank=True)
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


class SyncRun(models.Model):
    """One backfill (``djstripe_sync_models`` or :func:`djstripe.sync.backfill.backfill`).

    Its checkpoints record how far each partition got, so an interrupted run can be
    resumed, and a later run only lists what was created since. ``model_names`` and
    ``options`` are what a resumed run continues with: ``since``, ``full``,
    ``nested_lists``, ``rate``, and ``api_keys``, each key stored as what identifies it
    (a SHA-256 fingerprint and its masked form), never the key itself.
    """

    class Status(models.TextChoices):
        RUNNING = "running", _("running")
        COMPLETED = "completed", _("completed")
        FAILED = "failed", _("failed: some partitions did not finish")
        INTERRUPTED = "interrupted", _("interrupted")

    started = models.DateTimeField(auto_now_add=True)
    finished = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=20, default=Status.RUNNING, db_index=True)
    stripe_started = models.BigIntegerField(
        default=0, help_text=_("Stripe time (epoch seconds) when the run began.")
    )
    model_names = models.JSONField(default=list, help_text=_("Model names the run lists."))
    options = models.JSONField(default=dict, blank=True)

    class Meta:
        db_table = "djstripe_syncrun"
        verbose_name = _("sync run")
        ordering = ["-started"]

    def __str__(self) -> str:
        return f"sync run {self.pk} ({self.status})"


class SyncCheckpoint(models.Model):
    """Progress of one partition of a run: one model listed for one account and mode.

    Updated in the transaction that writes each page, so after an interruption the
    cursor names the last page that is in the database. ``kind`` is ``list`` (a
    model's list endpoint), ``nested`` (a list under each parent, such as a
    customer's payment methods) or ``events`` (the Events API catch-up).
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")
        SKIPPED = "skipped", _("skipped: Stripe refused the listing (not permitted, not enabled)")

    run = models.ForeignKey(SyncRun, on_delete=models.CASCADE, related_name="checkpoints")
    kind = models.CharField(max_length=20, default="list")
    model_name = models.CharField(max_length=100)
    account = CaseSensitiveCharField(
        max_length=255, help_text=_("Account whose objects are listed.")
    )
    platform = CaseSensitiveCharField(
        max_length=255, help_text=_("Platform account of the API key.")
    )
    livemode = models.BooleanField()
    position = models.PositiveIntegerField(default=0, help_text=_("Order within the run."))
    window = models.CharField(
        max_length=41,
        default="",
        blank=True,
        help_text=_(
            "Creation-time range [start, end) of one part of a large listing, as "
            "'start:end' in epoch seconds (a side empty: open); empty for the whole listing."
        ),
    )
    status = models.CharField(max_length=20, default=Status.PENDING)
    since = models.BigIntegerField(
        null=True, blank=True, help_text=_("Lists objects created after this (null: all).")
    )
    baseline = models.BooleanField(
        default=False,
        help_text=_("Once done, everything created before started_stamp is mirrored."),
    )
    started_stamp = models.BigIntegerField(
        null=True, blank=True, help_text=_("Stripe time of the first page, less a second.")
    )
    cursor = CaseSensitiveCharField(max_length=255, default="", blank=True)
    pages = models.PositiveIntegerField(default=0)
    listed = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    requests = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(default=0.0)
    error = models.TextField(default="", blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "djstripe_synccheckpoint"
        verbose_name = _("sync checkpoint")
        ordering = ["run", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "kind", "model_name", "account", "livemode", "window"],
                name="djstripe_synccheckpoint_unique",
            )
        ]
        indexes = [
            models.Index(
                fields=["kind", "model_name", "account", "livemode", "status"],
                name="djstripe_syncckpt_lookup",
            )
        ]

    def __str__(self) -> str:
        window = f" [{self.window})" if self.window else ""
        return f"{self.kind} {self.model_name} {self.account}{window}: {self.status}"


class SyncPendingLink(models.Model):
    """A foreign key written as NULL during a backfill because its target was not mirrored
    yet; set once the target exists (after the partitions), in one statement per column."""

    model_label = models.CharField(max_length=100)
    stripe_id = CaseSensitiveCharField(max_length=255)
    field_name = models.CharField(max_length=100, help_text=_("Column attname (customer_id)."))
    target_label = models.CharField(max_length=100)
    target_id = CaseSensitiveCharField(max_length=255)
    data_hash = models.CharField(
        max_length=32, help_text=_("Hash of the row's data that held the reference.")
    )
    account = CaseSensitiveCharField(max_length=255, default="", blank=True)
    livemode = models.BooleanField(null=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "djstripe_syncpendinglink"
        verbose_name = _("pending link")
        constraints = [
            models.UniqueConstraint(
                fields=["model_label", "field_name", "stripe_id"],
                name="djstripe_syncpendinglink_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.model_label} {self.stripe_id}.{self.field_name} -> {self.target_id}"


class ObjectLock(models.Model):
    """A lock slot for writers of one Stripe object on MySQL and MariaDB.

    PostgreSQL orders concurrent writers of an object with a transaction-scoped advisory
    lock; MySQL's ``GET_LOCK`` outlives a rollback, so a writer locks (inserting it the
    first time) the row of the object's slot instead, until its transaction ends
    (``sync.dialects.lock_object``). Unused on PostgreSQL and SQLite.
    """

    slot = models.PositiveIntegerField(unique=True)

    class Meta:
        db_table = "djstripe_objectlock"
        verbose_name = _("object lock")

    def __str__(self) -> str:
        return f"lock slot {self.slot}"
