"""Reporting usage to Stripe's billing meters.

Two ways in, one per volume:

* :func:`report_usage` sends one meter event through ``POST /v1/billing/meter_events``
  (``customer.report_usage(...)`` calls it);
* :class:`MeterEventStream` sends many through the v2 meter event stream: it opens a
  meter event session (``POST /v2/billing/meter_event_session``), sends batches of up
  to 100 events with the session's short-lived token (``POST
  /v2/billing/meter_event_stream``) and opens a new session when the token expires.

Every event carries an ``identifier`` (generated when the caller gives none): Stripe
counts an identifier once, so a retried request never bills twice. The HTTP
idempotency key is derived from it as well, so a retry replays Stripe's answer.
"""

from __future__ import annotations

import datetime
import hashlib
import math
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import stripe

from . import stripe_api
from .models.billing_meter import DEFAULT_CUSTOMER_KEY, DEFAULT_VALUE_KEY, Meter, customer_id_of

METER_EVENTS_PATH = "/v1/billing/meter_events"
SESSION_PATH = "/v2/billing/meter_event_session"
STREAM_PATH = "/v2/billing/meter_event_stream"
#: Events per stream request (Stripe's limit).
STREAM_BATCH = 100
#: A session is renewed this long before Stripe says it expires.
SESSION_MARGIN_SECONDS = 60
MAX_IDENTIFIER_LENGTH = 100


@dataclass(frozen=True)
class UsageEvent:
    """One meter event: ``value`` of ``event_name`` used by ``customer`` at ``timestamp``."""

    customer: str
    event_name: str
    value: int | Decimal
    timestamp: datetime.datetime | None = None
    identifier: str = field(default_factory=lambda: uuid.uuid4().hex)
    livemode: bool | None = None
    """The customer's mode, when known: picks the mirrored meter of that mode."""

    def payload(self, keys: tuple[str, str]) -> dict[str, str]:
        customer_key, value_key = keys
        return {customer_key: self.customer, value_key: _number_text(self.value)}


def usage_event(
    customer: Any,
    event_name: str,
    value: int | float | Decimal,
    *,
    timestamp: datetime.datetime | int | None = None,
    identifier: str | None = None,
) -> UsageEvent:
    """A checked :class:`UsageEvent`; ``ValueError``/``TypeError`` naming a bad argument.

    ``customer`` is a Customer row or its id. The payload keys are the mirrored meter's
    for ``event_name`` (``stripe_customer_id``/``value`` when it is not mirrored)."""
    if not isinstance(event_name, str) or not event_name.strip():
        raise ValueError(f"event_name must be a non-empty string, not {event_name!r}.")
    if identifier is not None and (
        not isinstance(identifier, str) or not 0 < len(identifier) <= MAX_IDENTIFIER_LENGTH
    ):
        raise ValueError(
            f"identifier must be a string of 1 to {MAX_IDENTIFIER_LENGTH} characters, "
            f"not {identifier!r}."
        )
    return UsageEvent(
        customer=customer_id_of(customer),
        event_name=event_name,
        value=_checked_value(value),
        timestamp=_checked_timestamp(timestamp),
        identifier=identifier or uuid.uuid4().hex,
        livemode=getattr(customer, "livemode", None),
    )


def report_usage(
    customer: Any,
    event_name: str,
    value: int | float | Decimal,
    *,
    timestamp: datetime.datetime | int | None = None,
    identifier: str | None = None,
    api_key: str | None = None,
    stripe_account: str | None = None,
) -> dict[str, Any]:
    """Report ``value`` of ``event_name`` for ``customer``; return Stripe's meter event.

    With a Customer row, the request uses the customer's mode and account unless
    ``api_key``/``stripe_account`` say otherwise. Pass your own ``identifier`` (an id
    of the usage in your system) to make retries, even across processes, count once.
    """
    event = usage_event(customer, event_name, value, timestamp=timestamp, identifier=identifier)
    api_key, stripe_account = _routing(customer, api_key, stripe_account)
    keys = payload_keys([event])
    params: dict[str, Any] = {
        "event_name": event.event_name,
        "payload": event.payload(keys[event.event_name, event.livemode]),
        "identifier": event.identifier,
    }
    if event.timestamp is not None:
        params["timestamp"] = int(event.timestamp.timestamp())
    return stripe_api.request(
        "post",
        METER_EVENTS_PATH,
        params,
        api_key=api_key,
        stripe_account=stripe_account,
        idempotency_key=f"djstripe-meter-event-{event.identifier}",
    ).data


class MeterEventStream:
    """Send meter events in bulk through the v2 stream, renewing its session as needed.

    ``clock`` (seconds, monotonic) is injectable for tests. Not thread-safe: use one
    stream per thread.
    """

    def __init__(
        self,
        *,
        api_key: str | None = None,
        stripe_account: str | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.api_key = api_key
        self.stripe_account = stripe_account
        self._clock = clock
        self._token: str | None = None
        self._renew_at = 0.0
        self.sessions_opened = 0

    def send(self, events: Iterable[UsageEvent]) -> int:
        """Send the events in batches of 100; return how many were sent."""
        sent = 0
        for batch in _batches(events, STREAM_BATCH):
            self._send_batch(batch)
            sent += len(batch)
        return sent

    def _send_batch(self, batch: list[UsageEvent]) -> None:
        keys = payload_keys(batch)
        body = {"events": [_stream_event(e, keys[e.event_name, e.livemode]) for e in batch]}
        key = _batch_idempotency_key(batch)
        try:
            self._post(body, key)
        except stripe.TemporarySessionExpiredError:
            self._token = None  # expired early (clock skew): one new session, once
            self._post(body, key)

    def _post(self, body: dict[str, Any], idempotency_key: str) -> None:
        stripe_api.request(
            "post",
            STREAM_PATH,
            body,
            api_key=self.api_key,
            idempotency_key=idempotency_key,
            base="meter_events",
            bearer=self._session_token(),
        )

    def _session_token(self) -> str:
        if self._token is None or self._clock() >= self._renew_at:
            data = stripe_api.request(
                "post", SESSION_PATH, {}, api_key=self.api_key, stripe_account=self.stripe_account
            ).data
            lifetime = _seconds_between(data.get("created"), data.get("expires_at"))
            self._token = data["authentication_token"]
            self._renew_at = self._clock() + max(lifetime - SESSION_MARGIN_SECONDS, 0)
            self.sessions_opened += 1
        return self._token


def event_summaries(
    meter: Meter,
    customer: Any,
    start_time: datetime.datetime | int,
    end_time: datetime.datetime | int,
    *,
    value_grouping_window: str | None = None,
    api_key: str | None = None,
) -> list[dict[str, Any]]:
    """Every summary of the meter's usage by ``customer`` in ``[start_time, end_time)``."""
    params: dict[str, Any] = {
        "customer": customer_id_of(customer),
        "start_time": _epoch(start_time, "start_time"),
        "end_time": _epoch(end_time, "end_time"),
    }
    if value_grouping_window:
        params["value_grouping_window"] = value_grouping_window
    path = stripe_api.path("/v1/billing/meters/{id}/event_summaries", id=meter.id)
    return list(
        stripe_api.iterate(
            path,
            params=params,
            api_key=api_key or meter.default_api_key,
            stripe_account=meter._stripe_account_id(),
        )
    )


def _routing(
    customer: Any, api_key: str | None, stripe_account: str | None
) -> tuple[str | None, str | None]:
    if isinstance(customer, str):
        return api_key, stripe_account
    return (
        api_key or customer.default_api_key,
        stripe_account or customer._stripe_account_id(),
    )


def payload_keys(
    events: Iterable[UsageEvent],
) -> dict[tuple[str, bool | None], tuple[str, str]]:
    """``(event_name, livemode) -> (customer key, value key)`` for the events, from the
    active mirrored meters (one query); Stripe's defaults where no meter is mirrored."""
    wanted = {(event.event_name, event.livemode) for event in events}
    meters = Meter.objects.filter(
        event_name__in={name for name, _ in wanted}, status="active"
    ).order_by("created")  # the newest meter of a name wins
    found: dict[tuple[str, bool | None], tuple[str, str]] = {}
    for meter in meters:
        found[meter.event_name, meter.livemode] = meter.payload_keys()
        found[meter.event_name, None] = meter.payload_keys()
    default = (DEFAULT_CUSTOMER_KEY, DEFAULT_VALUE_KEY)
    return {key: found.get(key, default) for key in wanted}


def _checked_value(value: Any) -> int | Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise TypeError(f"value must be a number, not {value!r}.")
    number = Decimal(str(value)) if isinstance(value, float) else value
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"value must be a finite number, not {value!r}.")
    if isinstance(number, Decimal) and not number.is_finite():
        raise ValueError(f"value must be a finite number, not {value!r}.")
    if number < 0:
        raise ValueError(
            f"value must not be negative ({value!r}): correct reported usage with a "
            "meter event adjustment instead."
        )
    return number


def _checked_timestamp(value: Any) -> datetime.datetime | None:
    if value is None:
        return None
    if isinstance(value, bool):
        raise TypeError(f"timestamp must be a datetime or epoch seconds, not {value!r}.")
    if isinstance(value, int):
        return datetime.datetime.fromtimestamp(value, tz=datetime.UTC)
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            raise ValueError(f"timestamp must be timezone-aware, not naive ({value!r}).")
        return value
    raise TypeError(f"timestamp must be a datetime or epoch seconds, not {value!r}.")


def _epoch(value: Any, name: str) -> int:
    moment = _checked_timestamp(value)
    if moment is None:
        raise ValueError(f"{name} is required.")
    return int(moment.timestamp())


def _number_text(value: int | Decimal) -> str:
    return str(value) if isinstance(value, int) else format(value.normalize(), "f")


def _stream_event(event: UsageEvent, keys: tuple[str, str]) -> dict[str, Any]:
    data: dict[str, Any] = {
        "event_name": event.event_name,
        "payload": event.payload(keys),
        "identifier": event.identifier,
    }
    if event.timestamp is not None:
        moment = event.timestamp.astimezone(datetime.UTC)
        data["timestamp"] = moment.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    return data


def _seconds_between(start: Any, end: Any) -> float:
    """Seconds from one ISO 8601 time of Stripe's to another (0 when unreadable)."""
    try:
        first = datetime.datetime.fromisoformat(str(start).replace("Z", "+00:00"))
        last = datetime.datetime.fromisoformat(str(end).replace("Z", "+00:00"))
    except ValueError:
        return 0.0
    return (last - first).total_seconds()


def _batch_idempotency_key(batch: list[UsageEvent]) -> str:
    """The same batch of identifiers gets the same key: a retried request replays."""
    digest = hashlib.sha256("\n".join(event.identifier for event in batch).encode())
    return f"djstripe-meter-stream-{digest.hexdigest()[:40]}"


def _batches(events: Iterable[UsageEvent], size: int) -> Iterator[list[UsageEvent]]:
    batch: list[UsageEvent] = []
    for event in events:
        if not isinstance(event, UsageEvent):
            raise TypeError(f"Expected UsageEvent (see usage_event()), not {event!r}.")
        batch.append(event)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
