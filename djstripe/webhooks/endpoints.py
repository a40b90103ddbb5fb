"""Webhook endpoints by uuid, read once per process and re-checked by every delivery.

Reading the endpoint is the first statement of every delivery, and the rows change
rarely (a secret rolled, an endpoint deleted). So each process keeps the endpoints it
has read, and every delivery it accepts proves, inside the transaction that stores
it, that the row still says what the copy says: the statement that records the
delivery also returns the row's current secrets and whether its other columns
(uuid, tolerance, validation method, mode, Connect flag, owner, expiry of the
previous secret) still match (:func:`check_sql`). A delivery accepted with a copy
that no longer matches raises :class:`StaleEndpointError`, which rolls its
transaction back; the view then forgets the copy, reads the row again and receives
the delivery once more, now against the row (:func:`djstripe.webhooks.views`). A
delivery refused (400) with a copy is likewise retried once with the row when the
row changed: a secret rolled in another process takes effect at once.

Nothing is trusted from the copy that is not confirmed by the same transaction, so a
rotation or a deletion committed by any process or server takes effect with the
next delivery. Saving or deleting an endpoint through the ORM in this process also
drops the copy at once (signals), sparing that delivery the retry.

Only SQLite and PostgreSQL keep copies (their ``INSERT`` returns columns of other
rows); on other databases every delivery reads its endpoint.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from django.core.signals import setting_changed
from django.db import connections, router
from django.db.models.signals import post_delete, post_save

from ..models import WebhookEndpoint

#: Vendors whose ``INSERT ... RETURNING`` may return a scalar subquery over another table.
CACHING_VENDORS = frozenset({"sqlite", "postgresql"})
#: Columns of the endpoint compared by the delivery's statement, besides the secrets.
CHECKED = (
    "djstripe_uuid",
    "djstripe_tolerance",
    "djstripe_validation_method",
    "livemode",
    "connect",
    "djstripe_owner_account_id",
    "djstripe_previous_secret_expires",
)
#: Joins the two secrets in the statement's answer (never part of a ``whsec_`` secret).
SEPARATOR = "|"

_copies: dict[Any, WebhookEndpoint] = {}
_lock = threading.Lock()


class StaleEndpointError(Exception):
    """The copy of the endpoint a delivery was verified with no longer matches its row."""


@dataclass(frozen=True)
class Check:
    """What the delivery's statement must find in the endpoint's row (see :func:`check_sql`)."""

    stripe_id: str
    params: tuple[Any, ...]
    secrets: str


def lookup(uuid: Any) -> tuple[WebhookEndpoint | None, bool]:
    """The endpoint with this uuid, and whether it is a copy kept by this process."""
    copy = _copies.get(str(uuid))
    if copy is not None:
        return copy, True
    endpoint = read(uuid)
    if endpoint is not None and _vendor() in CACHING_VENDORS:
        endpoint._djstripe_copy = True  # type: ignore[attr-defined]
        with _lock:
            _copies[str(uuid)] = endpoint
    return endpoint, False


def read(uuid: Any) -> WebhookEndpoint | None:
    """The endpoint's row as it is now (one SELECT)."""
    return next(iter(WebhookEndpoint.objects.filter(djstripe_uuid=uuid)[:1]), None)


def forget(uuid: Any = None) -> None:
    """Drop the copy of the endpoint with ``uuid`` (every copy when None)."""
    with _lock:
        if uuid is None:
            _copies.clear()
        else:
            _copies.pop(str(uuid), None)


def changed(copy: WebhookEndpoint) -> bool:
    """Whether the row of a copy differs from it (or is gone); drops the copy if so."""
    row = read(copy.djstripe_uuid)
    if row is not None and _fingerprint(row) == _fingerprint(copy):
        return False
    forget(copy.djstripe_uuid)
    return True


def check_of(endpoint: Any) -> Check | None:
    """The check a delivery verified with ``endpoint`` must pass; None unless it is a copy."""
    if not getattr(endpoint, "_djstripe_copy", False):
        return None
    check = endpoint.__dict__.get("_djstripe_check")
    if check is None:  # once per copy: a copy never changes
        check = endpoint.__dict__["_djstripe_check"] = _check(endpoint)
    return check


def _check(endpoint: Any) -> Check:
    connection = connections[_db()]
    params = tuple(
        field.get_db_prep_value(getattr(endpoint, name), connection)
        for name, field in zip(CHECKED, _checked_fields(), strict=True)
    )
    return Check(endpoint.id, params, _secrets(endpoint))


def check_sql(quote: Any) -> str:
    """A scalar subquery: the endpoint's secrets if its other columns are as given
    (parameters: the Stripe id, then each of :data:`CHECKED` twice), else NULL."""
    conditions = " AND ".join(
        f"({quote(column)} = %s OR ({quote(column)} IS NULL AND %s IS NULL))" for column in CHECKED
    )
    secret, previous = quote("secret"), quote("djstripe_previous_secret")
    return (
        f"(SELECT CASE WHEN {conditions} "  # noqa: S608 - quoted identifiers only
        f"THEN COALESCE({secret}, '') || '{SEPARATOR}' || COALESCE({previous}, '') END "
        f"FROM {quote(WebhookEndpoint._meta.db_table)} WHERE {quote('id')} = %s)"
    )


def check_params(check: Check) -> list[Any]:
    """The parameters of :func:`check_sql` for ``check``."""
    return [value for value in check.params for _ in (0, 1)] + [check.stripe_id]


def confirm(check: Check, found: Any) -> None:
    """Raise :class:`StaleEndpointError` unless the statement found what ``check`` expects."""
    if found != check.secrets:
        raise StaleEndpointError("The webhook endpoint changed since this process read it.")


def _checked_fields() -> list[Any]:
    return [WebhookEndpoint._meta.get_field(name) for name in CHECKED]


def _secrets(endpoint: Any) -> str:
    return f"{endpoint.secret or ''}{SEPARATOR}{endpoint.djstripe_previous_secret or ''}"


def _fingerprint(endpoint: Any) -> tuple[Any, ...]:
    return (endpoint.pk, endpoint.id, _secrets(endpoint)) + tuple(
        getattr(endpoint, name) for name in CHECKED
    )


def _db() -> str:
    return router.db_for_write(WebhookEndpoint)


def _vendor() -> str:
    return connections[_db()].vendor


def _drop_all(**_: Any) -> None:
    """An endpoint saved or deleted here, or settings changed: read every endpoint again
    (they are few; its uuid may have been the one that changed)."""
    forget()


post_save.connect(_drop_all, sender=WebhookEndpoint, dispatch_uid="djstripe.endpoints.save")
post_delete.connect(_drop_all, sender=WebhookEndpoint, dispatch_uid="djstripe.endpoints.delete")
setting_changed.connect(_drop_all, dispatch_uid="djstripe.endpoints.settings")
