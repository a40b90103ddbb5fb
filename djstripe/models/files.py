"""Files uploaded to Stripe (dispute evidence, identity documents, reports) and their links."""

from __future__ import annotations

__all__ = ["File", "FileLink", "FileUpload"]

from typing import Any, ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..enums import FilePurpose, FileType
from ..fields import StripeDateTimeField, StripeEnumField, StripeForeignKey
from ..properties import StripeProperty
from .base import ChildList, StripeModel


class File(StripeModel):
    """A file hosted by Stripe (``file_...``)."""

    stripe_object = "file"
    stripe_object_aliases = ("file_upload",)  # its name before 2018-02-28
    api_path = "/v1/files"
    child_lists: ClassVar[tuple[ChildList, ...]] = (
        # File links expire but are never deleted: nothing to prune.
        ChildList(
            "links",
            "FileLink",
            parent_field="file",
            nested_path="/v1/file_links?file={id}",
            prune=False,
        ),
    )

    purpose = StripeEnumField(enum=FilePurpose, default="", blank=True, db_index=True)
    type = StripeEnumField(enum=FileType, default="", blank=True)
    size = models.BigIntegerField(null=True, blank=True)
    filename = models.CharField(max_length=255, default="", blank=True)
    url = models.CharField(max_length=2000, default="", blank=True)
    expires_at = StripeDateTimeField(null=True, blank=True)

    title = StripeProperty()

    class Meta(StripeModel.Meta):
        verbose_name = _("file")

    def __str__(self) -> str:
        return self.filename or self.id

    @property
    def filelink_set(self) -> Any:
        """dj-stripe's name of :attr:`links` (the file's links, a related manager)."""
        return self.links


class FileLink(StripeModel):
    """A shareable URL of a file (``link_...``)."""

    stripe_object = "file_link"
    api_path = "/v1/file_links"

    file = StripeForeignKey(
        "djstripe.File", null=True, blank=True, related_name="links", on_delete=models.CASCADE
    )
    expires_at = StripeDateTimeField(null=True, blank=True)
    expired = models.BooleanField(null=True, blank=True)
    url = models.CharField(max_length=2000, default="", blank=True)

    class Meta(StripeModel.Meta):
        verbose_name = _("file link")

    def __str__(self) -> str:
        return self.url or self.id


#: dj-stripe's older name of :class:`File` (file uploads were renamed files by Stripe).
FileUpload = File
