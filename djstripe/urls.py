"""URLs of djstripe. Include them under a prefix of your choice::

    path("stripe/", include("djstripe.urls", namespace="djstripe"))

Each :class:`~djstripe.models.WebhookEndpoint` receives Stripe's deliveries at
``webhook/<uuid>/`` (named ``djstripe:djstripe_webhook_by_uuid``); without a
trailing slash when ``APPEND_SLASH = False``, as dj-stripe serves it, so the URLs
Stripe already has keep working.
"""

from django.conf import settings
from django.urls import path as route

from .webhooks.views import ProcessWebhookView

app_name = "djstripe"


def trailing_slash(path: str) -> str:
    """``path`` with a trailing slash, unless the project sets ``APPEND_SLASH = False``."""
    return path + "/" if settings.APPEND_SLASH else path


urlpatterns = [
    route(
        trailing_slash("webhook/<uuid:uuid>"),
        ProcessWebhookView.as_view(),
        name="djstripe_webhook_by_uuid",
    )
]
