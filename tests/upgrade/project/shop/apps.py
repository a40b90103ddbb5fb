from django.apps import AppConfig


class ShopConfig(AppConfig):
    """A dj-stripe user's own app: its rows point at dj-stripe's customers and subscriptions."""

    name = "shop"
    default_auto_field = "django.db.models.BigAutoField"
