"""An embedded relay: ``liaison-relay serve`` as a child process on 127.0.0.1.

Used by the desktop app's demo (``liaison-desktop --demo``): a newcomer gets a
real relay, with the real protocol and storage, without installing or
configuring one. It is the same program an agency deploys, started as a child
so it can never outlive the app by accident: :meth:`LocalRelay.stop` ends it
(SIGTERM, then SIGKILL after a bound) and the app calls it on exit.

The port is remembered in the relay's data directory and asked for again on
the next start, because the profiles registered with this relay store its URL.
When that port is taken by something else the relay takes a free one and
:attr:`LocalRelay.url` says where it is (the demo then updates its profiles).

Which program runs (:func:`relay_command`): from source, this interpreter with
``-m liaison_client.relay``; in the release bundle (PyInstaller, ``sys.frozen``)
``sys.executable`` is the ``liaison-desktop`` program itself, so the bundle's own
``liaison-relay`` beside it (packaging/liaison.spec, one folder for all three).
"""

from __future__ import annotations

import os
import selectors
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from liaison_client.errors import LocalRelayError

#: A fresh relay opens its SQLite store and binds in well under a second here;
#: the bound covers a slow, busy machine.
START_TIMEOUT_SECONDS = 20.0
#: SIGTERM lets the relay finish its open long-polls; after this it is killed.
STOP_TIMEOUT_SECONDS = 5.0
PORT_FILE = "embedded-port"
#: The relay program's name in the release bundle, beside ``liaison-desktop``.
BUNDLED_RELAY = "liaison-relay"
#: Settings of a deployed relay read from the environment (``LIAISON_RELAY_DATABASE``,
#: relay/storage_backends.py). The embedded relay never takes them: it is always SQLite
#: in its own data directory, so an officer's shell set up for administering a
#: production relay cannot point the demo at the production database.
DEPLOYED_RELAY_ENV_PREFIX = "LIAISON_RELAY_"


def embedded_relay_env() -> dict[str, str]:
    """The environment the embedded relay's commands run in: this process's, less
    any deployed relay's settings, unbuffered so its "listening on" line arrives."""
    env = {name: value for name, value in os.environ.items()
           if not name.startswith(DEPLOYED_RELAY_ENV_PREFIX)}
    return {**env, "PYTHONUNBUFFERED": "1"}


def relay_command(*args: str) -> list[str]:
    """The argv that runs ``liaison-relay ARGS`` from this installation.

    Why two forms: from source the relay is a module of this interpreter; a frozen
    bundle has no interpreter to give ``-m`` to (its ``sys.executable`` is the app),
    so it ships the relay as its own program in the same folder. ``resolve()`` follows
    the .deb's ``/usr/bin`` link to ``/opt/liaison``.
    """
    if getattr(sys, "frozen", False):
        return [str(Path(sys.executable).resolve().parent / BUNDLED_RELAY), *args]
    return [sys.executable, "-m", "liaison_client.relay", *args]


class LocalRelay:
    """One ``liaison-relay serve`` child process over ``data_dir``."""

    def __init__(self, data_dir: Path, process: subprocess.Popen[str], url: str,
                 log_path: Path) -> None:
        self.data_dir = data_dir
        self.url = url
        self.log_path = log_path
        self._process = process

    @classmethod
    def start(cls, data_dir: Path, *, timeout: float = START_TIMEOUT_SECONDS) -> LocalRelay:
        """Start it and wait (bounded) for its ``listening on URL`` line."""
        data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        remembered = _remembered_port(data_dir)
        relay = cls._spawn(data_dir, remembered, timeout)
        if relay is None and remembered:
            relay = cls._spawn(data_dir, 0, timeout)  # the old port is taken: any free one
        if relay is None:
            raise LocalRelayError(
                f"the embedded relay did not start; its log is {data_dir / 'relay.log'}")
        port = urlsplit(relay.url).port
        (data_dir / PORT_FILE).write_text(f"{port}\n")
        return relay

    @classmethod
    def _spawn(cls, data_dir: Path, port: int, timeout: float) -> LocalRelay | None:
        log_path = data_dir / "relay.log"
        try:
            log = log_path.open("a")
        except OSError as exc:
            raise LocalRelayError(f"cannot write the embedded relay's log {log_path}: "
                                  f"{exc.strerror}") from exc
        command = relay_command("serve", "--host", "127.0.0.1", "--port", str(port),
                                "--data", str(data_dir))
        with log:
            try:
                # Our own relay program (relay_command), arguments as a list (no shell).
                process = subprocess.Popen(  # noqa: S603
                    command, stdout=subprocess.PIPE, stderr=log, stdin=subprocess.DEVNULL,
                    text=True, env=embedded_relay_env(),
                )
            except OSError as exc:
                raise _cannot_run(command, exc) from exc
        url = _listening_url(process, timeout)
        if url is None:
            _end(process)
            return None
        return cls(data_dir, process, url, log_path)

    @property
    def running(self) -> bool:
        return self._process.poll() is None

    def enroll(self, agency: str, *, uses: int = 1) -> str:
        """A fresh enrollment token, from the relay's own ``enroll`` command."""
        command = relay_command("enroll", "--agency", agency, "--uses", str(uses),
                                "--data", str(self.data_dir))
        try:
            result = subprocess.run(  # noqa: S603  # own relay program, no shell
                command, capture_output=True, text=True, timeout=30, check=False,
                env=embedded_relay_env())
        except OSError as exc:
            raise _cannot_run(command, exc) from exc
        if result.returncode != 0:
            raise LocalRelayError(f"the embedded relay refused to enroll: {result.stderr.strip()}")
        return result.stdout.strip()

    def stop(self) -> None:
        """End the child process (bounded); safe to call twice."""
        _end(self._process)

    def __enter__(self) -> LocalRelay:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def _cannot_run(command: list[str], exc: OSError) -> LocalRelayError:
    """A missing or unexecutable relay program (a damaged or partial installation)."""
    return LocalRelayError(f"cannot run the embedded relay {command[0]}: "
                           f"{exc.strerror or exc}")


def _remembered_port(data_dir: Path) -> int:
    try:
        return int((data_dir / PORT_FILE).read_text().strip())
    except (OSError, ValueError):
        return 0


def _listening_url(process: subprocess.Popen[str], timeout: float) -> str | None:
    """The URL from the ``listening on`` line, or None if the process ends or stays silent."""
    assert process.stdout is not None
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + timeout
    try:
        while (remaining := deadline - time.monotonic()) > 0 and selector.select(remaining):
            line = process.stdout.readline()
            if not line:
                return None
            if line.startswith("listening on "):
                return line.removeprefix("listening on ").strip()
        return None
    finally:
        selector.close()


def _end(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(STOP_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(STOP_TIMEOUT_SECONDS)
    if process.stdout is not None:
        process.stdout.close()
