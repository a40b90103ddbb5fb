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
        # Imported here, not at the top: Django imports this module before the models,
        # and these modules use them.
        from . import checks  # noqa: F401  (registers the system checks)
        from .billing import receivers as billing_receivers  # noqa: F401  (price options)
        from .helpers import receivers  # noqa: F401  (links customers made by Checkout)
        from .settings import connect_setting_changed

        connect_setting_changed()
