"""dj-stripe's webhook methods on the models reach webhook processing through delegates."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from djstripe.event_handlers import send_event_signals
from djstripe.models import delegates
from djstripe.webhooks.processing import process_event_data
from djstripe.webhooks.recording import remote_ip
from djstripe.webhooks.views import receive


def test_the_webhooks_provide_every_delegate_once_the_app_is_ready() -> None:
    assert delegates.get(delegates.PROCESS_EVENT) is process_event_data
    assert delegates.get(delegates.SEND_SIGNALS) is send_event_signals
    assert delegates.get(delegates.RECEIVE) is receive
    assert delegates.get(delegates.REMOTE_IP) is remote_ip


def test_a_missing_delegate_is_an_error_naming_it() -> None:
    with pytest.raises(ImproperlyConfigured, match="'no_such_thing'.*INSTALLED_APPS"):
        delegates.get("no_such_thing")
