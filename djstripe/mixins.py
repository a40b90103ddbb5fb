"""dj-stripe's view and command mixins, for projects that use them.

``PaymentsContextMixin`` and ``SubscriptionMixin`` add the Stripe public key, the
prices and the current subscriber's customer to a class-based view's context;
``VerbosityAwareOutputMixin`` gives a management command dj-stripe's output helpers.
"""

from __future__ import annotations

import sys
import traceback
from typing import Any

from . import settings as djstripe_settings


class PaymentsContextMixin:
    """Adds ``STRIPE_PUBLIC_KEY`` and ``prices`` (every mirrored price) to the context."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        # lazy: loads models (needs the app registry)
        from .models import Price

        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context.update(
            {"STRIPE_PUBLIC_KEY": djstripe_settings.public_key(), "prices": Price.objects.all()}
        )
        return context


class SubscriptionMixin(PaymentsContextMixin):
    """Also adds the request's subscriber's ``customer`` (created on Stripe if needed),
    its ``subscription`` (``None``, or the only one; several raise
    ``MultipleSubscriptionException``) and ``is_prices_plural``."""

    request: Any

    def get_context_data(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        # lazy: loads models (needs the app registry)
        from .models import Customer, Price

        context = super().get_context_data(**kwargs)
        context["is_prices_plural"] = Price.objects.count() > 1
        subscriber = djstripe_settings.subscriber_request_callback()(self.request)
        context["customer"], _ = Customer.get_or_create(subscriber=subscriber)
        context["subscription"] = context["customer"].subscription
        return context


class VerbosityAwareOutputMixin:
    """``output``/``verbose_output`` that follow a management command's ``--verbosity``."""

    verbosity = 1

    def set_verbosity(self, options: dict[str, Any]) -> None:
        self.verbosity = options["verbosity"]

    def output(self, arg: Any) -> None:
        """Write ``arg`` unless the command runs with ``-v 0``."""
        if self.verbosity > 0:
            self._write(arg)

    def verbose_output(self, arg: Any) -> None:
        """Write ``arg`` only with ``-v 2`` or more."""
        if self.verbosity > 1:
            self._write(arg)

    def verbose_traceback(self) -> None:
        """Write the exception being handled, with ``-v 2`` or more."""
        if self.verbosity > 1:
            traceback.print_exc(file=getattr(self, "stderr", None) or sys.stderr)

    def _write(self, arg: Any) -> None:
        stdout = getattr(self, "stdout", None)  # a BaseCommand's, which tests can capture
        (stdout or sys.stdout).write(f"{arg}\n" if stdout is None else str(arg))
