"""The dj-stripe 2.11 upgrade check: a dj-stripe user's project, the harness, recorded databases.

``scripts/djstripe_upgrade_check`` drives it; ``scripts/record_djstripe_fixture`` records
``data/``. Nothing here is collected by pytest (no ``test_*`` modules).
"""
