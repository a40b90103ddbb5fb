"""Programs the upgrade check runs inside the user's virtualenv (``python -m harness.<name>``).

They run twice: under dj-stripe 2.11 (``build``, ``snapshot``, ``fingerprint``) and after
the package swap under this project (``verify``, ``fingerprint``). Modules that run under
both import nothing from ``djstripe``; they read the database with plain SQL.
"""
