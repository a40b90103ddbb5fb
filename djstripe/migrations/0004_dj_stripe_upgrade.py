"""Converts a dj-stripe 2.10/2.11 database in place; does nothing on this project's own.

A dj-stripe database records ``0001_initial``, ``0002_2_10`` and ``0003_2_11`` as
applied (dj-stripe used the same names), so this is the migration that runs after the
package swap. It rebuilds dj-stripe's tables as ``0001_initial`` creates them, keeping
every row, its keys and what only the database knew (see ``djstripe.upgrade``), in
this migration's transaction; on MySQL/MariaDB in resumable steps.
"""

from django.db import migrations

import djstripe.upgrade


class Migration(migrations.Migration):
    dependencies = [("djstripe", "0003_2_11")]
    operations = [
        # atomic=False matters only where DDL cannot be rolled back (MySQL/MariaDB): there
        # the conversion commits step by step and resumes (djstripe.upgrade.resumable);
        # elsewhere the migration's own transaction still holds it all.
        migrations.RunPython(djstripe.upgrade.convert, migrations.RunPython.noop, atomic=False),
    ]
