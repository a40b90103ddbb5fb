from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DjstripeAppConfig(AppConfig):
    """Loads the system checks and the built-in event handlers once Django is ready."""

    name = "djstripe"
    label = "djstripe"
    verbose_name = _("Stripe")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import checks, signals  # noqa: F401  (register checks and signals)
        from .settings import connect_setting_changed

        connect_setting_changed()
        try:
            from .webhooks import handlers  # noqa: F401  (register built-in handlers)
        except ImportError:  # pragma: no cover - webhooks package not built yet
            pass
        from .helpers import receivers  # noqa: F401  (link customers made by Checkout)
