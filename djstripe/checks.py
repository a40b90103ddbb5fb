"""System checks (``djstripe.E0xx``/``W0xx``/``I0xx``), each with a hint.

The checks of the API version in use are in :mod:`djstripe.api_version_checks`, those
of ``check --deploy`` in :mod:`djstripe.deploy_checks`; every id is listed in
:data:`CHECKS` below.

Where dj-stripe 2.11 had a check with the same meaning, its id is kept, so a
project's ``SILENCED_SYSTEM_CHECKS`` keeps working. Ids are never reused: a
retired id, or one that dj-stripe used for something else, stays reserved.

Reserved (never reuse):
    djstripe.E003  dj-stripe: invalid DJSTRIPE_FOREIGN_KEY_TO_FIELD (here: E002)
    djstripe.E004  dj-stripe: DJSTRIPE_WEBHOOK_EVENT_CALLBACK signature
    djstripe.C004  dj-stripe: malformed STRIPE_API_VERSION (here: E008)
    djstripe.C007  dj-stripe: invalid DJSTRIPE_WEBHOOK_VALIDATION (here: E009)
    djstripe.I006  dj-stripe: endpoint without a secret (here: W005)
    djstripe.W001  dj-stripe releases before 2.11
    djstripe.W003  dj-stripe releases before 2.11
    djstripe.W007  DJSTRIPE_FOREIGN_KEY_TO_FIELD not set (it no longer matters)
    djstripe.I001  an endpoint at another API version (database check; now W011)
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, connections, router

from . import api_version_checks, deploy_checks  # noqa: F401 - registers their checks
from . import settings as djstripe_settings
from .api_keys import KEY_PATTERN, livemode_of_key, mask_key
from .settings import (
    DEFAULT_WEBHOOK_TOLERANCE,
    MAX_WEBHOOK_TOLERANCE,
    WEBHOOK_PROCESSING_CHOICES,
    WEBHOOK_VALIDATION_CHOICES,
    webhook_processing,
    webhook_tolerance,
    webhook_validation,
)

#: Every id these checks emit, with what it means (the reference docs are built from it).
CHECKS: dict[str, str] = {
    "djstripe.E001": "DJSTRIPE_SUBSCRIBER_CUSTOMER_KEY is longer than Stripe's 40-character "
    "metadata key limit.",
    "djstripe.E002": 'DJSTRIPE_FOREIGN_KEY_TO_FIELD is neither "id" nor dj-stripe\'s '
    '"djstripe_id".',
    "djstripe.E005": "A live secret key is used while STRIPE_LIVE_MODE is off, or is stored in "
    "a test-mode setting.",
    "djstripe.E006": "A test secret key is used while STRIPE_LIVE_MODE is on, or is stored in "
    "a live-mode setting.",
    "djstripe.E007": "A secret-key setting holds something that is not a Stripe secret or "
    "restricted key.",
    "djstripe.E008": "STRIPE_API_VERSION is not of the form YYYY-MM-DD or YYYY-MM-DD.name.",
    "djstripe.E009": "DJSTRIPE_WEBHOOK_VALIDATION is not one of the accepted values.",
    "djstripe.E010": 'DJSTRIPE_WEBHOOK_PROCESSING is "task" but no tasks backend can be loaded.',
    "djstripe.E011": 'DJSTRIPE_WEBHOOK_PROCESSING is not "inline" or "task".',
    "djstripe.E012": "DJSTRIPE_SUBSCRIBER_MODEL is malformed, not installed, or has no email.",
    "djstripe.E013": "A callback setting cannot be imported or is not callable.",
    "djstripe.W014": "The database holds dj-stripe's tables, not converted yet.",
    "djstripe.W002": "STRIPE_API_HOST is set while DEBUG is off.",
    "djstripe.W004": 'Webhook validation is disabled (DJSTRIPE_WEBHOOK_VALIDATION = "none").',
    "djstripe.W005": "A webhook endpoint has no secret while signatures are verified "
    "(database check).",
    "djstripe.W006": "No secret key is configured for the active mode.",
    "djstripe.W010": 'DJSTRIPE_FOREIGN_KEY_TO_FIELD is "djstripe_id", which no longer matters.',
    "djstripe.W008": 'DJSTRIPE_WEBHOOK_PROCESSING is "task" on a backend that never runs tasks.',
    "djstripe.W009": "DJSTRIPE_WEBHOOK_TOLERANCE is not a positive number of seconds (the "
    "default 300 is used) or exceeds the largest tolerance (capped).",
    "djstripe.W011": "A webhook endpoint that delivers to this site was created at another API "
    "version than the one in use (STRIPE_API_VERSION, or the installed stripe-python's).",
    "djstripe.W012": "The last djstripe_sync_models run synced at another API version than the "
    "one in use.",
    "djstripe.W013": "Deployment: djstripe's tables are on PostgreSQL or MySQL with "
    "CONN_MAX_AGE = 0 (a new connection per webhook delivery).",
    "djstripe.I002": "Deployment: STRIPE_LIVE_MODE is off (test keys, no real payments).",
}

#: Stripe's limit on metadata key length (https://docs.stripe.com/api/metadata).
METADATA_KEY_MAX_LENGTH = 40
#: ``2026-10-28`` or ``2026-10-28.endive``, optionally followed by beta headers
#: (``; feature_beta=v1``), which Stripe accepts in the same ``Stripe-Version`` header.
API_VERSION_PATTERN = re.compile(
    r"^(?P<date>\d{4}-\d{2}-\d{2})(?:\.[a-z][a-z0-9_]*)?(?:;\s*[a-z0-9_]+=[a-z0-9_.]+)*$"
)
_SECRET_KEY_SETTINGS = ("STRIPE_SECRET_KEY", "STRIPE_TEST_SECRET_KEY", "STRIPE_LIVE_SECRET_KEY")
_CALLBACK_SETTINGS = (
    "DJSTRIPE_SUBSCRIBER_MODEL_REQUEST_CALLBACK",
    "DJSTRIPE_IDEMPOTENCY_KEY_CALLBACK",
    "DJSTRIPE_WEBHOOK_EVENT_CALLBACK",
)

Messages = list[checks.CheckMessage]


def valid_api_version(version: str) -> bool:
    """Whether ``version`` is a Stripe API version (``YYYY-MM-DD`` or ``YYYY-MM-DD.name``)."""
    match = API_VERSION_PATTERN.match(version or "")
    if not match:
        return False
    try:
        datetime.date.fromisoformat(match.group("date"))
    except ValueError:
        return False
    return True


# ---- Keys and modes ----------------------------------------------------------------------


@checks.register("djstripe")
def check_api_keys(app_configs: Any = None, **kwargs: Any) -> Messages:
    """Keys of the wrong form or of the other mode, and a missing key for the active mode."""
    messages: Messages = []
    live = djstripe_settings.live_mode()
    for name in _SECRET_KEY_SETTINGS:
        value = getattr(settings, name, None)
        if value:
            messages.extend(_check_key_setting(name, value, live))
    active = djstripe_settings.secret_key()
    reported = {message.id for message in messages}
    if active and not reported & {"djstripe.E005", "djstripe.E006", "djstripe.E007"}:
        messages.extend(_check_active_key_mode(active, live))
    elif not active:
        slot = "STRIPE_LIVE_SECRET_KEY" if live else "STRIPE_TEST_SECRET_KEY"
        messages.append(
            checks.Warning(
                f"No Stripe secret key for {'live' if live else 'test'} mode "
                f"(STRIPE_LIVE_MODE = {live}).",
                hint=f"Set {slot} (from the environment, not in source control). If the "
                "keys are stored as APIKey rows instead, silence djstripe.W006.",
                id="djstripe.W006",
            )
        )
    return messages


def _check_key_setting(name: str, value: Any, live: bool) -> Messages:
    if not isinstance(value, str) or not KEY_PATTERN.match(value) or value.startswith("pk_"):
        shown = mask_key(value) if isinstance(value, str) else type(value).__name__
        return [
            checks.Error(
                f"{name} ({shown}) is not a Stripe secret key.",
                hint="Use a key that starts with sk_test_, sk_live_, rk_test_ or rk_live_ "
                "(publishable pk_ keys belong in the *_PUBLIC_KEY settings).",
                id="djstripe.E007",
            )
        ]
    key_live = livemode_of_key(value)
    if name == "STRIPE_TEST_SECRET_KEY" and key_live:
        return [_live_key_error(f"STRIPE_TEST_SECRET_KEY ({mask_key(value)}) is a live key.")]
    if name == "STRIPE_LIVE_SECRET_KEY" and key_live is False:
        return [_test_key_error(f"STRIPE_LIVE_SECRET_KEY ({mask_key(value)}) is a test key.")]
    return []


def _check_active_key_mode(active: str, live: bool) -> Messages:
    key_live = livemode_of_key(active)
    if key_live and not live:
        return [
            _live_key_error(
                f"STRIPE_LIVE_MODE is off but the secret key in use ({mask_key(active)}) is "
                "a live key: requests would move real money."
            )
        ]
    if key_live is False and live:
        return [
            _test_key_error(
                f"STRIPE_LIVE_MODE is on but the secret key in use ({mask_key(active)}) is a "
                "test key: no real payment would be taken."
            )
        ]
    return []


def _live_key_error(message: str) -> checks.Error:
    return checks.Error(
        message,
        hint="Put live keys in STRIPE_LIVE_SECRET_KEY and set STRIPE_LIVE_MODE = True only "
        "where live payments are intended; use an sk_test_ key everywhere else.",
        id="djstripe.E005",
    )


def _test_key_error(message: str) -> checks.Error:
    return checks.Error(
        message,
        hint="Put the sk_live_ key in STRIPE_LIVE_SECRET_KEY, or set STRIPE_LIVE_MODE = False.",
        id="djstripe.E006",
    )


# ---- Settings of form ---------------------------------------------------------------------


@checks.register("djstripe")
def check_api_version(app_configs: Any = None, **kwargs: Any) -> Messages:
    version = djstripe_settings.api_version()
    if valid_api_version(version):
        return []
    return [
        checks.Error(
            f"STRIPE_API_VERSION {version!r} is not a Stripe API version.",
            hint="Use the form YYYY-MM-DD or YYYY-MM-DD.name, e.g. "
            f"{djstripe_settings.pinned_api_version()!r}, or remove the setting to use the "
            "version of the installed stripe-python.",
            id="djstripe.E008",
        )
    ]


@checks.register("djstripe")
def check_api_host(app_configs: Any = None, **kwargs: Any) -> Messages:
    if settings.DEBUG or not getattr(settings, "STRIPE_API_HOST", None):
        return []
    return [
        checks.Warning(
            f"STRIPE_API_HOST is set ({settings.STRIPE_API_HOST!r}) while DEBUG is off: "
            "Stripe requests do not go to Stripe.",
            hint="Remove STRIPE_API_HOST from production settings; it is meant for tests "
            "against a Stripe API double.",
            id="djstripe.W002",
        )
    ]


@checks.register("djstripe")
def check_foreign_key_to_field(app_configs: Any = None, **kwargs: Any) -> Messages:
    """dj-stripe's setting; here foreign keys always hold the Stripe id, so only a value
    dj-stripe never accepted is an error."""
    value = getattr(settings, "DJSTRIPE_FOREIGN_KEY_TO_FIELD", "id")
    if value == "id":
        return []
    if value == "djstripe_id":
        return [
            checks.Warning(
                'DJSTRIPE_FOREIGN_KEY_TO_FIELD = "djstripe_id" no longer matters: djstripe\'s '
                "foreign keys always hold the Stripe id, and `migrate` converted the columns "
                "dj-stripe filled with djstripe_id values.",
                hint='Remove the setting (or set it to "id").',
                id="djstripe.W010",
            )
        ]
    return [
        checks.Error(
            f'DJSTRIPE_FOREIGN_KEY_TO_FIELD is {value!r}; dj-stripe accepted only "id" and '
            '"djstripe_id", and djstripe\'s foreign keys always hold the Stripe id.',
            hint='Remove the setting (or set it to "id").',
            id="djstripe.E002",
        )
    ]


@checks.register("djstripe")
def check_unconverted_database(
    app_configs: Any = None, databases: Iterable[str] | None = None, **kwargs: Any
) -> Messages:
    """dj-stripe's tables left as they were: every query of the models would fail.

    Reads the database (one introspection query) without being a ``database`` check, so
    a plain ``manage.py check``, ``runserver`` and every command report it. A warning,
    not an error: ``migrate``, which converts the tables, runs the same checks first
    (and Django gives a check no way to tell it apart from ``check``).
    """

    customer = apps.get_model("djstripe", "Customer")
    if not api_version_checks.may_read(customer, databases):
        return []
    alias = router.db_for_write(customer)
    # lazy: the upgrade package is needed by this check and `migrate` only
    from .upgrade import unconverted_tables

    try:
        found = unconverted_tables(connections[alias])
    except DatabaseError:  # unreachable or not created yet: nothing to say
        return []
    if not found:
        return []
    return [
        checks.Warning(
            f"Database {alias!r} holds dj-stripe's tables, which djstripe-mirror has not "
            "converted yet: every query of djstripe's models fails until it has.",
            hint="Back up the database, then run `manage.py migrate djstripe`: it converts "
            'them in place (see "Migrating from dj-stripe" in the docs).',
            id="djstripe.W014",
        )
    ]


@checks.register("djstripe")
def check_subscriber_key_length(app_configs: Any = None, **kwargs: Any) -> Messages:
    key = djstripe_settings.subscriber_customer_key()
    if len(key) <= METADATA_KEY_MAX_LENGTH:
        return []
    return [
        checks.Error(
            f"DJSTRIPE_SUBSCRIBER_CUSTOMER_KEY {key!r} is {len(key)} characters long; Stripe "
            f"accepts metadata keys of at most {METADATA_KEY_MAX_LENGTH}.",
            hint="Use a shorter key (the default is 'djstripe_subscriber').",
            id="djstripe.E001",
        )
    ]


@checks.register("djstripe")
def check_subscriber_model(app_configs: Any = None, **kwargs: Any) -> Messages:
    try:
        djstripe_settings.subscriber_model()
    except ImproperlyConfigured as error:
        return [
            checks.Error(
                str(error),
                hint="Set DJSTRIPE_SUBSCRIBER_MODEL to 'app_label.ModelName' of an installed "
                "model with an email field or attribute, or remove it to use AUTH_USER_MODEL.",
                id="djstripe.E012",
            )
        ]
    return []


@checks.register("djstripe")
def check_callbacks(app_configs: Any = None, **kwargs: Any) -> Messages:
    messages: Messages = []
    for name in _CALLBACK_SETTINGS:
        try:
            djstripe_settings.callback(name)
        except (ImportError, ImproperlyConfigured) as error:
            messages.append(
                checks.Error(
                    f"{name} cannot be used: {error}",
                    hint=f"Set {name} to a callable or the dotted path of one.",
                    id="djstripe.E013",
                )
            )
    return messages


# ---- Webhooks -------------------------------------------------------------------------------


@checks.register("djstripe")
def check_webhook_validation(app_configs: Any = None, **kwargs: Any) -> Messages:
    value = webhook_validation()
    if value == "none":
        return [
            checks.Warning(
                "Webhook validation is disabled: anyone who knows an endpoint's URL can post "
                "events to it.",
                hint='Set DJSTRIPE_WEBHOOK_VALIDATION = "verify_signature" (the default).',
                id="djstripe.W004",
            )
        ]
    if value in WEBHOOK_VALIDATION_CHOICES:
        return []
    return [
        checks.Error(
            f"DJSTRIPE_WEBHOOK_VALIDATION is {value!r}.",
            hint=f"Use one of {', '.join(repr(c) for c in WEBHOOK_VALIDATION_CHOICES)}.",
            id="djstripe.E009",
        )
    ]


@checks.register("djstripe")
def check_webhook_tolerance(app_configs: Any = None, **kwargs: Any) -> Messages:
    value = getattr(settings, "DJSTRIPE_WEBHOOK_TOLERANCE", DEFAULT_WEBHOOK_TOLERANCE)
    used = webhook_tolerance()
    if isinstance(value, int) and not isinstance(value, bool) and value == used:
        return []
    return [
        checks.Warning(
            f"DJSTRIPE_WEBHOOK_TOLERANCE is {value!r}: webhook signatures are accepted "
            f"{used} seconds either side of now instead (replay protection cannot be "
            "switched off).",
            hint=f"Set a number of seconds between 1 and {MAX_WEBHOOK_TOLERANCE} "
            f"(Stripe's default is {DEFAULT_WEBHOOK_TOLERANCE}).",
            id="djstripe.W009",
        )
    ]


@checks.register("djstripe")
def check_webhook_processing(app_configs: Any = None, **kwargs: Any) -> Messages:
    mode = webhook_processing()
    if mode not in WEBHOOK_PROCESSING_CHOICES:
        return [
            checks.Error(
                f"DJSTRIPE_WEBHOOK_PROCESSING is {mode!r}.",
                hint=f"Use one of {', '.join(repr(c) for c in WEBHOOK_PROCESSING_CHOICES)}.",
                id="djstripe.E011",
            )
        ]
    if mode != "task":
        return []
    backend, problem = _tasks_backend()
    if problem:
        return [
            checks.Error(
                f'DJSTRIPE_WEBHOOK_PROCESSING is "task" but {problem}.',
                hint="Install a tasks backend (django.tasks on Django 6, the django-tasks "
                "package before) and configure TASKS, or set DJSTRIPE_WEBHOOK_PROCESSING = "
                '"inline".',
                id="djstripe.E010",
            )
        ]
    if type(backend).__name__ == "DummyBackend":
        return [
            checks.Warning(
                'DJSTRIPE_WEBHOOK_PROCESSING is "task" but the tasks backend is DummyBackend, '
                "which never runs tasks: events would be stored and never processed.",
                hint="Configure a backend with workers (a database, RQ or Celery backend).",
                id="djstripe.W008",
            )
        ]
    return []


def _tasks_backend() -> tuple[Any, str]:
    """(the default tasks backend, "") or (None, what is wrong)."""
    # lazy: django-tasks imports the admin and more; a process without task checks skips it
    from .task_framework import task_backends

    if task_backends is None:
        return None, "no tasks framework is installed"
    try:
        return task_backends["default"], ""
    except Exception as error:  # noqa: BLE001 - any failure to load is the finding
        return None, f"the default tasks backend cannot be loaded ({error})"


@checks.register("djstripe", checks.Tags.database)
def check_webhook_endpoints(
    app_configs: Any = None, databases: Iterable[str] | None = None, **kwargs: Any
) -> Messages:
    """Endpoints that cannot verify deliveries (their API version: ``djstripe.W011``).

    The only check that reads the database: Django runs it when databases are named
    (``check --database default``, ``migrate``). It tolerates tables that do not exist
    yet. Every other check reads settings only.
    """
    try:
        model = apps.get_model("djstripe", "WebhookEndpoint")
    except LookupError:
        return []
    default_method = djstripe_settings.webhook_validation()
    messages: Messages = []
    for alias in _aliases_for(model, databases):
        try:
            endpoints = list(model.objects.using(alias).order_by("pk"))
        except DatabaseError:  # not migrated yet
            continue
        for endpoint in endpoints:
            method = getattr(endpoint, "djstripe_validation_method", "") or default_method
            if method == "verify_signature" and not getattr(endpoint, "secret", ""):
                messages.append(_missing_secret(endpoint))
    return messages


def _missing_secret(endpoint: Any) -> checks.Warning:
    return checks.Warning(
        f"Webhook endpoint {endpoint.id or endpoint.pk} has no secret, so its deliveries "
        "fail signature verification.",
        hint="Stripe shows a secret only when an endpoint is created: run "
        "`manage.py djstripe_webhook_endpoint --base-url https://your.site` to create a new "
        "endpoint and store its secret, or paste the secret from the Stripe dashboard into "
        "the WebhookEndpoint row.",
        obj=endpoint,
        id="djstripe.W005",
    )


def _aliases_for(model: Any, databases: Iterable[str] | None) -> list[str]:
    """The databases among ``databases`` that hold ``model``'s table."""
    return [alias for alias in databases or () if router.allow_migrate_model(alias, model)]
