from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DjstripeAppConfig(AppConfig):
    """Registers the system checks, the settings' cache reset and the built-in receivers
    once Django is ready."""

    name = "djstripe"
    label = "djstripe"
    verbose_name = _("Stripe")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # lazy: ready(): Django imports apps.py before the models, which these modules use
        from . import checks  # noqa: F401  (registers the system checks)

        # lazy: ready(): Django imports apps.py before the models, which these modules use
        from .billing import receivers as billing_receivers  # noqa: F401  (price options)
        from .helpers import receivers  # noqa: F401  (links customers made by Checkout)

        # lazy: ready(): Django imports apps.py before the models, which these modules use
        from .settings import connect_setting_changed

        # lazy: ready(): Django imports apps.py before the models, which these modules use
        from .webhooks import views  # noqa: F401  (provides models.delegates: Event.process...)

        connect_setting_changed()
