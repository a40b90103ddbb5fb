"""What ``scripts/admin_screenshots`` does in the browser, and what it checks.

Runs in the script's process, with Django set up on the same database as the
development server, so expected values are read from the mirror itself.
"""

# ruff: noqa: T201, S603 - a command-line script: it prints, and runs this repo's manage.py

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from admin_screenshots import (
    CHROMIUM,
    CHROMIUM_ARGS,
    NEW_API_KEY,
    OUT,
    PASSWORD,
    USERNAME,
    XSS_NAME,
    Checks,
    wait_for,
)

# Playwright's sync API keeps an event loop in this thread; the ORM calls made here
# between page loads are plain synchronous reads (the server is another process).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


class Browser:
    def __init__(self, page: Any, base: str, checks: Checks) -> None:
        self.page, self.base, self.checks = page, base, checks
        self.shots = 0

    def open(self, path: str, name: str) -> str:
        response = self.page.goto(self.base + path)
        status = response.status if response else 0
        self.checks.that(status == 200, f"{path} answered {status}")
        return self.shot(name)

    def shot(self, name: str) -> str:
        self.shots += 1
        self.page.screenshot(path=str(OUT / f"{self.shots:02d}-{name}.png"), full_page=True)
        return self.page.content()

    def text(self) -> str:
        return self.page.locator("#content").inner_text()


def admin_path(model: Any, key: Any = None) -> str:
    opts = model._meta
    base = f"/admin/{opts.app_label}/{opts.model_name}/"
    return base if key is None else f"{base}{key}/change/"


def browse(base: str, workdir: Path, checks: Checks) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(workdir / "chromium-profile"),
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1680, "height": 1000},
        )
        try:
            page = context.new_page()
            browser = Browser(page, base, checks)
            log_in(browser)
            add_webhook_endpoint(browser)
            deliver_events(browser)
            customers(browser)
            subscriptions(browser)
            invoices(browser)
            events(browser)
            webhook_endpoints(browser)
            api_keys(browser)
        finally:
            context.close()


def log_in(browser: Browser) -> None:
    page = browser.page
    page.goto(browser.base + "/admin/login/?next=/admin/")
    page.fill("#id_username", USERNAME)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    html = browser.shot("index")
    browser.checks.that(
        "Djstripe" in html or "djstripe" in html.lower(), "djstripe app on the index"
    )


def add_webhook_endpoint(browser: Browser) -> None:
    from djstripe.models import WebhookEndpoint

    page = browser.page
    browser.open(admin_path(WebhookEndpoint) + "add/", "webhookendpoint-add")
    browser.checks.that(
        page.input_value("#id_base_url") == browser.base, "the base URL defaults to this site"
    )
    page.click("input[name=_save]")
    page.wait_for_load_state()
    endpoint = site_endpoint(browser)
    browser.checks.that(endpoint is not None, "the add form created an endpoint")
    if endpoint is None:
        return
    browser.checks.that(bool(endpoint.secret), "the endpoint's secret is stored")
    browser.checks.that(endpoint.url.startswith(browser.base + "/stripe/webhook/"), endpoint.url)
    from djstripe import settings as djstripe_settings

    browser.checks.that(
        endpoint.api_version == djstripe_settings.api_version(), "the API version is pinned"
    )
    html = browser.shot("webhookendpoint-added")
    browser.checks.that("was added successfully" in html, "the endpoint was added")
    browser.checks.that(endpoint.secret not in html, "the endpoint secret is not shown")


def site_endpoint(browser: Browser) -> Any:
    from djstripe.models import WebhookEndpoint

    prefix = browser.base + "/stripe/webhook/"
    return WebhookEndpoint.objects.filter(url__startswith=prefix).order_by("-djstripe_id").first()


def deliver_events(browser: Browser) -> None:
    """Stripe writes on the double: its events reach the server through the new endpoint."""
    from djstripe import stripe_api
    from djstripe.models import Customer, Event

    customer = Customer.objects.exclude(email="").order_by("-created").first()
    stripe_api.request("post", f"/v1/customers/{customer.id}", {"name": XSS_NAME})
    stripe_api.request("post", "/v1/customers", {"email": "new.customer@example.com"})
    stripe_api.request("post", "/v1/products", {"name": "Screenshot product"})
    arrived = wait_for(lambda: Event.objects.count() >= 3)
    browser.checks.that(arrived, "the double's events were delivered and stored")
    updated = wait_for(lambda: Customer.objects.filter(name=XSS_NAME).exists())
    browser.checks.that(updated, "customer.updated reached the mirror through the webhook")


def customers(browser: Browser) -> None:
    from djstripe.models import Customer

    page = browser.page
    customer = Customer.objects.filter(name=XSS_NAME).first() or Customer.objects.first()
    html = browser.open(admin_path(Customer), "customer-list")
    text = browser.text()
    browser.checks.that(customer.email in text, f"customer email {customer.email} in the list")
    add_buttons = page.locator("#content .object-tools a.addlink").count()
    browser.checks.that(add_buttons == 0, "no Add button for customers")
    browser.checks.that(XSS_NAME in text, "a name with HTML is shown as text in the list")
    browser.open(admin_path(Customer, customer.id), "customer-change")
    text = browser.text()
    browser.checks.that(customer.id in text and customer.email in text, "customer page: id, email")
    browser.checks.that(
        page.evaluate("window.__xss === undefined"), "no script from Stripe data ran"
    )
    raw = page.locator("pre.djstripe-json").last.inner_text()
    browser.checks.that(XSS_NAME in raw, "stripe_data pretty-printed, HTML escaped")
    browser.checks.that(page.locator("pre.djstripe-json b").count() == 0, "no markup from data")
    browser.checks.that("Subscriptions" in text or "Invoices" in text, "related lists shown")
    browser.checks.that(page.locator("input[name=_save]").count() == 0, "read-only page")
    del html


def subscriptions(browser: Browser) -> None:
    from djstripe.models import Subscription

    subscription = Subscription.objects.order_by("-created").first()
    browser.open(admin_path(Subscription), "subscription-list")
    text = browser.text()
    browser.checks.that(subscription.status in text, "subscription status in the list")
    browser.open(admin_path(Subscription, subscription.id), "subscription-change")
    text = browser.text()
    browser.checks.that(
        subscription.status in text and subscription.id in text, "subscription page"
    )
    from django.contrib.admin.utils import quote

    href = f"/customer/{quote(subscription.customer_id)}/change/"
    customer_link = browser.page.locator(f"#content a[href$='{href}']")
    browser.checks.that(customer_link.count() > 0, "the subscription links to its customer")


def invoices(browser: Browser) -> None:
    from djstripe.currency import format_amount, to_major_units
    from djstripe.models import Invoice

    invoice = Invoice.objects.exclude(total=None).exclude(currency="").order_by("-created").first()
    total = format_amount(to_major_units(invoice.total, invoice.currency), invoice.currency)
    browser.open(admin_path(Invoice), "invoice-list")
    browser.checks.that(total in browser.text(), f"invoice total {total} formatted in the list")
    browser.open(admin_path(Invoice, invoice.id), "invoice-change")
    text = browser.text()
    browser.checks.that(total in text and invoice.id in text, "invoice page: id, total")


def events(browser: Browser) -> None:
    from djstripe.models import Event

    event = Event.objects.order_by("-created").first()
    if event is None:
        browser.checks.that(False, "an event is stored")
        return
    browser.open(admin_path(Event), "event-list")
    browser.checks.that(event.type in browser.text(), f"event type {event.type} in the list")
    browser.open(admin_path(Event, event.id), "event-change")
    text = browser.text()
    browser.checks.that(event.type in text and event.id in text, "event page: type, id")
    from djstripe.models import WebhookEventTrigger

    browser.open(admin_path(WebhookEventTrigger), "webhookeventtrigger-list")
    browser.checks.that(event.id in browser.text(), "the delivery of the event is listed")


def webhook_endpoints(browser: Browser) -> None:
    from djstripe.models import WebhookEndpoint

    endpoint = site_endpoint(browser)
    if endpoint is None:
        return
    html = browser.open(admin_path(WebhookEndpoint), "webhookendpoint-list")
    browser.checks.that(endpoint.url in browser.text(), "endpoint URL in the list")
    browser.checks.that(endpoint.secret not in html, "endpoint secret not in the list")
    html = browser.open(admin_path(WebhookEndpoint, endpoint.id), "webhookendpoint-change")
    browser.checks.that(browser.page.input_value("#id_url") == endpoint.url, "endpoint URL form")
    browser.checks.that(endpoint.secret not in html, "endpoint secret not on its page")
    browser.checks.that(f"whsec_...{endpoint.secret[-4:]}" in html, "endpoint secret masked")
    raw = browser.page.locator("pre.djstripe-json").last.inner_text()
    browser.checks.that('"secret": "whsec_...' in raw, "the secret is masked in stripe_data too")


def api_keys(browser: Browser) -> None:
    from djstripe.api_keys import mask_key
    from djstripe.models import APIKey

    page = browser.page
    browser.open(admin_path(APIKey) + "add/", "apikey-add")
    page.fill("#id_name", "Screenshot key")
    page.fill("#id_secret", NEW_API_KEY)
    page.click("input[name=_save]")
    page.wait_for_load_state()
    key = APIKey.objects.filter(secret=NEW_API_KEY).first()
    browser.checks.that(key is not None, "the API key was added")
    browser.checks.that(
        key is not None and key.djstripe_owner_account_id is not None,
        "the key's account was looked up",
    )
    html = browser.shot("apikey-list")
    browser.checks.that(mask_key(NEW_API_KEY) in html, "the key is listed masked")
    browser.checks.that(NEW_API_KEY not in html, "the key is not in the list")
    if key is None:
        return
    html = browser.open(admin_path(APIKey, key.pk), "apikey-change")
    browser.checks.that(NEW_API_KEY not in html, "the key is not on its page")
    html = browser.open(admin_path(APIKey) + f"{key.pk}/history/", "apikey-history")
    browser.checks.that(NEW_API_KEY not in html, "the key is not in its history")
