"""dj-stripe 2.11's ``djstripe.models.radar`` (fraud models live in :mod:`.fraud`)."""

from .fraud import EarlyFraudWarning, Review

__all__ = ["EarlyFraudWarning", "Review"]
