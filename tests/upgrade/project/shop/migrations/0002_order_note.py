# A later migration naming dj-stripe 2.10's migration: still a valid node after the swap.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("djstripe", "0002_2_10"),
        ("shop", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="order",
            name="note",
            field=models.CharField(blank=True, default="", max_length=200),
        ),
    ]
