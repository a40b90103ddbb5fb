"""Settings of a dj-stripe 2.11 user's project, read by the upgrade check.

The same file serves before the package swap (dj-stripe 2.11 installed) and after it
(this project installed in its place): a user keeps their settings. Environment:

``UPGRADE_DB``                 ``sqlite`` (default), ``postgres`` or ``mysql``
``UPGRADE_SQLITE_PATH``        the SQLite file
``UPGRADE_PG_NAME``            the PostgreSQL database (``DJSTRIPE_PG_HOST``, ``_PORT``,
                               ``_USER``, ``_PASSWORD`` as for the main suite)
``UPGRADE_MYSQL_NAME``         the MySQL/MariaDB database (``DJSTRIPE_MYSQL_HOST``, ``_PORT``,
                               ``_USER``, ``_PASSWORD`` as for the main suite)
``UPGRADE_FK_TO_FIELD``        ``DJSTRIPE_FOREIGN_KEY_TO_FIELD`` (``id`` or ``djstripe_id``)
``UPGRADE_USER_APP``           ``0`` leaves out the user's app ``shop`` (its migrations need
                               dj-stripe 2.11's; the dj-stripe 2.9 database goes without)
``UPGRADE_EXTRA_APPS``         comma-separated apps appended to ``INSTALLED_APPS`` (the check
                               adds there only what the installed package says it needs)
``STRIPE_API_HOST``            the Stripe API double's URL
"""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = "upgrade-check-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
USE_TZ = True
TIME_ZONE = "UTC"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "djstripe",
]
if os.environ.get("UPGRADE_USER_APP", "1") == "1":  # off for a dj-stripe 2.9 database
    INSTALLED_APPS.append("shop")
INSTALLED_APPS += [app for app in os.environ.get("UPGRADE_EXTRA_APPS", "").split(",") if app]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
ROOT_URLCONF = "upgradeproj.urls"
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

if os.environ.get("UPGRADE_DB", "sqlite") == "postgres":
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": os.environ["UPGRADE_PG_NAME"],
            "USER": os.environ.get("DJSTRIPE_PG_USER", "postgres"),
            "PASSWORD": os.environ.get("DJSTRIPE_PG_PASSWORD", ""),
            "HOST": os.environ.get("DJSTRIPE_PG_HOST", "127.0.0.1"),
            "PORT": os.environ.get("DJSTRIPE_PG_PORT", ""),
        }
    }
elif os.environ.get("UPGRADE_DB") == "mysql":
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.mysql",
            "NAME": os.environ["UPGRADE_MYSQL_NAME"],
            "USER": os.environ.get("DJSTRIPE_MYSQL_USER", "root"),
            "PASSWORD": os.environ.get("DJSTRIPE_MYSQL_PASSWORD", ""),
            "HOST": os.environ.get("DJSTRIPE_MYSQL_HOST", "127.0.0.1"),
            "PORT": os.environ.get("DJSTRIPE_MYSQL_PORT", ""),
            "OPTIONS": {"charset": "utf8mb4"},
        }
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("UPGRADE_SQLITE_PATH", str(BASE_DIR / "upgrade.sqlite3")),
        }
    }

STRIPE_LIVE_MODE = False
STRIPE_TEST_SECRET_KEY = "sk_test_UpgradeCheck0SecretKey000000000"
STRIPE_TEST_PUBLIC_KEY = "pk_test_UpgradeCheck0PublicKey000000000"
STRIPE_API_HOST = os.environ.get("STRIPE_API_HOST", "http://127.0.0.1:12111")
DJSTRIPE_FOREIGN_KEY_TO_FIELD = os.environ.get("UPGRADE_FK_TO_FIELD", "id")
DJSTRIPE_WEBHOOK_VALIDATION = "verify_signature"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("UPGRADE_LOG_LEVEL", "ERROR")},
}
