"""dj-stripe's ``djstripe.views``: the webhook view lives in :mod:`djstripe.webhooks.views`."""

from .webhooks.views import ProcessWebhookView

__all__ = ["ProcessWebhookView"]
