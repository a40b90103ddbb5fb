"""``StripeDouble``: the public face of the double (state, server, faults, webhooks)."""

from __future__ import annotations

import copy
import fnmatch
from typing import Any

from . import accounts, objects
from .access import AccessRules
from .app import App
from .clock import Clock
from .counters import RequestCounter
from .events import EventLog
from .faults import Fault, FaultRegistry
from .idempotency import IdempotencyCache
from .ids import IdFactory
from .resources import BY_OBJECT
from .routes import build_router
from .server import HTTPFrontend
from .store import Space, Store
from .templates import fixtures as example_objects
from .v2_events import ThinEvents
from .webhooks import Callback, DeliveryResult, Target, WebhookDispatcher

DEFAULT_API_KEY = "sk_test_djstripe_double"
#: Examples of fixtures3.json that the double does not serve as objects.
_SKIPPED_EXAMPLES = ("deleted_", "payment_source", "external_account")


class StripeDouble:
    """A stateful stand-in for the Stripe API on ``http://127.0.0.1:<port>``.

    Point stripe-python at :attr:`url` (``stripe.api_base`` or
    ``StripeClient(base_addresses={"api": url})``) and use any ``sk_test_`` key.
    """

    def __init__(self, fixtures: bool = False, seed: int = 0, port: int = 0) -> None:
        self.seed = seed
        self.port = port
        self.store = Store()
        self.clock = Clock()
        self.ids = IdFactory(seed)
        self.router = build_router()
        self.faults = FaultRegistry()
        self.access = AccessRules()
        self.counter = RequestCounter()
        self.dispatcher = WebhookDispatcher(self.store)
        self.event_log = EventLog(self.store, self.clock, self.ids, self.dispatcher)
        self.thin_events = ThinEvents(self.store, self.ids, self.clock, self.dispatcher)
        self.idempotency = IdempotencyCache()
        self.app = App(self)
        self._frontend: HTTPFrontend | None = None
        platform = accounts.account_object(self.ids, self.clock.now(), email="owner@example.com")
        self.platform_id: str = platform["id"]
        accounts.register_platform(self.store, platform)
        self._initial = self.snapshot()
        if fixtures:
            self.load_fixtures()

    # ----------------------------------------------------------- lifecycle

    def start(self) -> StripeDouble:
        """Serve on 127.0.0.1 (port chosen by the OS unless given); return self."""
        if self._frontend is None:
            self.app.stopping.clear()
            self._frontend = HTTPFrontend(self.app, self.port)
            self._frontend.start()
        return self

    def stop(self) -> None:
        """Stop serving, close client connections and the webhook worker."""
        if self._frontend is not None:
            self._frontend.stop()
            self._frontend = None
        self.dispatcher.stop()

    def __enter__(self) -> StripeDouble:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """Base URL, e.g. ``http://127.0.0.1:54321`` (the double must be started)."""
        if self._frontend is None:
            raise RuntimeError("StripeDouble is not started; call start() first")
        return self._frontend.url

    @property
    def api_key(self) -> str:
        """A test secret key of the platform account (any ``sk_test_`` key works too)."""
        return DEFAULT_API_KEY

    # ------------------------------------------------------------ accounts

    @property
    def platform_account(self) -> dict[str, Any]:
        """The platform account object (``GET /v1/account`` with any key)."""
        return self.account_object(self.platform_id) or {}

    def account_object(self, account_id: str) -> dict[str, Any] | None:
        return accounts.find_account(self.store, account_id)

    def add_api_key(self, key: str, account: str | None = None) -> dict[str, Any]:
        """Map ``key`` to a platform ``account`` (created if unknown); return that account."""
        account = account or self.platform_id
        with self.store.lock:
            if account not in self.store.accounts:
                obj = accounts.account_object(self.ids, self.clock.now(), account)
                accounts.register_platform(self.store, obj)
            self.store.api_keys[key] = account
        return self.account_object(account) or {}

    def add_restricted_key(
        self, key: str, refused: tuple[str, ...] | list[str] = (), account: str | None = None
    ) -> dict[str, Any]:
        """A restricted key (``rk_test_...``) of ``account`` that is refused the routes
        matching ``refused`` (``"GET /v1/account"``, ``"GET /v1/issuing/*"``) with Stripe's
        403 permission error; return the account."""
        found = self.add_api_key(key, account)
        self.access.restrict(key, tuple(refused))
        return found

    def disable_product(self, product: str, account: str | None = None) -> None:
        """Answer every request under ``/v1/<product>/`` on ``account`` (default: the
        platform) as Stripe does for a product the account has not enabled (400, "Your
        account is not set up to use ..."). Products: see ``access.PRODUCTS``."""
        self.access.disable(account or self.platform_id, product)

    def create_connected_account(
        self, platform: str | None = None, livemode: bool = False, **fields: Any
    ) -> dict[str, Any]:
        """Create an account connected to ``platform`` (default: the platform account)."""
        platform = platform or self.platform_id
        obj = accounts.account_object(self.ids, self.clock.now(), fields.pop("id", None), **fields)
        with self.store.lock:
            accounts.register_connected(self.store, platform, obj)
            objects.save(self.store, self.store.space(platform, livemode), obj)
        return copy.deepcopy(obj)

    # ------------------------------------------------------------- objects

    def _space(self, account: str | None, livemode: bool) -> Space:
        return self.store.space(account or self.platform_id, livemode)

    def put(
        self,
        obj: dict[str, Any],
        account: str | None = None,
        livemode: bool | None = None,
        parent: str | None = None,
    ) -> dict[str, Any]:
        """Insert or replace ``obj`` as-is (children in its embedded lists too)."""
        obj = copy.deepcopy(obj)
        name = obj.get("object")
        if not name:
            raise ValueError("put() needs an object with an 'object' name")
        if not obj.get("id"):
            resource = BY_OBJECT.get(name)
            obj["id"] = self.ids.new(resource.prefix if resource else name.split(".")[-1])
        mode = bool(obj.get("livemode", False)) if livemode is None else livemode
        if name == "account" and obj["id"] != (account or self.platform_id):
            with self.store.lock:
                accounts.register_connected(self.store, account or self.platform_id, obj)
        with self.store.lock:
            record = objects.save(
                self.store, self._space(account, mode), obj, parent, extract_children=True
            )
            return record.copy()

    def get(
        self, object_id: str, account: str | None = None, livemode: bool | None = None
    ) -> dict[str, Any] | None:
        """Return a copy of a stored object (test mode first unless ``livemode``).

        Account ids find the account object wherever it is registered.
        """
        if object_id.startswith("acct_") and account is None:
            found = self.account_object(object_id)
            if found is not None:
                return found
        with self.store.lock:
            for mode in (False, True) if livemode is None else (livemode,):
                record = self._space(account, mode).get(object_id)
                if record is not None:
                    return record.copy()
        return None

    def objects(
        self, object_name: str, account: str | None = None, livemode: bool = False
    ) -> list[dict[str, Any]]:
        """Copies of every stored ``object_name``, in Stripe's list order (newest first)."""
        with self.store.lock:
            return [r.copy() for r in self._space(account, livemode).records(object_name)]

    def delete_object(
        self, object_id: str, account: str | None = None, livemode: bool | None = None
    ) -> bool:
        """Remove an object without any event; return whether it existed."""
        with self.store.lock:
            for mode in (False, True) if livemode is None else (livemode,):
                if objects.delete(self.store, self._space(account, mode), object_id):
                    return True
        return False

    def load_fixtures(self, account: str | None = None) -> int:
        """Store every example object of fixtures3.json (ids kept); return how many."""
        examples = [
            example
            for key, example in example_objects().items()
            if not key.startswith(_SKIPPED_EXAMPLES) and example.get("id")
        ]
        # Some examples share the placeholder id "obj_123": served types are put last, so
        # they are the ones kept.
        examples.sort(key=lambda example: example.get("object") in BY_OBJECT)
        for example in examples:
            self.put(example, account=account, livemode=False)
        return len(examples)

    def generate_account(
        self,
        customers: int = 100,
        seed: int | None = None,
        account: str | None = None,
        **options: Any,
    ) -> dict[str, Any]:
        """Generate a realistic account (see generator) into ``account``; return counts.

        Its times are relative to the double's clock (``now=`` overrides it)."""
        # lazy: cycle: testing.generator -> testing -> testing.double
        from .generator import generate_account, load_generated

        options.setdefault("now", self.clock.now())
        generated = generate_account(
            customers=customers, seed=self.seed if seed is None else seed, **options
        )
        with self.store.lock:
            load_generated(self.store, self._space(account, False), generated)
        return generated.summary()

    # ------------------------------------------------------------- requests

    def request_counts(self) -> dict[str, int]:
        """Requests per route template, e.g. ``{"GET /v1/customers/{id}": 2}``."""
        return self.counter.by_route()

    def status_counts(self) -> dict[str, int]:
        return self.counter.by_status()

    def total_requests(self) -> int:
        return self.counter.total

    def reset_counts(self) -> None:
        self.counter.reset()

    def inject_fault(
        self,
        route: str = "*",
        status: int | None = 429,
        times: int | None = 1,
        retry_after: float | None = None,
        should_retry: bool | None = None,
        delay: float = 0.0,
        after: int = 0,
        probability: float | None = None,
        seed: int | None = None,
        error_type: str | None = None,
    ) -> Fault:
        """Make matching requests fail or slow down; see faults.Fault for the rules."""
        return self.faults.add(
            Fault(
                route,
                status,
                times,
                retry_after,
                should_retry,
                delay,
                after,
                probability,
                seed,
                error_type,
            )
        )

    def remove_fault(self, fault: Fault) -> None:
        self.faults.remove(fault)

    def clear_faults(self) -> None:
        self.faults.clear()

    # ----------------------------------------------------------------- time

    def set_time(self, epoch_seconds: int | float) -> None:
        """Freeze the double's clock (``created`` stamps, ``Date`` header)."""
        self.clock.set(epoch_seconds)

    def advance(self, seconds: int | float) -> int:
        """Move the double's clock forward; return the new time."""
        return self.clock.advance(seconds)

    # ------------------------------------------------------------ isolation

    def snapshot(self) -> dict[str, Any]:
        """Return a token of the whole state (objects, accounts, keys, clock, targets)."""
        return {
            "store": self.store.snapshot(),
            "access": self.access.snapshot(),
            "clock": self.clock.state(),
            "ids": self.ids.state(),
            "targets": list(self.dispatcher.targets),
            "deliveries": list(self.dispatcher.deliveries),
        }

    def restore(self, token: dict[str, Any]) -> None:
        """Return to a snapshot (it stays valid for further restores)."""
        self.store.restore(token["store"])
        self.access.restore(token["access"])
        self.clock.restore(token["clock"])
        self.ids.restore(token["ids"])
        self.dispatcher.targets = list(token["targets"])
        self.dispatcher.clear()
        self.dispatcher.deliveries = list(token["deliveries"])
        self.idempotency.clear()

    def reset(self) -> None:
        """Back to a new double: no objects, faults, counts, targets or deliveries."""
        self.restore(self._initial)
        self.clock.use_real_time()
        self.clear_faults()
        self.reset_counts()

    # ------------------------------------------------------------- webhooks

    def add_webhook_target(
        self,
        target: str | Callback,
        secret: str | None = None,
        enabled_events: list[str] | None = None,
        api_version: str | None = None,
        connect: bool = False,
        livemode: bool = False,
        account: str | None = None,
    ) -> Target:
        """Deliver matching events to a 127.0.0.1 URL or to ``target(body, headers)``."""
        added = Target(
            id=f"target_{len(self.dispatcher.targets) + 1}",
            secret=secret or self.ids.webhook_secret(),
            url=target if isinstance(target, str) else None,
            callback=None if isinstance(target, str) else target,
            enabled_events=list(enabled_events or ["*"]),
            api_version=api_version,
            connect=connect,
            livemode=livemode,
            account=account or self.platform_id,
        )
        self.dispatcher.targets.append(added)
        return added

    @property
    def delivery_mode(self) -> str:
        return self.dispatcher.mode

    @delivery_mode.setter
    def delivery_mode(self, mode: str) -> None:
        self.dispatcher.mode = mode

    def deliver_pending(self) -> list[DeliveryResult]:
        return self.dispatcher.deliver_pending()

    def wait_for_deliveries(self, timeout: float = 5.0) -> bool:
        """In background mode, wait until queued deliveries are done."""
        return self.dispatcher.wait(timeout)

    @property
    def deliveries(self) -> list[DeliveryResult]:
        return list(self.dispatcher.deliveries)

    def events(
        self,
        type: str | None = None,  # noqa: A002
        account: str | None = None,
        livemode: bool = False,
    ) -> list[dict[str, Any]]:
        """Stored events, newest first; ``type`` may use ``*`` (``invoice.*``)."""
        found = self.objects("event", account, livemode)
        return [e for e in found if type is None or fnmatch.fnmatchcase(e["type"], type)]

    def emit_event(
        self,
        event_type: str,
        obj: dict[str, Any] | str,
        previous_attributes: dict[str, Any] | None = None,
        account: str | None = None,
        livemode: bool = False,
    ) -> dict[str, Any]:
        """Record and deliver an event about ``obj`` (an object or a stored id)."""
        space = self._space(account, livemode)
        with self.store.lock:
            if isinstance(obj, str):
                record = space.get(obj)
                if record is None:
                    raise KeyError(obj)
                obj = record.copy()
            event = self.event_log.record(space, event_type, obj, previous_attributes)
        self.dispatcher.dispatch([(space.account, event)])
        return copy.deepcopy(event)

    # -------------------------------------------------------- test helpers

    def end_trial(
        self, subscription_id: str, account: str | None = None, livemode: bool = False
    ) -> dict[str, Any]:
        """End a trialing subscription's trial now, as Stripe's clock would; return it."""
        # lazy: the double's actions import this module
        from .actions.pauses import end_trial

        return end_trial(self, subscription_id, self._space(account, livemode))

    def complete_onboarding(
        self, account_id: str, platform: str | None = None, livemode: bool = False
    ) -> dict[str, Any]:
        """Finish the onboarding of a connected account (``account.updated``); return it."""
        # lazy: the double's actions import this module
        from .actions.connect_onboarding import complete_onboarding

        return complete_onboarding(self, account_id, self._space(platform, livemode))

    def complete_checkout_session(
        self, session_id: str, account: str | None = None, livemode: bool = False, **options: Any
    ) -> dict[str, Any]:
        """Complete an open Checkout Session as if the customer paid; return it."""
        # lazy: cycle: testing.actions.checkout -> testing -> testing.double
        from .actions.checkout import complete_session

        return complete_session(self, session_id, self._space(account, livemode), **options)
