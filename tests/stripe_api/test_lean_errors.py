"""Errors, retries, the budget and the fall-back of the lean list reader, through the double."""

from __future__ import annotations

import sys
from typing import Any

import pytest
import stripe
from django.views.debug import ExceptionReporter

from djstripe import stripe_api
from djstripe.stripe_api import lean

from .conftest import Recorder

pytestmark = pytest.mark.django_db


def _error_of(send: Any) -> stripe.StripeError:
    with pytest.raises(stripe.StripeError) as raised:
        send()
    return raised.value


def _both_errors(
    path: str, seen: Recorder, params: Any = None, **options: Any
) -> tuple[stripe.StripeError, stripe.StripeError]:
    """The error stripe-python raises for ``GET path``, and the one the lean path raises."""
    params = params or {"limit": 1}
    options["policy"] = stripe_api.NO_RETRIES
    by_stripe_python = _error_of(lambda: stripe_api.request("get", path, params, **options))
    assert seen.last.headers["user-agent"].startswith("Stripe/v1 PythonBindings/")
    by_lean = _error_of(lambda: lean.get(path, params, **options))
    assert seen.last.headers["user-agent"].startswith("djstripe-mirror/"), "the lean path"
    return by_stripe_python, by_lean


def _same_error(by_stripe_python: stripe.StripeError, by_lean: stripe.StripeError) -> None:
    assert type(by_lean) is type(by_stripe_python)
    assert by_lean.http_status == by_stripe_python.http_status
    assert by_lean.code == by_stripe_python.code
    assert getattr(by_lean, "param", None) == getattr(by_stripe_python, "param", None)
    assert by_lean.user_message == by_stripe_python.user_message
    assert by_lean.request_id and by_lean.request_id != by_stripe_python.request_id
    assert str(by_lean) == f"Request {by_lean.request_id}: {by_lean.user_message}"
    assert by_lean.headers["request-id"] == by_lean.request_id
    assert by_lean.error is not None and by_stripe_python.error is not None
    assert by_lean.error.type == by_stripe_python.error.type
    assert isinstance(by_lean.json_body, dict)
    assert by_lean.json_body["error"]["message"] == by_stripe_python.json_body["error"]["message"]


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (400, stripe.InvalidRequestError),
        (402, stripe.CardError),
        (403, stripe.PermissionError),
        (404, stripe.InvalidRequestError),
        (409, stripe.APIError),
        (429, stripe.RateLimitError),
        (500, stripe.APIError),
        (503, stripe.APIError),
    ],
)
def test_an_error_status_raises_what_stripe_python_raises(
    stripe_double: Any, seen: Recorder, status: int, expected: type
) -> None:
    stripe_double.inject_fault(route="GET /v1/customers", status=status, times=2, retry_after=3)
    by_stripe_python, by_lean = _both_errors("/v1/customers", seen)
    assert type(by_lean) is expected
    _same_error(by_stripe_python, by_lean)
    assert by_lean.headers["Retry-After"] == "3"


def test_an_unknown_path_is_the_same_404(seen: Recorder) -> None:
    by_stripe_python, by_lean = _both_errors("/v1/no_such_things", seen)
    assert isinstance(by_lean, stripe.InvalidRequestError)
    assert by_lean.http_status == 404
    _same_error(by_stripe_python, by_lean)


def test_a_wrong_key_is_the_same_401(seen: Recorder) -> None:
    by_stripe_python, by_lean = _both_errors("/v1/customers", seen, api_key="sk_wrong_prefix_key")
    assert isinstance(by_lean, stripe.AuthenticationError)
    _same_error(by_stripe_python, by_lean)
    assert "sk_wrong_prefix_key" not in repr(by_lean)


def test_a_bad_parameter_is_the_same_400(seen: Recorder) -> None:
    by_stripe_python, by_lean = _both_errors("/v1/customers", seen, {"limit": "many"})
    assert by_lean.http_status == 400
    _same_error(by_stripe_python, by_lean)


@pytest.mark.parametrize("status", [429, 500, 503])
def test_retried_under_the_policy_and_counted(
    stripe_double: Any, seen: Recorder, status: int
) -> None:
    stripe_double.generate_account(customers=3, seed=2)
    stripe_double.inject_fault(route="GET /v1/customers", status=status, times=2)
    waits: list[float] = []
    with stripe_api.counting() as counter, stripe_api.retrying(sleep=waits.append):
        found = list(stripe_api.iterate("/v1/customers"))
    assert len(found) == len(stripe_double.objects("customer"))
    assert len(waits) == 2
    assert counter.total == 3 and counter.retries == 2
    assert counter.by_route["GET /v1/customers"] == 3
    assert stripe_double.request_counts()["GET /v1/customers"] == 3
    assert all(r.headers["user-agent"].startswith("djstripe-mirror/") for r in seen.requests)


def test_should_retry_false_is_not_retried(stripe_double: Any, seen: Recorder) -> None:
    stripe_double.inject_fault(route="GET /v1/customers", status=500, should_retry=False)
    waits: list[float] = []
    with stripe_api.retrying(sleep=waits.append), pytest.raises(stripe.APIError):
        list(stripe_api.iterate("/v1/customers"))
    assert waits == []


def test_each_page_spends_one_request_of_the_budget(stripe_double: Any, seen: Recorder) -> None:
    stripe_double.generate_account(customers=9, seed=6)
    now = [0.0]
    waits: list[float] = []

    def wait(seconds: float) -> None:
        waits.append(seconds)
        now[0] += seconds

    with stripe_api.limit(3) as budget:
        assert budget is not None
        budget.clock, budget.sleep, budget.updated = (lambda: now[0]), wait, 0.0
        pages = list(stripe_api.pages("/v1/customers", page_size=2))
    assert len(pages) == len(seen.requests) >= 5
    assert len(waits) == len(pages) - 3  # a burst of 3, then one wait per page


def test_a_proxy_or_the_setting_sends_pages_through_stripe_python(
    settings: Any, seen: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert lean.usable("/v1/customers")
    assert not lean.usable("/v2/core/events")
    settings.DJSTRIPE_LEAN_LIST_READS = False
    assert not lean.usable("/v1/customers")
    list(stripe_api.iterate("/v1/customers"))
    assert seen.last.headers["user-agent"].startswith("Stripe/v1 PythonBindings/")
    settings.DJSTRIPE_LEAN_LIST_READS = True
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    assert not lean.usable("/v1/customers")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    assert lean.usable("/v1/customers")
    monkeypatch.setattr(stripe, "proxy", "http://127.0.0.1:9")
    assert not lean.usable("/v1/customers")
    monkeypatch.setattr(stripe, "proxy", None)
    monkeypatch.setattr(stripe, "default_http_client", stripe.RequestsClient())
    assert lean.usable("/v1/customers"), "the client stripe-python makes by itself"
    monkeypatch.setattr(stripe, "default_http_client", stripe.UrllibClient())
    assert not lean.usable("/v1/customers")
    monkeypatch.setattr(
        stripe, "default_http_client", stripe.RequestsClient(proxy="http://127.0.0.1:9")
    )
    assert not lean.usable("/v1/customers")


def _failed_page() -> Any:
    """The exception info of a failed lean page (the traceback starts in this frame)."""
    try:
        lean.get("/v1/customers", {"limit": 1}, policy=stripe_api.NO_RETRIES)
    except stripe.APIError:
        return sys.exc_info()
    pytest.fail("the injected 500 was not raised")


def test_an_error_report_of_a_failed_page_holds_no_key(stripe_double: Any, seen: Recorder) -> None:
    stripe_double.inject_fault(route="GET /v1/customers", status=500)
    exc_info = _failed_page()
    assert seen.last.headers["authorization"] == f"Bearer {stripe_double.api_key}"
    reporter = ExceptionReporter(None, *exc_info)
    text, html = reporter.get_traceback_text(), reporter.get_traceback_html()
    assert "lean.py" in text  # the report holds the lean path's frames
    assert stripe_double.api_key not in text
    assert stripe_double.api_key not in html
