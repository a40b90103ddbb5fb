"""The base of every enum: a TextChoices that never validates."""

from django.db import models


class StripeChoices(models.TextChoices):
    """A ``TextChoices`` that also answers dj-stripe's ``humanize(value)``."""

    @classmethod
    def humanize(cls, value: str) -> str:
        try:
            return str(cls(value).label)
        except ValueError:
            return str(value).replace("_", " ").capitalize()
