"""A real ``liaison-relay`` process on 127.0.0.1, for any test package that needs one.

``start_relay`` launches ``python -m liaison_client.relay serve --port 0`` and
waits (bounded) for its ``listening on`` line; the process is stopped at
teardown by whoever started it. ``enroll_device`` registers a fresh vodozemac
identity through the real client, as ``liaison init --relay`` would.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import os
import selectors
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from liaison_client.crypto.identity import DeviceIdentity, new_device_id
from liaison_client.net.client import RelayClient, identity_signer
from liaison_client.relay import cli as relay_cli

STARTUP_TIMEOUT_SECONDS = 20.0

#: Short purge interval and a generous rate limit suit most tests; so does lifting the
#: per-address refusal throttle: every test client is 127.0.0.1, and a session's
#: deliberate 401s on the shared relay would otherwise add up
#: (tests/relay/test_unauthenticated_throttle.py sets it back).
FAST_TEST_ARGS: tuple[str, ...] = ("--purge-interval", "0.2", "--rate", "5000", "--burst", "5000",
                                   "--refusals-per-peer", "1000000")


@dataclass
class RelayProcess:
    data_dir: Path
    args: tuple[str, ...]
    process: subprocess.Popen[str]
    url: str
    log_path: Path
    ca_pem: str | None = None
    #: ``--database`` (PostgreSQL) when the relay does not use SQLite in ``data_dir``.
    database_url: str | None = None
    stopped: bool = field(default=False)

    @property
    def storage_args(self) -> tuple[str, ...]:
        """What any ``liaison-relay`` command needs to act on this relay's state."""
        database = () if self.database_url is None else ("--database", self.database_url)
        return ("--data", str(self.data_dir), *database)

    def enroll(self, agency: str = "HM Revenue & Customs", *, uses: int = 1,
               expires_hours: float = 72.0) -> str:
        """An enrollment token from ``liaison-relay enroll``, run in this process.

        The same ``main`` the console script runs, minus an interpreter start
        (~1 s each here, and the suite enrolls hundreds of devices);
        tests/relay/test_enroll_command.py runs the real command in a process
        of its own.
        """
        argv = ["enroll", "--agency", agency, "--uses", str(uses),
                "--expires", str(expires_hours), *self.storage_args]
        if _event_loop_running():
            # relay_cli.main runs asyncio.run, which cannot nest: use the command.
            return subprocess.run(
                [sys.executable, "-m", "liaison_client.relay", *argv],
                capture_output=True, text=True, timeout=30, check=True,
            ).stdout.strip()
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = relay_cli.main(argv)
        if code != 0:
            raise subprocess.CalledProcessError(code, argv, out.getvalue(), err.getvalue())
        return out.getvalue().strip()

    def kill(self) -> None:
        """``kill -9``: no shutdown code runs."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)
        self.stopped = True

    def terminate(self, timeout: float = 40.0) -> int:
        self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(timeout=timeout)
        self.stopped = True
        return code

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        if self.process.stdout is not None:
            self.process.stdout.close()
        self.stopped = True

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


def _event_loop_running() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def start_relay(data_dir: Path, *args: str, ca_pem: str | None = None,
                timeout: float = STARTUP_TIMEOUT_SECONDS,
                command: tuple[str, ...] = (sys.executable, "-m", "liaison_client.relay"),
                database_url: str | None = None,
                ) -> RelayProcess:
    """``command`` is the relay's entry point: this interpreter's by default, or
    another installation's ``liaison-relay``; ``database_url``: PostgreSQL
    instead of SQLite in ``data_dir``."""
    database = () if database_url is None else ("--database", database_url)
    data_dir.mkdir(parents=True, exist_ok=True)
    log_path = data_dir.parent / f"{data_dir.name}-relay-{time.time_ns()}.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [*command, "serve", "--host", "127.0.0.1",
             "--port", "0", "--data", str(data_dir), *database, *args],
            stdout=subprocess.PIPE, stderr=log, text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
    assert process.stdout is not None
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + timeout
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not selector.select(remaining):
                raise RuntimeError(f"relay did not start in {timeout} s:\n{log_path.read_text()}")
            line = process.stdout.readline()
            if not line:
                raise RuntimeError(f"relay exited ({process.wait(5)}):\n{log_path.read_text()}")
            if line.startswith("listening on "):
                url = line.removeprefix("listening on ").strip()
                return RelayProcess(data_dir, args, process, url, log_path, ca_pem,
                                    database_url)
    except BaseException:
        process.kill()
        process.wait(10)
        raise
    finally:
        selector.close()


def restart(relay: RelayProcess) -> RelayProcess:
    """A new process on the same data directory (and so a new port)."""
    if not relay.stopped:
        relay.terminate()
    return start_relay(relay.data_dir, *relay.args, ca_pem=relay.ca_pem,
                       database_url=relay.database_url)


@dataclass
class EnrolledDevice:
    device_id: str
    identity: DeviceIdentity
    client: RelayClient


def enroll_device(relay: RelayProcess, *, agency: str = "HM Revenue & Customs",
                  token: str | None = None, attempts: int = 4) -> EnrolledDevice:
    identity = DeviceIdentity.generate()
    device_id = new_device_id()
    client = RelayClient(relay.url, ca_pem=relay.ca_pem, device_id=device_id,
                         signer=identity_signer(identity), attempts=attempts)
    client.register(token or relay.enroll(agency), identity, device_id)
    return EnrolledDevice(device_id, identity, client)


def reconnect(device: EnrolledDevice, relay: RelayProcess, *, attempts: int = 4) -> None:
    """Point an enrolled device's client at a (restarted) relay."""
    device.client.close()
    device.client = RelayClient(relay.url, ca_pem=relay.ca_pem, device_id=device.device_id,
                                signer=identity_signer(device.identity), attempts=attempts)
