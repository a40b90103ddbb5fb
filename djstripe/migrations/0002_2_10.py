"""Empty: keeps dj-stripe's migration name, so migrations that depend on it still load."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("djstripe", "0001_initial")]
    operations: list = []
