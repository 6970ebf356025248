"""Start ``liaison-relay`` processes for the tests without an interpreter start each.

A relay process spends ~0.4 s of CPU importing FastAPI, pydantic and uvicorn
before it serves, and the suite starts ~400 of them (docs/PERFORMANCE.md, "Test
suite", stop 24). This launcher is one process per xdist worker that imports the
relay once and then forks: each child is a relay process of its own, with the
test's arguments, environment, working directory, standard output and error, and
it runs the same ``main`` that ``python -m liaison_client.relay`` runs and ends
the same way (``sys.exit(main(argv))``: atexit handlers, non-daemon threads,
signals re-raised by uvicorn). What differs from an exec'd interpreter is only
what was decided at import time: the launcher imported the relay under the
worker's environment, and nothing in the relay reads the environment at import
(its variables are read when a command runs); and the string hash seed, which all of
a launcher's relays share (``random`` is re-seeded in each child by Python's own
fork hook, secrets come from the kernel). Tests whose subject is the program
as installed (a clean venv, the bundle, ``prlimit``) exec it instead
(``start_relay(command=...)``).

Run as ``python -u relay_launcher.py SOCKET`` (a script, so the launcher imports
nothing of the tests). The wire: one ``SOCK_SEQPACKET`` connection per child; the
request is one JSON packet ``{"argv", "env", "cwd"}`` carrying two descriptors
(SCM_RIGHTS: the child's standard output and error); the launcher answers
``{"pid": N}``, and ``{"returncode": N}`` (as :class:`subprocess.Popen` counts it:
a signal is negative) when the child has ended, then closes the connection.
Single-threaded on purpose: ``fork`` in a process with threads is unsafe. The
launcher ends when the worker's end of its standard input closes (the worker ended,
however it ended), and each relay ends with it (``PR_SET_PDEATHSIG``).
"""

from __future__ import annotations

import contextlib
import ctypes
import importlib
import json
import os
import selectors
import signal
import socket
import sys
from dataclasses import dataclass

import liaison_client.relay.cli as relay_cli

#: What else a relay imports before it serves, paid once here: both storage backends,
#: and what uvicorn picks by name when it starts (lifespan, event loop, protocols).
PRELOADED = ("liaison_client.relay.postgres_storage", "liaison_client.relay.sqlite_storage",
             "uvicorn.lifespan.on", "uvicorn.loops.uvloop", "uvicorn.protocols.websockets.auto")
MAX_REQUEST_BYTES = 1 << 20
PR_SET_PDEATHSIG = 1


@dataclass(frozen=True)
class Request:
    argv: list[str]
    env: dict[str, str]
    cwd: str


def _die_with_the_launcher(launcher: int) -> None:
    """A relay is killed when the launcher ends (prctl(2), PR_SET_PDEATHSIG: the
    launcher is single-threaded, so its one thread ending is it ending). If it ended
    before the signal was asked for, the relay ends now (the man page's own check)."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != launcher:
        os._exit(1)


def _answer(connection: socket.socket, message: dict[str, int]) -> None:
    with contextlib.suppress(OSError):  # the test no longer listens: nothing to tell
        connection.send(json.dumps(message).encode())


def serve(listener: socket.socket) -> Request | None:
    """Fork a relay per request; returns in a child, with its request, or None when
    the worker that started the launcher is gone (its end of standard input closed:
    then the launcher ends, and its relays with it)."""
    wake_read, wake_write = os.pipe()
    os.set_blocking(wake_write, False)
    signal.signal(signal.SIGCHLD, lambda _signum, _frame: None)
    signal.set_wakeup_fd(wake_write)
    selector = selectors.DefaultSelector()
    selector.register(listener, selectors.EVENT_READ)
    selector.register(wake_read, selectors.EVENT_READ)
    selector.register(0, selectors.EVENT_READ)  # standard input
    children: dict[int, socket.socket] = {}
    while True:
        for key, _events in selector.select():
            if key.fileobj is listener:
                connection, _ = listener.accept()
                packet, fds, _flags, _address = socket.recv_fds(connection, MAX_REQUEST_BYTES, 2)
                raw = json.loads(packet)
                pid = os.fork()
                if pid == 0:
                    signal.set_wakeup_fd(-1)
                    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                    selector.close()
                    for other in (listener, connection, *children.values()):
                        other.close()
                    os.close(wake_read)
                    os.close(wake_write)
                    _standard_streams(fds)
                    return Request(list(raw["argv"]), dict(raw["env"]), str(raw["cwd"]))
                for fd in fds:
                    os.close(fd)
                _answer(connection, {"pid": pid})
                children[pid] = connection
            elif key.fileobj == 0:
                if not os.read(0, 4096):  # standard input
                    return None
            else:
                os.read(wake_read, 4096)
                _reap(children)


def _reap(children: dict[int, socket.socket]) -> None:
    while children:
        pid, status = os.waitpid(-1, os.WNOHANG)
        if pid == 0:
            return
        connection = children.pop(pid, None)
        if connection is not None:
            _answer(connection, {"returncode": os.waitstatus_to_exitcode(status)})
            connection.close()


def _standard_streams(fds: list[int]) -> None:
    stdout, stderr = fds
    devnull = os.open(os.devnull, os.O_RDONLY)
    for source, target in ((devnull, 0), (stdout, 1), (stderr, 2)):
        os.dup2(source, target)
        os.close(source)


def main() -> None:
    for module in PRELOADED:
        importlib.import_module(module)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    listener.bind(sys.argv[1])
    listener.listen(64)
    print("ready", flush=True)
    launcher = os.getpid()
    request = serve(listener)
    if request is None:
        return
    # The child: a relay process from here on, as `python -m liaison_client.relay` is.
    _die_with_the_launcher(launcher)
    os.environ.clear()
    os.environ.update(request.env)
    os.chdir(request.cwd)
    sys.argv = ["liaison-relay", *request.argv]
    sys.exit(relay_cli.main(request.argv))


if __name__ == "__main__":
    main()
