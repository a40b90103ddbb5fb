"""dj-stripe 2.10's migration name, kept so migrations that depend on it still load.

In a database of dj-stripe 2.10 or 2.11 it is already recorded as applied. Where it
runs on dj-stripe's tables, they are older than 2.10: it refuses them, naming the
release found, before anything changes (see ``djstripe.upgrade``).
"""

from django.db import migrations

import djstripe.upgrade


class Migration(migrations.Migration):
    dependencies = [("djstripe", "0001_initial")]
    operations = [
        migrations.RunPython(djstripe.upgrade.refuse_older, migrations.RunPython.noop),
    ]
