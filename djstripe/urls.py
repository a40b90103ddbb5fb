"""URLs of djstripe. Include them under a prefix of your choice::

    path("stripe/", include("djstripe.urls", namespace="djstripe"))

Each :class:`~djstripe.models.WebhookEndpoint` receives Stripe's deliveries at
``webhook/<uuid>/`` (named ``djstripe:djstripe_webhook_by_uuid``).
"""

from django.urls import path

app_name = "djstripe"

urlpatterns: list = []

try:
    from .webhooks.views import ProcessWebhookView

    urlpatterns.append(
        path(
            "webhook/<uuid:uuid>/",
            ProcessWebhookView.as_view(),
            name="djstripe_webhook_by_uuid",
        )
    )
except ImportError:  # pragma: no cover - until the webhooks package exists
    pass
