"""``manage.py stripe_listen``: forward Stripe's events to this site during development.

Runs the Stripe CLI's ``stripe listen`` (it must be installed and logged in) and
points it at two local :class:`~djstripe.models.WebhookEndpoint` rows that exist
only in this database, signed with the CLI's secret: one for the account's events,
one (``connect``) for connected accounts' events, which the CLI forwards apart
(``--forward-connect-to``). The endpoints are removed when the command stops.
"""

from __future__ import annotations

import shutil
import subprocess
import uuid
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from ... import settings as djstripe_settings
from ...helpers.event_destinations import handled_thin_events
from ...models import Account, WebhookEndpoint

#: The Stripe CLI executable looked up on ``PATH``.
STRIPE_BINARY_NAME = "stripe"
#: Id prefix of the local endpoints this command makes (never sent to Stripe).
LOCAL_ENDPOINT_PREFIX = "djstripe_whfwd_"


def stripe_binary_exists() -> bool:
    return shutil.which(STRIPE_BINARY_NAME) is not None


class Command(BaseCommand):
    help = "Run `stripe listen` and forward Stripe's events to this site's webhook view."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--host", default="localhost", help="Host Django runs on (default: %(default)s)."
        )
        parser.add_argument(
            "--port", default=8000, type=int, help="Port Django runs on (default: %(default)s)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        binary = shutil.which(STRIPE_BINARY_NAME)
        if binary is None:
            raise CommandError(f"The Stripe CLI ({STRIPE_BINARY_NAME!r}) is not installed.")
        secret = self._secret(binary)
        base_url = f"http://{options['host']}:{options['port']}"
        endpoint = self._endpoint(secret, base_url, connect=False)
        connect = self._endpoint(secret, base_url, connect=True)
        self.stdout.write(f"Forwarding Stripe's events to {endpoint.url}")
        self.stdout.write(f"Forwarding connected accounts' events to {connect.url}")
        command = [binary, "listen", "--skip-update", "--forward-to", endpoint.url]
        command += ["--forward-connect-to", connect.url]
        # Thin events (v2.core.event), signed with the same secret, to the account endpoint.
        command += ["--thin-events", ",".join(handled_thin_events()), "--forward-thin-to"]
        command.append(endpoint.url)
        try:
            subprocess.run(command, check=False)  # noqa: S603 - the CLI found on PATH
        except KeyboardInterrupt:
            pass
        finally:
            endpoint.delete()
            connect.delete()

    def _secret(self, binary: str) -> str:
        """The signing secret ``stripe listen`` will sign its deliveries with."""
        result = subprocess.run(  # noqa: S603 - the CLI found on PATH, fixed arguments
            [binary, "listen", "--skip-update", "--print-secret"],
            capture_output=True,
            text=True,
            check=False,
        )
        secret = result.stdout.strip().splitlines()[0] if result.stdout.strip() else ""
        if not secret.startswith("whsec_"):
            raise CommandError(
                "The Stripe CLI gave no webhook secret (run `stripe login` first):\n"
                f"{result.stdout}{result.stderr}".rstrip()
            )
        return secret

    def _endpoint(self, secret: str, base_url: str, *, connect: bool) -> WebhookEndpoint:
        """The local endpoint for this secret, made once and kept while the CLI runs."""
        endpoint = WebhookEndpoint.objects.filter(
            id__startswith=LOCAL_ENDPOINT_PREFIX, secret=secret, connect=connect
        ).first()
        if endpoint is not None:
            return endpoint
        endpoint_uuid = uuid.uuid4()
        path = reverse("djstripe:djstripe_webhook_by_uuid", kwargs={"uuid": endpoint_uuid})
        return WebhookEndpoint.objects.create(
            id=f"{LOCAL_ENDPOINT_PREFIX}{endpoint_uuid.hex}",
            api_version=djstripe_settings.api_version(),
            enabled_events=["*"],
            secret=secret,
            status="enabled",
            url=base_url + path,
            djstripe_owner_account=Account.objects.first(),
            djstripe_uuid=endpoint_uuid,
            livemode=False,
            connect=connect,
        )
