"""A test app that stops the MySQL/MariaDB conversion as a crash would.

With ``UPGRADE_EXTRA_APPS=crashhook`` and ``UPGRADE_CRASH_AT=<point>`` (one of
``djstripe.upgrade.resumable.FAIL_POINTS``), the process exits at once with status 75
when the conversion reaches that point: no rollback, no clean-up, no message.
"""
