"""Billing meters and usage: meter events (v1 and the v2 stream) and their summaries.

Reported usage is kept per account and mode as ``billing.meter_event`` records keyed
by their identifier, so an identifier counts once (Stripe enforces uniqueness over a
rolling 24 hours; the double, for its whole life). ``GET
/v1/billing/meters/{id}/event_summaries`` aggregates them with the meter's formula.

The v2 stream authenticates with a meter event session's token, not an API key:
:func:`session_for` is what the app asks for that route.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from .. import errors
from ..context import Context
from ..crud import creating, update_object
from ..router import Router
from ..store import Record

#: How long a meter event session's token is valid (Stripe: 15 minutes).
SESSION_SECONDS = 15 * 60
#: Events per stream request (Stripe: up to 100).
STREAM_LIMIT = 100
STREAM_ROUTE = "POST /v2/billing/meter_event_stream"
WINDOWS = {"hour": 3600, "day": 86400}


@dataclass(frozen=True)
class MeterSession:
    """What a session token stands for: the key, mode and account that created it."""

    api_key: str
    livemode: bool
    platform: str
    account: str
    expires_at: int


@creating("billing.meter")
def _new_meter(ctx: Context, obj: dict[str, Any], params: dict[str, Any]) -> None:
    for name in ("display_name", "event_name"):
        if not params.get(name):
            raise errors.parameter_missing(name)
    if not (params.get("default_aggregation") or {}).get("formula"):
        raise errors.parameter_missing("default_aggregation[formula]")
    obj["customer_mapping"] = params.get("customer_mapping") or {
        "event_payload_key": "stripe_customer_id",
        "type": "by_id",
    }
    obj["value_settings"] = params.get("value_settings") or {"event_payload_key": "value"}
    obj["event_time_window"] = params.get("event_time_window")
    obj["status"] = "active"
    obj["status_transitions"] = {"deactivated_at": None}
    obj["updated"] = obj["created"]


def deactivate(ctx: Context, meter_id: str) -> Record:
    return _set_status(ctx, meter_id, "inactive", "billing.meter.deactivated")


def reactivate(ctx: Context, meter_id: str) -> Record:
    return _set_status(ctx, meter_id, "active", "billing.meter.reactivated")


def _set_status(ctx: Context, meter_id: str, status: str, event_type: str) -> Record:
    record = ctx.get(meter_id, "billing.meter")
    now = ctx.now()
    deactivated = now if status == "inactive" else None
    return update_object(
        ctx,
        record,
        event_type=event_type,
        status=status,
        status_transitions={"deactivated_at": deactivated},
        updated=now,
    )


def create_meter_event(ctx: Context) -> dict[str, Any]:
    """``POST /v1/billing/meter_events``: validated and recorded at once."""
    event = _record_event(ctx, ctx.params, timestamp=_epoch(ctx.params.get("timestamp"), ctx))
    return {key: value for key, value in event.items() if key != "id"}


def create_session(ctx: Context) -> dict[str, Any]:
    """``POST /v2/billing/meter_event_session``: a token for the stream, 15 minutes."""
    now = ctx.now()
    token = f"mets_{ctx.ids.text(40)}"
    ctx.store.meter_sessions[token] = MeterSession(
        ctx.request.api_key,
        ctx.livemode,
        ctx.request.platform,
        ctx.request.account,
        now + SESSION_SECONDS,
    )
    return {
        "id": f"mes_{ctx.ids.text(24)}",
        "object": "v2.billing.meter_event_session",
        "authentication_token": token,
        "created": _iso(now),
        "expires_at": _iso(now + SESSION_SECONDS),
        "livemode": ctx.livemode,
    }


def stream(ctx: Context) -> dict[str, Any]:
    """``POST /v2/billing/meter_event_stream``: up to 100 events, recorded in order.

    Stripe validates stream events asynchronously (reporting failures to the
    account); the double refuses a malformed request outright, so tests see it."""
    events = ctx.params.get("events")
    if not isinstance(events, list) or not events:
        raise errors.parameter_missing("events")
    if len(events) > STREAM_LIMIT:
        raise errors.parameter_invalid("events", f"At most {STREAM_LIMIT} events per request.")
    for event in events:
        if not isinstance(event, dict):
            raise errors.parameter_invalid("events", "Each event must be an object.")
        _record_event(ctx, event, timestamp=_epoch_from_iso(event.get("timestamp"), ctx))
    return {}


def session_for(double: Any, token: str) -> MeterSession:
    """The session of a stream request's bearer token; Stripe's errors otherwise."""
    with double.store.lock:
        session = double.store.meter_sessions.get(token)
    if session is None:
        raise errors.StripeError(
            401, "Invalid meter event session token.", error_type="invalid_request_error"
        )
    if double.clock.now() >= session.expires_at:
        raise errors.StripeError(
            401,
            "The meter event session has expired: create a new one.",
            error_type="temporary_session_expired",
            code="billing_meter_event_session_expired",
        )
    return session


def event_summaries(ctx: Context, meter_id: str) -> dict[str, Any]:
    """``GET /v1/billing/meters/{id}/event_summaries`` over the recorded events."""
    meter = ctx.get(meter_id, "billing.meter").obj
    customer = ctx.params.get("customer")
    if not customer:
        raise errors.parameter_missing("customer")
    start, end = (_required_int(ctx.params, name) for name in ("start_time", "end_time"))
    if end <= start:
        raise errors.parameter_invalid("end_time", "end_time must be after start_time.")
    window = ctx.params.get("value_grouping_window")
    step = WINDOWS.get(window, end - start) if window else end - start
    if window and window not in WINDOWS:
        raise errors.parameter_invalid("value_grouping_window", "Use day or hour.")
    events = _events_of(ctx, meter, customer)
    data = []
    for bucket_start in range(start, end, step):
        bucket_end = min(bucket_start + step, end)
        inside = [e for e in events if bucket_start <= e["timestamp"] < bucket_end]
        data.append(_summary(ctx, meter, customer, bucket_start, bucket_end, inside))
    data.reverse()  # newest first
    return {
        "object": "list",
        "data": data,
        "has_more": False,
        "url": f"/v1/billing/meters/{meter_id}/event_summaries",
    }


def _events_of(ctx: Context, meter: dict[str, Any], customer: str) -> list[dict[str, Any]]:
    key = (meter.get("customer_mapping") or {}).get("event_payload_key") or "stripe_customer_id"
    return [
        record.obj
        for record in ctx.space.find("billing.meter_event", "event_name", meter["event_name"])
        if (record.obj.get("payload") or {}).get(key) == customer
    ]


def _summary(
    ctx: Context,
    meter: dict[str, Any],
    customer: str,
    start: int,
    end: int,
    events: list[dict[str, Any]],
) -> dict[str, Any]:
    value_key = (meter.get("value_settings") or {}).get("event_payload_key") or "value"
    values = [Decimal(e["payload"][value_key]) for e in sorted(events, key=_order)]
    formula = (meter.get("default_aggregation") or {}).get("formula")
    if formula == "count":
        total = Decimal(len(values))
    elif formula == "last":
        total = values[-1] if values else Decimal(0)
    else:
        total = sum(values, Decimal(0))
    return {
        "id": f"mtrusg_{meter['id'][-12:]}_{start}",
        "object": "billing.meter_event_summary",
        "aggregated_value": float(total),
        "end_time": end,
        "livemode": ctx.livemode,
        "meter": meter["id"],
        "start_time": start,
        "customer": customer,
    }


def _order(event: dict[str, Any]) -> tuple[int, int]:
    return (event["timestamp"], event["created"])


def _record_event(ctx: Context, params: dict[str, Any], *, timestamp: int) -> dict[str, Any]:
    name = params.get("event_name")
    if not name:
        raise errors.parameter_missing("event_name")
    payload = params.get("payload")
    if not isinstance(payload, dict) or not payload:
        raise errors.parameter_missing("payload")
    meter = _meter_named(ctx, name)
    if meter is not None:
        _check_payload(meter, payload)
    identifier = params.get("identifier") or f"idmp_{ctx.ids.text(24)}"
    existing = ctx.space.get(f"mevt_{identifier}")
    if existing is not None:  # the identifier counted once already
        return existing.copy()
    event = {
        "id": f"mevt_{identifier}",
        "object": "billing.meter_event",
        "created": ctx.now(),
        "event_name": name,
        "identifier": identifier,
        "livemode": ctx.livemode,
        "payload": {str(key): str(value) for key, value in payload.items()},
        "timestamp": timestamp,
    }
    return ctx.store.put(ctx.space, event).copy()


def _meter_named(ctx: Context, event_name: str) -> dict[str, Any] | None:
    for record in ctx.space.find("billing.meter", "event_name", event_name):
        if record.obj.get("status") == "active":
            return record.obj
    return None


def _check_payload(meter: dict[str, Any], payload: dict[str, Any]) -> None:
    customer_key = (meter.get("customer_mapping") or {}).get("event_payload_key")
    value_key = (meter.get("value_settings") or {}).get("event_payload_key")
    if customer_key and not payload.get(customer_key):
        raise errors.parameter_missing(f"payload[{customer_key}]")
    value = payload.get(value_key) if value_key else None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or number < 0:
        raise errors.parameter_invalid(
            f"payload[{value_key}]", f"The meter event value must be a number, not {value!r}."
        )


def _required_int(params: dict[str, Any], name: str) -> int:
    value = params.get(name)
    if value in (None, ""):
        raise errors.parameter_missing(name)
    try:
        return int(value)
    except (TypeError, ValueError):
        raise errors.parameter_invalid(name, f"Invalid integer: {value}") from None


def _epoch(value: Any, ctx: Context) -> int:
    if value in (None, ""):
        return ctx.now()
    try:
        return int(value)
    except (TypeError, ValueError):
        raise errors.parameter_invalid("timestamp", f"Invalid integer: {value}") from None


def _epoch_from_iso(value: Any, ctx: Context) -> int:
    if value in (None, ""):
        return ctx.now()
    try:
        parsed = datetime.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        raise errors.parameter_invalid("timestamp", f"Invalid date-time: {value}") from None
    return int(parsed.timestamp())


def _iso(epoch: int) -> str:
    moment = datetime.datetime.fromtimestamp(epoch, tz=datetime.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def register(router: Router) -> None:
    router.add("POST", "/v1/billing/meters/{id}/deactivate", deactivate)
    router.add("POST", "/v1/billing/meters/{id}/reactivate", reactivate)
    router.add("GET", "/v1/billing/meters/{id}/event_summaries", event_summaries)
    router.add("POST", "/v1/billing/meter_events", create_meter_event)
    router.add("POST", "/v2/billing/meter_event_session", create_session)
    router.add("POST", "/v2/billing/meter_event_stream", stream)
