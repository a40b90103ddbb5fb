"""Stripe objects -> rows: the registry, the mapping, the engine and the backfill."""


def sync_subscriber(subscriber, **options):  # type: ignore[no-untyped-def]
    """dj-stripe's ``djstripe.sync.sync_subscriber``: see :mod:`djstripe.helpers.subscribers`."""
    from ..helpers.subscribers import sync_subscriber as sync

    return sync(subscriber, **options)
