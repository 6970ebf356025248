"""Run a command with every non-loopback network call refused before it leaves.

A test that must show "refused before any connection" for an address on
another computer cannot let the command under test try it (tests stay on
loopback, even on their error paths). Imported first in a child process
(``python -c 'import tests.relay.loopback_guard' ...``, see :func:`guarded_argv`),
it installs a PEP 578 audit hook: ``socket.getaddrinfo`` of a name that is not
loopback and ``socket.connect`` to an address that is not loopback raise
:class:`NonLoopbackConnectionError` *before* the call is made, and print
:data:`MARKER` on stderr so the test can see that the command tried.
"""

from __future__ import annotations

import ipaddress
import re
import runpy
import socket
import sys
from typing import Any

MARKER = "LOOPBACK-GUARD: refused a non-loopback network call to"

_LOOPBACK_NAMES = {"localhost", "localhost.", "", None}
_NUMERIC = re.compile(r"[0-9a-fx.]+")


class NonLoopbackConnectionError(OSError):
    """What the guarded command sees instead of a connection off this computer."""


def _loopback(host: Any) -> bool:
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if host in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False


def _numeric(host: Any) -> bool:
    """A host the resolver reads as an address without any query (``127.1``,
    ``::1``): the connect that follows is what the guard then checks."""
    text = host.decode("ascii", "replace") if isinstance(host, bytes) else str(host)
    try:
        ipaddress.ip_address(text.split("%")[0])
        return True
    except ValueError:
        pass
    if _NUMERIC.fullmatch(text) is None:
        return False
    try:
        socket.inet_aton(text)
    except OSError:
        return False
    return True


def _hook(event: str, args: tuple[Any, ...]) -> None:
    if event == "socket.getaddrinfo":
        host = args[0]
        if _numeric(host):
            return
    elif event == "socket.connect":
        address = args[1]
        if not isinstance(address, tuple):  # AF_UNIX: not a network
            return
        host = address[0]
    else:
        return
    if not _loopback(host):
        print(f"{MARKER} {host!r}", file=sys.stderr, flush=True)
        raise NonLoopbackConnectionError(f"loopback guard: {host!r} is not this computer")


def guarded_argv(module: str, *args: str) -> list[str]:
    """``python -m module args`` with the guard installed first."""
    code = ("import sys, tests.relay.loopback_guard as g; g.install(); "
            f"g.run_module({module!r})")
    return [sys.executable, "-c", code, *args]


def install() -> None:
    sys.addaudithook(_hook)


def run_module(module: str) -> None:
    sys.argv[0] = module
    runpy.run_module(module, run_name="__main__", alter_sys=True)
