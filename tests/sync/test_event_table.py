"""The event table: one action per event type, read by webhook processing and catch-up."""

from __future__ import annotations

import pytest

from djstripe.event_types import EVENT_TYPES
from djstripe.sync import EventAction as Action
from djstripe.sync import event_action as action_for
from djstripe.sync.catchup import _deletes
from djstripe.webhooks.handlers import HANDLERS


@pytest.mark.parametrize(
    ("event_type", "action"),
    [
        ("invoice.upcoming", Action.IGNORE),
        ("entitlements.active_entitlement_summary.updated", Action.ENTITLEMENTS),
        ("customer.deleted", Action.DELETE),
        ("customer.updated", Action.SYNC),
        ("invoice.paid", Action.SYNC),
        ("customer.created_by_a_future_stripe", None),  # unknown: stored, nothing mirrored
    ],
)
def test_each_type_has_the_action_of_the_first_matching_pattern(
    event_type: str, action: Action | None
) -> None:
    assert action_for(event_type) == action


def test_every_known_type_has_an_action_with_a_handler() -> None:
    for event_type in EVENT_TYPES:
        action = action_for(event_type)
        assert action is not None, event_type
        assert action in HANDLERS


def test_catch_up_applies_only_the_syncs_and_deletions_of_the_table() -> None:
    assert _deletes("customer.updated") is False
    assert _deletes("customer.deleted") is True
    assert _deletes("invoice.upcoming") is None
    assert _deletes("entitlements.active_entitlement_summary.updated") is None
    assert _deletes("not.a.type") is None
