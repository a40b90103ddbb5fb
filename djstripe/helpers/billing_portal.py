"""Stripe's customer portal (kept importable here; the function is in :mod:`djstripe.actions`)."""

from __future__ import annotations

from ..actions.billing_portal import create_session

__all__ = ["create_session"]
