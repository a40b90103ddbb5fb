"""Whose tables these are: this project's, dj-stripe's (and which release), or neither.

The rule: ``djstripe_customer`` exists in every dj-stripe and every djstripe-mirror
database; only this project's has a ``djstripe_stamp`` column. Which dj-stripe
release made the tables is read from ``django_migrations``, where each release
recorded its migration names (``0003_2_11``, ``0002_2_10``, ``0014_2_9a``...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.core.management.base import CommandError

from ..exceptions import DjstripeError
from . import introspect

#: Present in every database of either project; the marker column is only in this one's.
MARKER_TABLE = "djstripe_customer"
MARKER_COLUMN = "djstripe_stamp"

#: Tables every dj-stripe 2.10 and 2.11 database has (the schemas this module converts).
DJ_STRIPE_TABLES = frozenset(
    {
        "djstripe_account",
        "djstripe_activeentitlement",
        "djstripe_apikey",
        "djstripe_applicationfee",
        "djstripe_applicationfeerefund",
        "djstripe_balancetransaction",
        "djstripe_bankaccount",
        "djstripe_card",
        "djstripe_charge",
        "djstripe_countryspec",
        "djstripe_coupon",
        "djstripe_customer",
        "djstripe_discount",
        "djstripe_dispute",
        "djstripe_djstripeinvoicedefaulttaxrate",
        "djstripe_djstripeinvoiceitemtaxrate",
        "djstripe_djstripepaymentmethod",
        "djstripe_djstripesubscriptionitemtaxrate",
        "djstripe_earlyfraudwarning",
        "djstripe_event",
        "djstripe_feature",
        "djstripe_file",
        "djstripe_filelink",
        "djstripe_idempotencykey",
        "djstripe_invoice",
        "djstripe_invoiceitem",
        "djstripe_issuing_authorization",
        "djstripe_issuing_card",
        "djstripe_issuing_cardholder",
        "djstripe_issuing_dispute",
        "djstripe_issuing_transaction",
        "djstripe_lineitem",
        "djstripe_mandate",
        "djstripe_paymentintent",
        "djstripe_paymentmethod",
        "djstripe_payout",
        "djstripe_price",
        "djstripe_product",
        "djstripe_promotioncode",
        "djstripe_refund",
        "djstripe_review",
        "djstripe_scheduledqueryrun",
        "djstripe_session",
        "djstripe_setupintent",
        "djstripe_shippingrate",
        "djstripe_source",
        "djstripe_sourcetransaction",
        "djstripe_subscription",
        "djstripe_subscriptionitem",
        "djstripe_subscriptionschedule",
        "djstripe_taxcode",
        "djstripe_taxid",
        "djstripe_taxrate",
        "djstripe_transfer",
        "djstripe_transferreversal",
        "djstripe_upcominginvoice",
        "djstripe_verificationreport",
        "djstripe_verificationsession",
        "djstripe_webhookendpoint",
        "djstripe_webhookeventtrigger",
    }
)
#: Tables only one of the two releases has.
RELEASE_TABLES = {
    "2.10": frozenset({"djstripe_plan"}),
    "2.11": frozenset({"djstripe_accountv2", "djstripe_productfeature"}),
}
#: Tables of dj-stripe 2.10/2.11 that hold no Stripe object data (copied column by column).
PLAIN_TABLES = frozenset(
    {
        "djstripe_apikey",
        "djstripe_djstripeinvoicedefaulttaxrate",
        "djstripe_djstripeinvoiceitemtaxrate",
        "djstripe_djstripepaymentmethod",
        "djstripe_djstripesubscriptionitemtaxrate",
        "djstripe_idempotencykey",
        "djstripe_upcominginvoice",
        "djstripe_webhookeventtrigger",
    }
)
#: Columns every other table of dj-stripe 2.10/2.11 has (the conversion reads them).
DJ_STRIPE_COLUMNS = ("id", "stripe_data", "djstripe_created", "djstripe_updated")

#: A dj-stripe migration name that names its release (``0012_2_8``, ``0014_2_9a``).
_RELEASE_NAME = re.compile(r"^\d{4}_(\d+)_(\d+)[a-z]?$")

UPGRADE_DOCS = 'see "Migrating from dj-stripe" in the documentation'


#: On MySQL/MariaDB, the notes of a conversion under way (:mod:`.resumable`): while this
#: table exists, ``migrate`` has a conversion to finish.
STATE_TABLE = "djstripe__upgrade_state"


class UpgradeError(DjstripeError, CommandError):
    """The database cannot be converted as it is; the message says what was found and
    what to do. A ``CommandError``, so ``migrate`` prints it without a traceback."""


@dataclass(frozen=True)
class Found:
    kind: str
    """``empty`` (no djstripe tables), ``ours`` or ``dj-stripe``."""
    release: str = ""
    """For ``dj-stripe``: the newest release its applied migrations name ("2.11")."""
    tables: frozenset[str] = frozenset()
    """The ``djstripe_*`` tables present."""


def inspect_database(connection: Any) -> Found:
    tables = frozenset(t for t in introspect.table_names(connection) if t.startswith("djstripe_"))
    if MARKER_TABLE not in tables:
        return Found("empty", tables=tables)
    if MARKER_COLUMN in introspect.columns(connection, MARKER_TABLE):
        return Found("ours", tables=tables)
    return Found("dj-stripe", release=applied_release(connection), tables=tables)


def applied_release(connection: Any) -> str:
    """The newest dj-stripe release named by the applied ``djstripe`` migrations, or ""."""
    if "django_migrations" not in introspect.table_names(connection):
        return ""
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM django_migrations WHERE app = %s", ["djstripe"])
        names = [row[0] for row in cursor.fetchall()]
    releases = []
    for name in names:
        match = _RELEASE_NAME.match(name)
        if match:
            releases.append((int(match.group(1)), int(match.group(2))))
    if not releases:
        return ""
    major, minor = max(releases)
    return f"{major}.{minor}"


def refuse_older(apps: Any, schema_editor: Any) -> None:
    """In ``0002_2_10``/``0003_2_11``: refuse a dj-stripe database older than 2.10.

    Those migrations run only where dj-stripe did not record them, so dj-stripe tables
    found here were made by an older release; nothing has been changed yet.
    """
    found = inspect_database(schema_editor.connection)
    if found.kind != "dj-stripe":
        return
    release = found.release or "older than 2.5"
    if release in ("2.10", "2.11"):
        return  # converted by 0004_dj_stripe_upgrade
    raise UpgradeError(
        f"This database holds dj-stripe {release}'s tables. djstripe-mirror converts "
        "databases of dj-stripe 2.10 and 2.11 only. Nothing was changed. Upgrade with "
        "dj-stripe itself first (pip install 'dj-stripe==2.11.*' and run "
        "`manage.py migrate djstripe`, following dj-stripe's own upgrade notes for each "
        f"release in between), then install djstripe-mirror again and run migrate; {UPGRADE_DOCS}."
    )


def check_convertible(found: Found, connection: Any) -> None:
    """Refuse a dj-stripe database that is not a whole 2.10 or 2.11 schema."""
    release = found.release
    if release not in ("2.10", "2.11"):
        named = f"dj-stripe {release}" if release else "an unknown dj-stripe release"
        raise UpgradeError(
            f"This database holds the tables of {named} (read from django_migrations). "
            "djstripe-mirror converts databases of dj-stripe 2.10 and 2.11 only. Nothing was "
            f"changed. Migrate with dj-stripe 2.11 first; {UPGRADE_DOCS}."
        )
    expected = DJ_STRIPE_TABLES | RELEASE_TABLES[release]
    missing = sorted(expected - found.tables)
    if missing:
        raise UpgradeError(
            f"This dj-stripe {release} database is incomplete: table(s) {', '.join(missing)} "
            "missing (a half-applied migration?). Nothing was changed. Restore the backup or "
            f"finish dj-stripe's own migrations with dj-stripe {release} first; {UPGRADE_DOCS}."
        )
    for table in sorted(expected - PLAIN_TABLES):
        lacking = [c for c in DJ_STRIPE_COLUMNS if c not in introspect.columns(connection, table)]
        if lacking:
            raise UpgradeError(
                f"Table {table} of this dj-stripe {release} database lacks column(s) "
                f"{', '.join(lacking)}: not the schema dj-stripe {release} makes. Nothing was "
                f"changed; {UPGRADE_DOCS}."
            )


def unconverted_tables(connection: Any) -> bool:
    """Whether the database holds dj-stripe tables that ``migrate`` has not converted."""
    found = inspect_database(connection)
    return found.kind == "dj-stripe" or STATE_TABLE in found.tables
