"""The abstract base of every mirrored Stripe object.

A concrete model is its columns, a few class attributes that tell the sync
engine what is special about it, and the convenience methods users call.
``sync_from_stripe_data`` is a thin call into :mod:`djstripe.sync.engine`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, ClassVar

import stripe._object_classes
from django.db import models
from django.utils.translation import gettext_lazy as _

from .. import settings as djstripe_settings
from .. import stripe_api, sync
from ..api_keys import api_key_for_object, connected_account_id
from ..exceptions import ImpossibleAPIRequest
from ..fields import StripeDateTimeField, StripeForeignKey, StripeIdField
from ..properties import StripeProperty
from ..sync import ChildList, DeletionMode, DerivedLinks, SoftDelete
from .managers import StripeModelManager
from .moved import lend

if TYPE_CHECKING:
    from ..sync.source import Source


class _StripeClass:
    """``Model.stripe_class``: the stripe-python resource class of the model's object
    (``stripe.Customer`` for ``Customer``), as dj-stripe exposes it; ``None`` if none."""

    def __get__(self, instance: Any, owner: type) -> Any:
        name = getattr(owner, "stripe_object", "")
        if name not in stripe._object_classes.OBJECT_CLASSES:
            return None
        return stripe._object_classes.get_object_class("V1", name)


class SinceApiVersion:
    """A class attribute that depends on the pinned API version: ``value`` from
    ``version`` on, ``before`` for older versions. Read at access time, so a change of
    ``STRIPE_API_VERSION`` (in tests, say) takes effect at once.

    For parameters an older version would reject, such as expanding a property that
    the version always includes."""

    def __init__(self, version: str, value: Any, before: Any) -> None:
        self.version = version
        self.value = value
        self.before = before

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        return self.value if djstripe_settings.api_version() >= self.version else self.before


class StripeModel(models.Model):
    """Common columns of every Stripe object (dj-stripe's names) and the sync entry points."""

    # ---- What the sync engine needs to know (read by djstripe.sync, never by isinstance) ----
    stripe_object: ClassVar[str] = ""
    """The ``object`` value of the Stripe data this model mirrors (``"customer"``)."""
    stripe_object_aliases: ClassVar[tuple[str, ...]] = ()
    """Other ``object`` values accepted as this model (older API versions' names)."""
    api_path: ClassVar[str | None] = None
    """Collection URL; retrieve is ``{api_path}/{id}``. ``None``: not reachable on its own."""
    listable: ClassVar[bool] = True
    """Whether ``GET api_path`` lists every object of the account (backfill lists it)."""
    list_params: ClassVar[dict[str, Any]] = {}
    """Extra parameters for listing (``{"status": "all"}`` for subscriptions)."""
    list_holds_all: ClassVar[bool] = True
    """Whether that listing returns every object of the account, so an object a complete
    listing did not return is gone (pruned, see :mod:`djstripe.sync.pruning`). False
    when Stripe lists only some (only *open* reviews, only *active* prices)."""
    list_split: ClassVar[bool] = False
    """Whether a backfill with several workers splits this model's listing into
    creation-time ranges (``created[gte]``/``created[lt]``), one partition each, so the
    workers share it: set on models that are large on large accounts."""
    list_expand: ClassVar[tuple[str, ...]] = ()
    """``expand[]`` values used when listing, so a page carries what it references."""
    deletion: ClassVar[DeletionMode] = DeletionMode.HARD
    """What ``*.deleted`` means (see :class:`~djstripe.sync.declarations.DeletionMode`):
    the row removed and a tombstone kept, the row kept and marked deleted, or the
    payload taken as the object's final state (a canceled subscription)."""
    soft_delete: ClassVar[SoftDelete | None] = None
    """How a soft deletion marks the row (``deletion = DeletionMode.SOFT``)."""
    terminal_statuses: ClassVar[frozenset[str]] = frozenset()
    """Values of ``status`` the object never leaves (a ``canceled`` subscription): the
    engine never replaces such a row with data in another status, whatever its stamp
    (see :mod:`djstripe.sync.source`)."""
    mode_scoped: ClassVar[bool] = True
    """Whether each object exists in one mode, live or test: rows carry it in
    ``djstripe_livemode`` (the data's ``livemode``, else the mode of where the data came
    from), and data of the other mode never touches them. False for objects that belong
    to no mode (accounts, country specs, tax codes)."""
    stripe_paths: ClassVar[dict[str, str]] = {}
    """Column name -> dotted path in the Stripe data, where they differ."""
    local_fields: ClassVar[tuple[str, ...]] = ()
    """Columns that djstripe maintains itself and never fills from Stripe data."""
    sticky_fields: ClassVar[tuple[str, ...]] = ()
    """Columns kept as stored when new data has no value for them (links set by others)."""
    child_lists: ClassVar[tuple[ChildList, ...]] = ()
    """Embedded lists synced with the object (see :class:`ChildList`)."""
    stripe_dashboard_item_name: ClassVar[str] = ""
    """Path segment of the object's page in the Stripe dashboard."""
    expand_fields: ClassVar[list[str]] = []
    """dj-stripe compatibility: fields expanded when retrieving."""
    stripe_class = _StripeClass()

    djstripe_id = models.BigAutoField(verbose_name="ID", primary_key=True, serialize=False)
    id = StripeIdField(unique=True, verbose_name=_("Stripe id"))
    livemode = models.BooleanField(
        null=True,
        default=None,
        blank=True,
        help_text=_("Whether the object exists in live mode (false: test mode, null: unknown)."),
    )
    created = StripeDateTimeField(null=True, blank=True, db_index=True)
    metadata = models.JSONField(null=True, blank=True)
    stripe_data = models.JSONField(
        default=dict, help_text=_("The object exactly as Stripe sent it.")
    )
    djstripe_owner_account = StripeForeignKey(
        "djstripe.Account",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The Stripe account this object belongs to."),
    )
    djstripe_created = models.DateTimeField(auto_now_add=True, editable=False)
    djstripe_updated = models.DateTimeField(auto_now=True, editable=False)
    djstripe_stamp = models.BigIntegerField(
        default=0,
        editable=False,
        help_text=_("Stripe time (epoch seconds) of the data last written; older data is ignored."),
    )
    djstripe_stamp_source = models.CharField(
        max_length=255,
        default="",
        blank=True,
        editable=False,
        help_text=_("Event id that wrote the row, or empty for an API read."),
    )
    djstripe_livemode = models.BooleanField(
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "The mode of the row as the sync engine knows it: the data's livemode, else the mode "
            "of where the data came from (the event, the API key). Data of the other mode never "
            "writes the row. Null: unknown."
        ),
    )
    djstripe_stamp_floor = models.BigIntegerField(
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "Set when the data's age is unknown (handed over by a caller): the earliest Stripe "
            "time it can describe. Data of known age from then on replaces it."
        ),
    )
    djstripe_hash = models.CharField(max_length=32, default="", blank=True, editable=False)

    objects = StripeModelManager()
    stripe_objects = StripeModelManager()

    class Meta:
        abstract = True
        get_latest_by = "created"
        ordering = ["-created"]

    description = StripeProperty("description")

    def __str__(self) -> str:
        return self.id or f"<unsynced {type(self).__name__}>"

    # ---- Sync entry points ----
    @classmethod
    def sync_from_stripe_data(
        cls,
        data: Any,
        api_key: str | None = None,
        *,
        stripe_account: str | None = None,
        source: Source | None = None,
    ) -> Any:
        """Upsert this object from Stripe data (a dict or a ``StripeObject``); return the row.

        Idempotent. Objects it references are linked, and fetched from Stripe when
        they are not mirrored yet. Data older than what the row holds changes nothing.
        """
        return sync.sync_object(
            cls, data, api_key=api_key, stripe_account=stripe_account, source=source
        )

    @classmethod
    def api_list(cls, api_key: str | None = None, **params: Any) -> Iterator[Any]:
        """Every object of this type from the Stripe API, as ``StripeObject``s, all pages."""
        for obj in stripe_api.iterate(cls.api_list_path(), api_key=api_key, params=params):
            yield stripe_api.to_stripe_object(obj)

    @classmethod
    def get_expand_params(cls, api_key: str | None = None, **kwargs: Any) -> dict[str, Any]:
        """``kwargs`` with ``expand`` extended by what listing this model expands
        (dj-stripe's helper for ``api_list`` calls)."""
        expand = [*cls.list_expand, *kwargs.get("expand", ())]
        return {**kwargs, "expand": list(dict.fromkeys(expand))} if expand else dict(kwargs)

    @classmethod
    def is_valid_object(cls, data: Any) -> bool:
        """Whether ``data`` is a Stripe object this model mirrors (by its ``object``)."""
        if not cls.stripe_object or not data or not hasattr(data, "get"):
            return False
        return data.get("object") in (cls.stripe_object, *cls.stripe_object_aliases)

    @classmethod
    def retrieve_path(cls, stripe_id: str) -> str:
        """URL of one object (``/v1/customers/cus_1``), the id quoted into one segment."""
        return f"{cls.api_list_path()}/{stripe_api.quote_id(stripe_id)}"

    @classmethod
    def api_list_path(cls) -> str:
        if not cls.api_path:
            raise ImpossibleAPIRequest(f"{cls.__name__} cannot be listed from the Stripe API.")
        return cls.api_path

    def api_retrieve(self, api_key: str | None = None, stripe_account: str | None = None) -> Any:
        """The object as Stripe has it now (a ``StripeObject``)."""
        data, _ = stripe_api.retrieve_model(
            type(self),
            self.id,
            api_key=api_key or self.default_api_key,
            stripe_account=stripe_account or self._stripe_account_id(),
        )
        return stripe_api.to_stripe_object(data)

    @classmethod
    def _api_create(cls, api_key: str | None = None, **params: Any) -> Any:
        return stripe_api.to_stripe_object(
            stripe_api.create(cls.api_list_path(), params, api_key=api_key)
        )

    def _api_update(self, api_key: str | None = None, **params: Any) -> Any:
        return stripe_api.to_stripe_object(
            stripe_api.update(
                self.retrieve_path(self.id),
                params,
                api_key=api_key or self.default_api_key,
                stripe_account=params.pop("stripe_account", None) or self._stripe_account_id(),
            )
        )

    def _api_delete(self, api_key: str | None = None, **params: Any) -> Any:
        return stripe_api.to_stripe_object(
            stripe_api.delete(
                self.retrieve_path(self.id),
                params,
                api_key=api_key or self.default_api_key,
                stripe_account=params.pop("stripe_account", None) or self._stripe_account_id(),
            )
        )

    @classmethod
    def _get_or_retrieve(cls, id: str, api_key: str | None = None, **kwargs: Any) -> Any:  # noqa: A002
        """The mirrored row with this Stripe id, fetched and synced when absent."""
        row = cls.objects.filter(id=id).first()
        if row is not None:
            return row

        account = kwargs.get("stripe_account")
        data, stamp = stripe_api.retrieve_model(cls, id, api_key=api_key, stripe_account=account)
        return cls.sync_api_read(data, stamp, api_key=api_key, stripe_account=account)

    @classmethod
    def sync_api_read(
        cls,
        data: Any,
        stamp: int,
        *,
        api_key: str | None = None,
        stripe_account: str | None = None,
    ) -> Any:
        """Sync data just read from the API, stamped with Stripe's clock of that read."""
        return sync.sync_read(cls, data, stamp, api_key=api_key, stripe_account=stripe_account)

    def resync(self, api_key: str | None = None) -> Any:
        """Re-read this object from Stripe and sync it; return the refreshed row."""
        account = self._stripe_account_id()
        key = api_key or self.default_api_key
        data, stamp = stripe_api.retrieve_model(
            type(self), self.id, api_key=key, stripe_account=account
        )
        return type(self).sync_api_read(data, stamp, api_key=key, stripe_account=account)

    # ---- Hooks the sync engine calls (override for real differences in Stripe's shape) ----
    @classmethod
    def stripe_id_for(cls, data: dict[str, Any], parent_data: dict[str, Any] | None) -> str:
        """The unique key of the row for this data (the Stripe id)."""
        return data["id"]

    @classmethod
    def fetch_for_reference(
        cls, stripe_id: str, *, api_key: str | None, stripe_account: str | None
    ) -> tuple[dict[str, Any], int]:
        """Retrieve an object that other data references but the mirror lacks."""
        return stripe_api.retrieve_model(
            cls, stripe_id, api_key=api_key, stripe_account=stripe_account
        )

    @classmethod
    def owner_for(cls, item: Any) -> str | None:
        """The ``djstripe_owner_account`` of a row being synced."""
        return item.source.owner_account

    @classmethod
    def adjust_values(cls, item: Any, values: dict[str, Any]) -> None:
        """Last look at a row's column values before they are written."""

    @classmethod
    def adjust_rows(cls, items: list[Any], rows: list[dict[str, Any]], *, using: str) -> None:
        """Last look at a batch's rows (override to look things up once per batch)."""
        for item, values in zip(items, rows, strict=True):
            cls.adjust_values(item, values)

    # A model may define ``after_sync(cls, stripe_ids, *, using)``: a set-based refresh of
    # its own after its rows are written (see djstripe.sync.derived).
    derived_links: ClassVar[tuple[DerivedLinks, ...]] = ()
    """Links the engine derives from other rows after this model's rows are written (see
    :class:`~djstripe.sync.declarations.DerivedLinks`)."""
    derived_links_of: ClassVar[str] = ""
    """Name of the model whose derived links this model's rows feed (``"Invoice"`` for
    charges and invoice payments). A write (and the end of a backfill) then refreshes
    them once, over the union of the subjects every written model leads to
    (:meth:`derived_subjects`), instead of once per model."""

    @classmethod
    def derived_subjects(cls, stripe_ids: list[str], *, using: str) -> list[str]:
        """Ids of the ``derived_links_of`` model whose links these rows may change."""
        return list(stripe_ids)

    # ---- Helpers ----
    @property
    def default_api_key(self) -> str:
        return api_key_for_object(self)

    def _stripe_account_id(self) -> str | None:
        """The connected account to address this object through, if it is not the platform's."""
        return connected_account_id(self)

    def get_stripe_dashboard_url(self) -> str:
        if not self.stripe_dashboard_item_name or not self.id:
            return ""
        base = "https://dashboard.stripe.com/"
        if self.djstripe_owner_account_id and self._stripe_account_id():
            base += f"{self.djstripe_owner_account_id}/"
        if not self.livemode:
            base += "test/"
        return f"{base}{self.stripe_dashboard_item_name}/{self.id}"


# dj-stripe 2.11's names in ``djstripe.models.base`` (see :mod:`.moved`).
__getattr__, __dir__ = lend(
    __name__, globals(), {"IdempotencyKey"}, aliases={"StripeBaseModel": "StripeModel"}
)
