"""``python -m djstripe.testing``: READY line, serving, clean shutdown on SIGTERM."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import urllib.request

import stripe


def test_cli_serves_generated_data_and_stops_on_sigterm():
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "djstripe.testing",
            "--customers",
            "3",
            "--seed",
            "5",
            "--now",
            "1900000000",
            "--api-key",
            "sk_test_cli",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        ready = process.stdout.readline().split()  # type: ignore[union-attr]
        assert ready[0] == "READY" and ready[1].startswith("http://127.0.0.1:")
        assert int(ready[2]) == process.pid
        client = stripe.StripeClient("sk_test_cli", base_addresses={"api": ready[1]})
        customers = client.v1.customers.list().data
        assert len(customers) == 3
        assert 1_900_000_000 - 200 * 86400 < min(c.created for c in customers)
        assert max(c.created for c in customers) < 1_900_000_000
        with urllib.request.urlopen(f"{ready[1]}/__double/stats") as response:
            assert json.loads(response.read())["by_route"] == {"GET /v1/customers": 1}
    finally:
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=10)
    assert process.returncode == 0, err
    assert out == ""  # exactly one line on stdout, already read


def test_cli_reports_a_busy_port():
    with socket_in_use() as port:
        result = subprocess.run(
            [sys.executable, "-m", "djstripe.testing", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=20,
        )
    assert result.returncode == 1 and "cannot serve" in result.stderr
    assert result.stdout == ""


class socket_in_use:  # noqa: N801 (used as a context manager)
    def __enter__(self) -> int:
        import socket

        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen()
        return self.socket.getsockname()[1]

    def __exit__(self, *exc: object) -> None:
        self.socket.close()
