"""A real ``liaison-relay`` process on 127.0.0.1, for any test package that needs one.

``start_relay`` starts ``liaison-relay serve --port 0`` and waits (bounded) for its
``listening on`` line; the process is stopped at teardown by whoever started it.
By default the process is forked by this worker's relay launcher
(tests/relay/relay_launcher.py: the relay imported once, ~0.4 s of CPU a start
saved); with ``command`` it is that program, exec'd. ``enroll_device`` registers
a fresh vodozemac identity through the real client, as ``liaison init --relay``
would.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import io
import json
import os
import selectors
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Protocol

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


class ProcessHandle(Protocol):
    """What the tests use of a relay process: a :class:`subprocess.Popen`, or a
    :class:`LaunchedRelay`."""

    pid: int
    stdout: IO[str] | None

    def poll(self) -> int | None: ...

    def wait(self, timeout: float | None = None) -> int: ...

    def send_signal(self, sig: int) -> None: ...

    def kill(self) -> None: ...


class LaunchedRelay:
    """A relay the launcher forked (tests/relay/relay_launcher.py), seen as a
    :class:`subprocess.Popen`: the launcher is its parent and tells its exit status
    on the connection that asked for it. Safe to poll from several threads, as
    ``Popen`` is: one reads the status at a time, and ``poll`` never waits for it."""

    def __init__(self, connection: socket.socket, pid: int, stdout: IO[str] | None) -> None:
        self._connection = connection
        self._status_lock = threading.Lock()
        self.pid = pid
        self.stdout: IO[str] | None = stdout
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None and self._status_lock.acquire(blocking=False):
            try:
                self._receive_status(timeout=0)
            finally:
                self._status_lock.release()
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._status_lock:
            self._receive_status(None if deadline is None
                                 else max(0.0, deadline - time.monotonic()))
        if self.returncode is None:
            raise subprocess.TimeoutExpired(["liaison-relay", str(self.pid)], timeout or 0)
        return self.returncode

    def send_signal(self, sig: int) -> None:
        if self.returncode is None:
            os.kill(self.pid, sig)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def _receive_status(self, timeout: float | None) -> None:
        """With the lock held: the exit status if it comes within ``timeout``."""
        if self.returncode is not None:
            return
        self._connection.settimeout(timeout)
        try:
            packet = self._connection.recv(4096)
        except (TimeoutError, BlockingIOError):
            return
        if not packet:
            raise RuntimeError(f"the relay launcher ended before relay {self.pid} did")
        self.returncode = int(json.loads(packet)["returncode"])
        self._connection.close()


class RelayLauncher:
    """This worker's launcher process (started on first use, killed at exit)."""

    SCRIPT = Path(__file__).with_name("relay_launcher.py")

    def __init__(self) -> None:
        self._directory = Path(tempfile.mkdtemp(prefix="relay-launcher-"))
        self._socket_path = self._directory / "socket"
        self._process = subprocess.Popen(
            [sys.executable, "-u", str(self.SCRIPT), str(self._socket_path)],
            # Its standard input stays open while this worker lives: at end of file the
            # launcher ends, and its relays with it (a crashed worker leaves none behind).
            stdout=subprocess.PIPE, stdin=subprocess.PIPE, text=True)
        assert self._process.stdout is not None
        if not selectors_wait(self._process.stdout, STARTUP_TIMEOUT_SECONDS):
            self.stop()
            raise RuntimeError("the relay launcher did not start")
        ready = self._process.stdout.readline()
        if ready != "ready\n":
            self.stop()
            raise RuntimeError(f"the relay launcher did not start: {ready!r}")

    def running(self) -> bool:
        return self._process.poll() is None

    def launch(self, argv: list[str], env: dict[str, str], stdout: int, stderr: int,
               stdout_reader: IO[str] | None = None) -> LaunchedRelay:
        connection = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            connection.settimeout(STARTUP_TIMEOUT_SECONDS)
            connection.connect(str(self._socket_path))
            request = {"argv": argv, "env": env, "cwd": os.getcwd()}
            socket.send_fds(connection, [json.dumps(request).encode()], [stdout, stderr])
            answer = connection.recv(4096)
            if not answer:
                raise RuntimeError("the relay launcher closed the connection")
            return LaunchedRelay(connection, int(json.loads(answer)["pid"]), stdout_reader)
        except BaseException:
            connection.close()
            raise

    def stop(self) -> None:
        if self._process.poll() is None:
            self._process.kill()
            self._process.wait(10)
        for stream in (self._process.stdin, self._process.stdout):
            if stream is not None:
                stream.close()
        with contextlib.suppress(OSError):
            self._socket_path.unlink()
            self._directory.rmdir()


_launcher: RelayLauncher | None = None


def relay_launcher() -> RelayLauncher:
    """This worker's launcher, started (again, if it ended) on first use."""
    global _launcher
    if _launcher is None or not _launcher.running():
        if _launcher is not None:
            _launcher.stop()
        _launcher = RelayLauncher()
        atexit.register(_launcher.stop)
    return _launcher


def run_relay_command(*args: str, env: Mapping[str, str] | None = None,
                      timeout: float = 60.0) -> subprocess.CompletedProcess[str]:
    """``python -m liaison_client.relay ARGS`` as ``subprocess.run`` would run it
    (output captured, never checked), in a process the launcher forked: the same
    ``main``, arguments, environment (this one's plus ``env``) and exit status,
    without an interpreter start (~0.4 s of CPU a command)."""
    argv = list(args)
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        process = relay_launcher().launch(argv, {**os.environ, **(env or {})},
                                          out.fileno(), err.fileno())
        try:
            code = process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)
            raise
        out.seek(0)
        err.seek(0)
        return subprocess.CompletedProcess(["liaison-relay", *argv], code, out.read(), err.read())


def selectors_wait(stream: IO[str], timeout: float) -> bool:
    """True when ``stream`` has something to read within ``timeout`` seconds."""
    with selectors.DefaultSelector() as selector:
        selector.register(stream, selectors.EVENT_READ)
        return bool(selector.select(timeout))


@dataclass
class RelayProcess:
    data_dir: Path
    args: tuple[str, ...]
    process: ProcessHandle
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
            # relay_cli.main runs asyncio.run, which cannot nest: a process of its own.
            done = run_relay_command(*argv, timeout=30)
            done.check_returncode()
            return done.stdout.strip()
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
                command: tuple[str, ...] | None = None,
                database_url: str | None = None,
                ) -> RelayProcess:
    """``command`` is a relay program to exec (another installation's ``liaison-relay``,
    or this one under ``prlimit``); by default the launcher forks this interpreter's
    relay. ``database_url``: PostgreSQL instead of SQLite in ``data_dir``."""
    database = () if database_url is None else ("--database", database_url)
    data_dir.mkdir(parents=True, exist_ok=True)
    log_path = data_dir.parent / f"{data_dir.name}-relay-{time.time_ns()}.log"
    argv = ["serve", "--host", "127.0.0.1", "--port", "0", "--data", str(data_dir), *database,
            *args]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process: ProcessHandle
    with log_path.open("w") as log:
        if command is None:
            read_end, write_end = os.pipe()
            stdout = os.fdopen(read_end, "r")
            try:
                process = relay_launcher().launch(argv, env, write_end, log.fileno(), stdout)
            except BaseException:
                stdout.close()
                raise
            finally:
                os.close(write_end)
        else:
            process = subprocess.Popen([*command, *argv], stdout=subprocess.PIPE, stderr=log,
                                       text=True, env=env)
    assert process.stdout is not None
    deadline = time.monotonic() + timeout
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not selectors_wait(process.stdout, remaining):
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
