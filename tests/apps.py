from django.apps import AppConfig


class TestAppConfig(AppConfig):
    """A small app for test-only models (a custom subscriber model)."""

    name = "tests"
    label = "testapp"
    default_auto_field = "django.db.models.BigAutoField"
