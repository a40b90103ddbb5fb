"""dj-stripe 2.11's migration name, kept so migrations that depend on it still load.

Refuses dj-stripe tables older than 2.10, like ``0002_2_10`` (see ``djstripe.upgrade``).
"""

from django.db import migrations

import djstripe.upgrade


class Migration(migrations.Migration):
    dependencies = [("djstripe", "0002_2_10")]
    operations = [
        migrations.RunPython(djstripe.upgrade.refuse_older, migrations.RunPython.noop),
    ]
