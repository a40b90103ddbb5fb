"""Endpoints with behaviour beyond CRUD, grouped by Stripe area.

Each module exposes ``register(router)``; importing a module also registers
its create/update hooks with ``crud``.
"""

from __future__ import annotations

from ..router import Router


def register_actions(router: Router) -> None:
    # lazy: cycle: testing.actions.accounts -> testing.actions
    from . import (
        accounts,
        billing,
        catalog,  # noqa: F401 (hooks only)
        checkout,
        connect_onboarding,
        customers,
        endpoints,
        invoicing,
        meters,
        payments,
    )

    for module in (
        accounts,
        billing,
        checkout,
        connect_onboarding,
        customers,
        endpoints,
        invoicing,
        meters,
        payments,
    ):
        module.register(router)
