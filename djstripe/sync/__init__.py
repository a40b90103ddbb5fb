"""Stripe objects -> rows: the registry, the mapping, the engine and the backfill."""
