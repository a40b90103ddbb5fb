"""Keep Stripe secrets out of Django's error reports.

When an exception escapes a view, Django shows every frame's local variables: on
the ``DEBUG`` page, and in the HTML mail of ``AdminEmailHandler``. Secret keys and
webhook secrets sit in many of djstripe's frames and in stripe-python's.

Two layers keep them out:

* :data:`hide_secrets` (Django's ``sensitive_variables`` with the names djstripe
  gives secrets) on the functions that hold them, for reports rendered by Django's
  default filter. That filter is off while ``DEBUG`` is on, and only hides names.
* :class:`SecretsReporterFilter`, set on every webhook request, hides variables by
  name and also any value, setting or header whose text holds something shaped like
  a Stripe secret, whatever it is called, ``DEBUG`` or not. Use it for a whole site
  with ``DEFAULT_EXCEPTION_REPORTER_FILTER = "djstripe.error_reports.SecretsReporterFilter"``.
"""

from __future__ import annotations

import re
from typing import Any

from django.http import HttpRequest
from django.views.debug import SafeExceptionReporterFilter
from django.views.decorators.debug import sensitive_variables

#: Local variable names that hold secrets in djstripe's code, or dicts that may carry
#: them (``named``: a Django signal's arguments; ``kwargs``: a receiver's).
SECRET_VARIABLES = (
    "api_key",
    "key",
    "keys",
    "secret",
    "secrets",
    "secret_key",
    "new_secret",
    "signature",
    "header",
    "headers",
    "named",
    "kwargs",
)

#: ``sensitive_variables`` for djstripe's functions: one list everywhere, because
#: Django applies the list of the nearest decorated caller to every frame below it.
hide_secrets = sensitive_variables(*SECRET_VARIABLES)

#: Text shaped like a Stripe secret or restricted key or a webhook signing secret.
SECRET_TEXT = re.compile(r"(?:sk|rk)_(?:test|live)_[0-9A-Za-z]+|whsec_[0-9A-Za-z]+")


def holds_secret(value: Any) -> bool:
    """Whether ``value``'s text (its ``repr``) holds something shaped like a secret."""
    try:
        text = value if isinstance(value, str) else repr(value)
    except Exception:  # noqa: BLE001 - a broken __repr__: Django shows it as such
        return False
    return bool(SECRET_TEXT.search(text))


class SecretsReporterFilter(SafeExceptionReporterFilter):
    """Django's safe filter, always active, that also hides values holding a secret."""

    def is_active(self, request: HttpRequest | None) -> bool:
        return True

    def cleanse_setting(self, key: Any, value: Any) -> Any:
        cleansed = super().cleanse_setting(key, value)
        if isinstance(cleansed, (dict, list, tuple)) or cleansed is self.cleansed_substitute:
            return cleansed  # containers are cleansed item by item by the parent class
        return self.cleansed_substitute if holds_secret(cleansed) else cleansed

    def get_traceback_frame_variables(self, request: Any, tb_frame: Any) -> Any:
        variables = super().get_traceback_frame_variables(request, tb_frame)
        names = set(SECRET_VARIABLES)
        return [
            (name, self.cleansed_substitute if name in names or holds_secret(value) else value)
            for name, value in variables
        ]


def protect(request: HttpRequest) -> None:
    """Render error reports of ``request`` with :class:`SecretsReporterFilter`, and hide
    its POST parameters (Stripe posts JSON: a form post carries nothing of Stripe's)."""
    request.exception_reporter_filter = SecretsReporterFilter()  # type: ignore[attr-defined]
    request.sensitive_post_parameters = "__ALL__"  # type: ignore[attr-defined]
