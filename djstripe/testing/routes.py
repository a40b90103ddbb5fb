"""Assemble the router: generic routes from the resource table, then special actions."""

from __future__ import annotations

from . import crud, search, v2_events, v2_objects
from .actions import register_actions
from .router import Router


def build_router() -> Router:
    router = Router()
    crud.register(router)
    search.register(router)
    v2_events.register(router)
    v2_objects.register(router)
    register_actions(router)  # registered last: replaces generic handlers where needed
    return router
