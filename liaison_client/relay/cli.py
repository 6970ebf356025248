"""``liaison-relay``: ``serve`` the relay, ``enroll`` an agency's devices.

``enroll`` prints a token once; the relay keeps only its SHA-256. It writes
to the same SQLite file a running relay uses (WAL allows it), so tokens can
be issued without a restart.
"""

from __future__ import annotations

import argparse
import asyncio
import secrets
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from liaison_client.protocol.signed_payloads import token_sha256
from liaison_client.relay.config import RelayConfig, RelayLimits
from liaison_client.relay.server import ListenOptions, serve
from liaison_client.relay.sqlite_storage import SqliteRelayStorage
from liaison_client.relay.storage import EnrollmentToken
from liaison_client.relay.structured_log import configure_logging

TOKEN_PREFIX = "lrt_"
_DEFAULTS = RelayLimits()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="liaison-relay", description="Liaison's store-and-forward relay."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve_cmd = commands.add_parser("serve", help="run the relay")
    serve_cmd.add_argument("--host", default="127.0.0.1")
    serve_cmd.add_argument("--port", type=int, default=8443, help="0 picks a free port")
    serve_cmd.add_argument("--data", type=Path, default=Path("relay-data"),
                           help="directory of the database and attachments")
    serve_cmd.add_argument("--tls-cert", type=Path, help="PEM certificate (chain)")
    serve_cmd.add_argument("--tls-key", type=Path, help="PEM private key")
    serve_cmd.add_argument("--log-level", default="info",
                           choices=["debug", "info", "warning", "error"])
    limits = serve_cmd.add_argument_group("limits")
    limits.add_argument("--max-envelope-bytes", type=int, default=_DEFAULTS.max_envelope_bytes)
    limits.add_argument("--max-blob-bytes", type=int, default=_DEFAULTS.max_blob_bytes)
    limits.add_argument("--max-queue", type=int, default=_DEFAULTS.max_queue_depth,
                        help="pending envelopes per device")
    limits.add_argument("--max-ttl", type=int, default=_DEFAULTS.max_ttl_seconds,
                        help="seconds; also caps the default TTL")
    limits.add_argument("--rate", type=float, default=_DEFAULTS.rate_per_second,
                        help="per-device tokens per second")
    limits.add_argument("--burst", type=int, default=_DEFAULTS.rate_burst)
    limits.add_argument("--max-wait", type=float, default=_DEFAULTS.max_wait_seconds,
                        help="longest long-poll, seconds")
    limits.add_argument("--purge-interval", type=float,
                        default=_DEFAULTS.purge_interval_seconds, help="seconds")
    serve_cmd.set_defaults(run=_run_serve)

    enroll = commands.add_parser("enroll", help="issue an enrollment token")
    enroll.add_argument("--agency", required=True)
    enroll.add_argument("--uses", type=int, default=1, help="devices it may register")
    enroll.add_argument("--expires", type=float, default=72.0, help="hours")
    enroll.add_argument("--data", type=Path, default=Path("relay-data"))
    enroll.set_defaults(run=_run_enroll)
    return parser


def _run_serve(args: argparse.Namespace) -> int:
    configure_logging(args.log_level)
    limits = RelayLimits(
        max_envelope_bytes=args.max_envelope_bytes,
        max_blob_bytes=args.max_blob_bytes,
        max_queue_depth=args.max_queue,
        default_ttl_seconds=min(_DEFAULTS.default_ttl_seconds, args.max_ttl),
        max_ttl_seconds=args.max_ttl,
        rate_per_second=args.rate,
        rate_burst=args.burst,
        max_wait_seconds=min(args.max_wait, 30.0),
        purge_interval_seconds=args.purge_interval,
    )
    config = RelayConfig(data_dir=args.data, limits=limits)
    listen = ListenOptions(args.host, args.port, args.tls_cert, args.tls_key)
    return serve(config, listen, log_level=args.log_level)


def _run_enroll(args: argparse.Namespace) -> int:
    agency = args.agency.strip()
    if not agency or args.uses < 1 or args.expires <= 0:
        print("liaison-relay: --agency must not be empty, --uses ≥ 1, --expires > 0",
              file=sys.stderr)
        return 2
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now_ms = time.time_ns() // 1_000_000
    record = EnrollmentToken(
        token_sha256=token_sha256(token), agency=agency, uses=args.uses,
        expires_at_ms=now_ms + int(args.expires * 3_600_000),
    )
    asyncio.run(_store_token(RelayConfig(data_dir=args.data), record, now_ms))
    print(token)
    return 0


async def _store_token(config: RelayConfig, token: EnrollmentToken, now_ms: int) -> None:
    storage = SqliteRelayStorage(config.database_path, readers=1)
    await storage.start()
    try:
        await storage.add_enrollment_token(token, now_ms)
    finally:
        await storage.close()


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args))
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
