"""Running the relay under uvicorn: bind, announce, and shut down gracefully.

The socket is bound here, before uvicorn starts, so ``--port 0`` gets a free
port from the kernel and the exact address can be announced. The line
``listening on http(s)://HOST:PORT`` is printed (and flushed) only once
uvicorn accepts connections: a parent process (tests, the desktop app's
embedded relay) waits for it instead of polling.

On SIGTERM/SIGINT uvicorn stops accepting; before it waits for open
connections, every waiting long-poll is answered at once (they would
otherwise hold shutdown for up to 30 s), then the lifespan shutdown commits
all queued writes and closes the database. Nothing answered 2xx is lost,
because nothing is answered 2xx before its commit.
"""

from __future__ import annotations

import contextlib
import gc
import resource
import socket
import sys
from dataclasses import dataclass
from pathlib import Path

import uvicorn

from liaison_client.relay.app import create_app
from liaison_client.relay.config import RelayConfig
from liaison_client.relay.context import RelayContext
from liaison_client.relay.http_head_limit import BoundedHttpToolsProtocol


@dataclass(frozen=True)
class ListenOptions:
    host: str = "127.0.0.1"
    port: int = 0
    tls_cert: Path | None = None
    tls_key: Path | None = None


class _RelayServer(uvicorn.Server):
    def __init__(self, config: uvicorn.Config, context: RelayContext, announce: str) -> None:
        super().__init__(config)
        self._context = context
        self._announce = announce

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets=sockets)
        if self.started and not self.should_exit:
            _freeze_startup_objects()
            print(self._announce, flush=True)

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        self._context.wakeups.close()
        await super().shutdown(sockets=sockets)


def _freeze_startup_objects() -> None:
    """Keep what start-up built (FastAPI, its routes and pydantic schemas, the
    relay's context) out of every later garbage collection.

    Why: a full collection walks every tracked object, and the relay's
    long-lived heap made each one a pause of tens of milliseconds on the event
    loop. Under bursts of 50 simultaneous sends that pause set the p99
    delivery latency (docs/PERFORMANCE.md, "Relay": 43–112 ms with it, 33–35 ms
    frozen). ``gc.freeze`` (Python ≥ 3.7) moves those objects to a permanent
    generation the collector skips; objects made per request are collected as
    before.
    """
    gc.collect()
    gc.freeze()


def bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.set_inheritable(True)
    return sock


def raise_file_limit(wanted: int = 65_536) -> int:
    """Raise the soft RLIMIT_NOFILE towards ``wanted`` (never above the hard limit,
    which only root may raise): a default of 1,024 descriptors is what 1,100
    connections exhausted (issue 10, item 3). Returns the soft limit now."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < target:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def serve(config: RelayConfig, listen: ListenOptions, *, log_level: str = "info") -> int:
    if (listen.tls_cert is None) != (listen.tls_key is None):
        print("liaison-relay: --tls-cert and --tls-key go together", file=sys.stderr)
        return 2
    raise_file_limit()
    BoundedHttpToolsProtocol.max_connections_per_peer = config.limits.max_connections_per_peer
    app = create_app(config)
    context = app.state.relay
    assert isinstance(context, RelayContext)
    sock = bind(listen.host, listen.port)
    port = sock.getsockname()[1]
    scheme = "https" if listen.tls_cert else "http"
    shown_host = f"[{listen.host}]" if ":" in listen.host else listen.host
    uv_config = uvicorn.Config(
        app,
        loop="uvloop",
        http=BoundedHttpToolsProtocol,  # httptools, its head bounded (http_head_limit.py)
        lifespan="on",
        log_config=None,
        log_level=log_level,
        access_log=False,
        ssl_certfile=str(listen.tls_cert) if listen.tls_cert else None,
        ssl_keyfile=str(listen.tls_key) if listen.tls_key else None,
        timeout_graceful_shutdown=int(config.limits.max_wait_seconds) + 5,
        backlog=2048,
        timeout_keep_alive=5,  # the idle timeout between requests on a connection
        server_header=False,
    )
    server = _RelayServer(uv_config, context, f"listening on {scheme}://{shown_host}:{port}")
    server.run(sockets=[sock])
    return 0 if server.started else 1
