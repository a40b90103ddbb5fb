"""Converting a dj-stripe 2.10/2.11 database into this project's schema, in place.

A dj-stripe database already records ``djstripe.0001_initial``, ``0002_2_10`` (and
``0003_2_11``) as applied: those are this project's names too, so ``migrate`` runs
only ``0004_dj_stripe_upgrade``, which calls :func:`convert`. On a database this
project created, that migration finds its own tables and does nothing; on one of
dj-stripe's, it rebuilds every ``djstripe_*`` table in one transaction:

1. the old tables are copied aside (temporary tables) and dropped;
2. this project's tables are created exactly as ``0001_initial`` creates them;
3. every row is written back with its ``djstripe_id`` and Stripe ``id``, its typed
   columns computed from the ``stripe_data`` already stored by the sync engine's own
   mapping (older API shapes included), the columns only the database knows (webhook
   secrets and uuids, subscriber links, owner accounts...) copied; objects embedded in
   that data that dj-stripe never stored as rows are added;
4. references to objects the mirror does not hold are left empty and recorded as
   pending links (the next ``djstripe_sync_models`` fetches and links them);
5. foreign keys from the project's own tables, which point at ``djstripe_id``, are
   restored.

No Stripe API request is made. ``0002_2_10`` and ``0003_2_11`` refuse databases of
dj-stripe releases older than 2.10 before anything changes (:func:`refuse_older`).
"""

from __future__ import annotations

from .detect import UpgradeError, refuse_older, unconverted_tables
from .run import convert

__all__ = ["UpgradeError", "convert", "refuse_older", "unconverted_tables"]
