"""The dj-stripe 2.11 upgrade check: a dj-stripe user's project, the harness, recorded databases.

``scripts/djstripe_upgrade_check`` drives it; ``scripts/record_djstripe_fixture`` records
``data/``; the ``test_*`` modules run the same promises on the recorded databases.
"""
