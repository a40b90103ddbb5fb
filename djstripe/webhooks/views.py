"""The webhook view: verify the delivery, record it, answer Stripe. Nothing else.

Processing happens after the delivery is stored: in the request (default,
``DJSTRIPE_WEBHOOK_PROCESSING = "inline"``) or in a Django task (``"task"``).
"""

from __future__ import annotations

import logging
from typing import Any

import stripe
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from .. import error_reports, signals
from .. import settings as djstripe_settings
from ..api_keys import api_key_for
from ..error_reports import hide_secrets
from ..exceptions import ImproperlyConfiguredError, WebhookSignatureError
from ..models import WebhookEndpoint, WebhookEventTrigger, delegates
from . import endpoints, owners, processing, recording, thin
from .verification import verify

logger = logging.getLogger(__name__)
#: Rejected deliveries are reported here (never with the secret or the signature).
security_logger = logging.getLogger("djstripe.webhooks.security")


class ProcessWebhookView(View):
    """Receive Stripe's deliveries for one :class:`~djstripe.models.WebhookEndpoint`.

    What Stripe receives (Stripe retries any answer but 2xx for up to three days):

    * **200**: the delivery is verified and durably stored with its event (and, when
      processing inline, the event's handlers ran, now or for an earlier copy).
    * **400**: verification failed (``Stripe-Signature`` missing, not matching any
      of the endpoint's secrets, or dated further from now than its tolerance, in
      either direction; with ``retrieve_event``, the body names no event id or one
      Stripe does not know), the body is not a Stripe event (not JSON, nested too
      deeply, a thin event (:mod:`.thin`) without an RFC 3339 ``created`` or with a
      related object not at a Stripe path, ...), or the event is not for this
      endpoint: another mode than the endpoint's, a connected account's event on an
      account endpoint or the reverse (:mod:`.admission`; a thin event's ``context``
      names its account). Nothing is stored; the reason goes to the
      ``djstripe.webhooks.security`` logger.
    * **404**: no endpoint has this uuid. Nothing is stored.
    * **405**: not a POST (``HEAD`` and ``OPTIONS`` answer 200 without touching anything).
    * **413**: the body is larger than ``DJSTRIPE_WEBHOOK_MAX_BODY_BYTES``.
    * **422**: (inline) the event's data can never be stored (an id longer than its
      column, a value the database refuses: :func:`.processing.is_permanent`). The
      event is stored as ``failed`` with the reason; a retry would fail the same way.
    * **500**: the delivery could not be stored, or (inline) an event handler raised
      for a reason that may pass (the database unavailable or timing out, Stripe
      unreachable, a receiver's error): the event is then stored as ``failed`` with
      the error, so Stripe's retry or ``djstripe_process_events --failed`` processes
      it again.
    * **503**: the Stripe API could not be asked: with ``retrieve_event`` validation,
      or for the connected account of a Connect event that is not mirrored yet.

    No request header can stand in for a secret: there is no debug bypass. Error
    reports of a delivery hide every secret (:mod:`djstripe.error_reports`).
    """

    http_method_names = ["post", "head", "options"]

    @classmethod
    def as_view(cls, **initkwargs: Any) -> Any:
        # Stripe posts without a CSRF token or a session; the signature is the credential.
        return csrf_exempt(login_not_required(super().as_view(**initkwargs)))

    def head(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return HttpResponse()

    def post(self, request: HttpRequest, uuid: Any) -> HttpResponse:
        body = _read_body(request)
        if body is None:
            return HttpResponse("Request body too large.", status=413, content_type="text/plain")
        endpoint, copy = endpoints.lookup(uuid)
        if endpoint is not None and copy:
            try:
                answer = receive(request, endpoint, body)[1]
            except endpoints.StaleEndpointError:  # rolled back: nothing of it is stored
                endpoints.forget(uuid)
            else:
                if answer.status_code != 400 or not endpoints.changed(endpoint):
                    return answer
            # The row changed since this process read it (a secret rolled, the endpoint
            # deleted, ...): the delivery is received again, against the row as it is.
            endpoint = endpoints.read(uuid)
        if endpoint is None:
            return HttpResponse("Unknown webhook endpoint.", status=404, content_type="text/plain")
        return receive(request, endpoint, body)[1]


@hide_secrets
def receive(
    request: HttpRequest, endpoint: WebhookEndpoint, body: bytes | None = None
) -> tuple[WebhookEventTrigger, HttpResponse]:
    """Verify, record and (inline) process one delivery to ``endpoint``.

    Returns the trigger (``valid``, and ``processed`` once handled) and the answer
    for Stripe; the view and ``WebhookEventTrigger.from_request`` both use it.
    """
    error_reports.protect(request)
    if body is None:
        body = request.body
    trigger = recording.new_trigger(request, endpoint, body)
    signals.webhook_pre_validate.send(sender=WebhookEventTrigger, instance=trigger)
    owner = endpoint.djstripe_owner_account_id
    try:
        verified = verify(
            endpoint,
            body,
            request.headers.get("Stripe-Signature"),
            api_key_for=lambda livemode: api_key_for(livemode, owner),
        )
        account = thin.account_of(verified.event)
        if account:
            owners.ensure_account(account, api_key=api_key_for(verified.event["livemode"], owner))
    except WebhookSignatureError as error:
        trigger.valid = False
        signals.webhook_post_validate.send(
            sender=WebhookEventTrigger, instance=trigger, valid=False
        )
        security_logger.warning(
            "Rejected a webhook delivery to endpoint %s from %s: %s",
            endpoint.id,
            trigger.remote_ip,
            error,
        )
        return trigger, HttpResponse(str(error), status=400, content_type="text/plain")
    except (stripe.StripeError, ImproperlyConfiguredError) as error:
        logger.warning("Could not ask Stripe while receiving a delivery: %s", error)
        answer = HttpResponse("Stripe could not be reached.", status=503, content_type="text/plain")
        return trigger, answer
    trigger.valid = True
    signals.webhook_post_validate.send(sender=WebhookEventTrigger, instance=trigger, valid=True)
    return trigger, _dispatch(trigger, verified.event, endpoint)


@hide_secrets
def _dispatch(trigger: WebhookEventTrigger, event: dict[str, Any], endpoint: Any) -> HttpResponse:
    owner = endpoint.djstripe_owner_account_id
    api_key = api_key_for(event.get("livemode"), owner)
    callback = djstripe_settings.webhook_event_callback()
    if callback is not None or djstripe_settings.webhook_processing() == "task":
        try:
            needed = processing.store_delivery(trigger, event, owner_account=owner)
        except endpoints.StaleEndpointError:
            raise  # the view receives the delivery again (see .endpoints)
        except Exception:
            logger.exception("Could not store webhook delivery of event %s", event["id"])
            return HttpResponse(
                "Could not store the delivery.", status=500, content_type="text/plain"
            )
        if callback is not None:
            callback(trigger, api_key=api_key)  # dj-stripe's hook: it decides what to run
        elif needed and not _enqueue(event["id"], trigger.pk):
            return HttpResponse("Could not queue the event.", status=500, content_type="text/plain")
        return HttpResponse("Stored.", content_type="text/plain")
    result = processing.process_delivery(trigger, event, api_key=api_key, owner_account=owner)
    if result.permanent:
        return HttpResponse(
            "The event's data can never be stored; it is recorded as failed.",
            status=422,
            content_type="text/plain",
        )
    if not result.ok:
        return HttpResponse("Processing failed.", status=500, content_type="text/plain")
    return HttpResponse("OK", content_type="text/plain")


def _enqueue(event_id: str, trigger_id: int | None) -> bool:
    """Queue the event's processing; on failure the event stays pending (Stripe's retry,
    or ``djstripe_process_events``, queues or processes it)."""
    try:
        # lazy: the tasks framework (django-tasks imports the admin) loads only where used
        from ..tasks import enqueue_event

        enqueue_event(event_id, trigger_id=trigger_id)
    except Exception:
        logger.exception("Could not queue event %s for processing", event_id)
        return False
    return True


def _read_body(request: HttpRequest) -> bytes | None:
    """The body, or None when it exceeds ``DJSTRIPE_WEBHOOK_MAX_BODY_BYTES``.

    ``Content-Length`` is checked first, so an oversized body is never read.
    """
    limit = djstripe_settings.webhook_max_body_bytes()
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > limit:
        return None
    body = request.read(limit + 1)
    return None if len(body) > limit else body


delegates.provide(delegates.RECEIVE, receive)  # WebhookEventTrigger.from_request
