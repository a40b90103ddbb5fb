"""The Django admin of djstripe (``django.contrib.admin`` autodiscovers this package).

Every mirrored model is browsable, searchable and read-only (Stripe is the source
of truth), with a "Re-sync selected from Stripe" action; events and deliveries can
be reprocessed; API keys are masked everywhere; webhook endpoints are created,
edited and deleted on Stripe. See docs/admin.md.

To use the admins on another ``AdminSite``, call ``djstripe.admin.registration.register(site)``.
"""

from .base import DeclaredAdmin, MirroredModelAdmin, ReadOnlyAdmin
from .registration import register

#: dj-stripe's name for the base admin of mirrored models (subclassed by projects).
StripeModelAdmin = MirroredModelAdmin

__all__ = ["DeclaredAdmin", "MirroredModelAdmin", "ReadOnlyAdmin", "StripeModelAdmin", "register"]

register()
