"""Drops PostgreSQL's prefix-search indexes on Stripe id columns (nothing reads them;
see ``djstripe.migration_indexes``). No change to the schema Django knows of."""

from django.db import migrations

import djstripe.migration_indexes


class Migration(migrations.Migration):
    dependencies = [("djstripe", "0004_dj_stripe_upgrade")]
    operations = [
        migrations.RunPython(
            djstripe.migration_indexes.drop_id_pattern_indexes,
            migrations.RunPython.noop,
            elidable=True,
        ),
    ]
