"""Settings of the development project and the test suite.

``DJSTRIPE_TEST_DB=postgres`` runs on PostgreSQL (``DJSTRIPE_PG_*`` variables or
a local socket), ``DJSTRIPE_TEST_DB=mysql`` on MySQL or MariaDB (``DJSTRIPE_MYSQL_*``
variables); the default is SQLite.
"""

import os
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = "djstripe-tests-not-secret"
DEBUG = os.environ.get("DJSTRIPE_DEBUG", "1") == "1"
ALLOWED_HOSTS = ["*"]
USE_TZ = True
TIME_ZONE = "UTC"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "polymorphic",
    "djstripe",
    "tests.apps.TestAppConfig",
]
if os.environ.get("DJSTRIPE_TASKS", "1") == "1":
    try:
        import django.tasks  # noqa: F401

        _TASKS_APP = None
    except ImportError:
        _TASKS_APP = "django_tasks"
    if _TASKS_APP:
        INSTALLED_APPS.append(_TASKS_APP)
    try:  # the database tasks backend and its worker (webhook task mode tests)
        import django_tasks_db  # noqa: F401

        INSTALLED_APPS.append("django_tasks_db")
    except ImportError:
        pass

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
ROOT_URLCONF = "tests.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]
STATIC_URL = "/static/"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

DATABASES: dict[str, dict[str, Any]]
if os.environ.get("DJSTRIPE_TEST_DB") == "postgres":
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": os.environ.get("DJSTRIPE_PG_NAME", "djstripe"),
            "USER": os.environ.get("DJSTRIPE_PG_USER", "postgres"),
            "PASSWORD": os.environ.get("DJSTRIPE_PG_PASSWORD", ""),
            "HOST": os.environ.get("DJSTRIPE_PG_HOST", ""),
            "PORT": os.environ.get("DJSTRIPE_PG_PORT", ""),
        }
    }
elif os.environ.get("DJSTRIPE_TEST_DB") == "mysql":
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.mysql",
            "NAME": os.environ.get("DJSTRIPE_MYSQL_NAME", "djstripe"),
            "USER": os.environ.get("DJSTRIPE_MYSQL_USER", "root"),
            "PASSWORD": os.environ.get("DJSTRIPE_MYSQL_PASSWORD", ""),
            "HOST": os.environ.get("DJSTRIPE_MYSQL_HOST", "127.0.0.1"),
            "PORT": os.environ.get("DJSTRIPE_MYSQL_PORT", ""),
            "OPTIONS": {"charset": "utf8mb4"},
            "TEST": {"CHARSET": "utf8mb4", "COLLATION": "utf8mb4_unicode_ci"},
        }
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("DJSTRIPE_SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            "TEST": {"NAME": os.environ.get("DJSTRIPE_SQLITE_TEST_PATH") or None},
            "OPTIONS": {"timeout": 20},
        }
    }

try:  # Django 6 ships django.tasks; before, the django-tasks package provides it
    import django.tasks  # noqa: F401

    _TASKS_MODULE = "django.tasks"
except ImportError:
    _TASKS_MODULE = "django_tasks"
TASKS = {"default": {"BACKEND": f"{_TASKS_MODULE}.backends.immediate.ImmediateBackend"}}

# Stripe: the bundled API double answers on 127.0.0.1 (tests point STRIPE_API_HOST at it).
STRIPE_LIVE_MODE = False
STRIPE_TEST_SECRET_KEY = os.environ.get("STRIPE_TEST_SECRET_KEY", "sk_test_djstripe0tests0key")
STRIPE_TEST_PUBLIC_KEY = "pk_test_djstripe0tests0key"
STRIPE_API_HOST = os.environ.get("STRIPE_API_HOST", "http://127.0.0.1:12111")
DJSTRIPE_FOREIGN_KEY_TO_FIELD = "id"
DJSTRIPE_WEBHOOK_VALIDATION = "verify_signature"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJSTRIPE_LOG_LEVEL", "WARNING")},
}
