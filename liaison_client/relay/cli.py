"""``liaison-relay``: ``serve`` the relay, ``enroll`` an agency's devices, and
IT's device and token administration (``devices``, ``revoke``, ``tokens``).

``enroll`` prints a token once; the relay keeps only its SHA-256. It writes
to the same database a running relay uses (the SQLite file in ``--data``, WAL
allows it, or the PostgreSQL of ``--database``), so tokens can be issued
without a restart. ``revoke`` commits the revocation there and then
raises the revocation signal (``relay/revocations.py``), so a running relay
refuses the device's next request (docs/RELAY.md, "A laptop is lost").
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from liaison_client.protocol.signed_payloads import token_sha256
from liaison_client.relay.config import DEFAULT_DATABASE_POOL, RelayConfig, RelayLimits
from liaison_client.relay.revocations import RevocationSignal
from liaison_client.relay.server import ListenOptions, serve
from liaison_client.relay.storage import (
    DeviceRecord,
    DirectoryFilter,
    EnrollmentToken,
    EnrollmentTokenRecord,
    RelayStorage,
    Revocation,
    StorageStartError,
)
from liaison_client.relay.storage_backends import (
    DATABASE_ENV,
    UnsupportedDatabaseError,
    check_database_url,
    open_storage,
)
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
    _add_storage_arguments(serve_cmd)
    serve_cmd.add_argument(
        "--database-pool", type=_pool_size, default=DEFAULT_DATABASE_POOL,
        metavar="N", help="PostgreSQL connections this instance keeps at most (default "
        "%(default)s; with --database only); PostgreSQL's max_connections must cover every "
        "instance's N + 1")
    serve_cmd.add_argument("--tls-cert", type=Path, help="PEM certificate (chain)")
    serve_cmd.add_argument("--tls-key", type=Path, help="PEM private key")
    serve_cmd.add_argument("--log-level", default="info",
                           choices=["debug", "info", "warning", "error"])
    limits = serve_cmd.add_argument_group("limits")
    limits.add_argument("--max-envelope-bytes", type=int, default=_DEFAULTS.max_envelope_bytes)
    limits.add_argument("--max-blob-bytes", type=int, default=_DEFAULTS.max_blob_bytes)
    limits.add_argument("--max-blob-bytes-per-device", type=int,
                        default=_DEFAULTS.max_blob_bytes_per_device,
                        help="bytes of unexpired attachments one device may store")
    limits.add_argument("--min-free-disk-bytes", type=int,
                        default=_DEFAULTS.min_free_disk_bytes,
                        help="free space kept on the attachment file system; "
                        "uploads that would leave less are refused")
    limits.add_argument("--max-queue", type=int, default=_DEFAULTS.max_queue_depth,
                        help="pending envelopes per device")
    limits.add_argument("--max-queue-per-sender", type=int,
                        default=_DEFAULTS.max_queue_per_sender,
                        help="pending envelopes of one sender per recipient")
    limits.add_argument("--max-ttl", type=int, default=_DEFAULTS.max_ttl_seconds,
                        help="seconds; also caps the default TTL")
    limits.add_argument("--rate", type=float, default=_DEFAULTS.rate_per_second,
                        help="per-device tokens per second")
    limits.add_argument("--burst", type=int, default=_DEFAULTS.rate_burst)
    limits.add_argument("--max-wait", type=float, default=_DEFAULTS.max_wait_seconds,
                        help="longest long-poll, seconds")
    limits.add_argument("--claims-per-target", type=int,
                        default=_DEFAULTS.claims_per_target_burst,
                        help="one-time-key claims per claimer and target device, per hour")
    limits.add_argument("--claims-per-claimer", type=int,
                        default=_DEFAULTS.claims_per_claimer_burst,
                        help="one-time-key claims per claiming device, per hour")
    limits.add_argument("--refusals-per-peer", type=int,
                        default=_DEFAULTS.refusals_per_peer_burst,
                        help="authentication refusals a peer address may cause (a burst, "
                        "refilled over 20 s) before its requests are answered 429")
    limits.add_argument("--max-connections-per-peer", type=int,
                        default=_DEFAULTS.max_connections_per_peer,
                        help="open connections one client address may hold")
    limits.add_argument("--purge-interval", type=float,
                        default=_DEFAULTS.purge_interval_seconds, help="seconds")
    serve_cmd.set_defaults(run=_run_serve)

    enroll = commands.add_parser("enroll", help="issue an enrollment token")
    enroll.add_argument("--agency", required=True)
    enroll.add_argument("--uses", type=int, default=1, help="devices it may register")
    enroll.add_argument("--expires", type=float, default=72.0, help="hours")
    _add_storage_arguments(enroll)
    enroll.set_defaults(run=_run_enroll)

    devices = commands.add_parser("devices", help="list the registered devices")
    devices.add_argument("--agency", help="only this enrollment agency (exactly)")
    devices.add_argument("--json", action="store_true", help="machine-readable output")
    _add_storage_arguments(devices)
    devices.set_defaults(run=_run_devices)

    revoke = commands.add_parser(
        "revoke", help="revoke a device: refused at once, queue purged, keys withdrawn")
    revoke.add_argument("device_id", metavar="DEVICE_ID")
    revoke.add_argument("--reason", help="a note for IT (kept on the relay, never served)")
    _add_storage_arguments(revoke)
    revoke.set_defaults(run=_run_revoke)

    tokens = commands.add_parser("tokens", help="list enrollment tokens (or revoke one)")
    tokens.add_argument("--json", action="store_true", help="machine-readable output")
    _add_storage_arguments(tokens)
    tokens.set_defaults(run=_run_tokens)
    token_commands = tokens.add_subparsers(dest="token_command", metavar="revoke")
    token_revoke = token_commands.add_parser("revoke", help="make a token unusable")
    token_revoke.add_argument("token_id", metavar="TOKEN_ID", help="as 'tokens' lists it")
    token_revoke.add_argument("--data", type=Path, default=argparse.SUPPRESS)
    token_revoke.add_argument("--database", default=argparse.SUPPRESS)
    token_revoke.set_defaults(run=_run_token_revoke)
    return parser


def _add_storage_arguments(command: argparse.ArgumentParser) -> None:
    """``--data`` and ``--database``, the same on every command that touches state."""
    command.add_argument("--data", type=Path, default=Path("relay-data"),
                         help="directory of the SQLite database (unless --database), the "
                         "attachments and the revocation signal")
    command.add_argument(
        "--database", default=None, metavar="URL",
        help=f"postgresql://… for several relay instances on one PostgreSQL (default: "
        f"${DATABASE_ENV}, else SQLite in --data); a password is better kept in "
        "~/.pgpass or PGPASSWORD than in the URL, which ps shows")


def _pool_size(text: str) -> int:
    """``--database-pool``: 1 to 500 connections (argparse reports the reason)."""
    try:
        size = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if not 1 <= size <= 500:
        raise argparse.ArgumentTypeError(f"{size} is outside 1 to 500")
    return size


def _config(args: argparse.Namespace, limits: RelayLimits = _DEFAULTS) -> RelayConfig:
    url = args.database if args.database is not None else os.environ.get(DATABASE_ENV)
    pool = getattr(args, "database_pool", DEFAULT_DATABASE_POOL)
    return RelayConfig(data_dir=args.data, limits=limits, database_url=check_database_url(url),
                       database_pool=pool)


def _storage(config: RelayConfig) -> RelayStorage:
    """For one command: one reader, few connections."""
    return open_storage(config, readers=1, max_connections=2)


async def _check_storage(config: RelayConfig) -> None:
    """Start (migrate) and close the storage: a newer schema or an unreachable
    database is refused here in one line, before the server binds."""
    storage = _storage(config)
    await storage.start()
    await storage.close()


def _run_serve(args: argparse.Namespace) -> int:
    configure_logging(args.log_level)
    limits = RelayLimits(
        max_envelope_bytes=args.max_envelope_bytes,
        max_blob_bytes=args.max_blob_bytes,
        max_blob_bytes_per_device=args.max_blob_bytes_per_device,
        min_free_disk_bytes=args.min_free_disk_bytes,
        max_queue_depth=args.max_queue,
        max_queue_per_sender=args.max_queue_per_sender,
        default_ttl_seconds=min(_DEFAULTS.default_ttl_seconds, args.max_ttl),
        max_ttl_seconds=args.max_ttl,
        rate_per_second=args.rate,
        rate_burst=args.burst,
        max_wait_seconds=min(args.max_wait, 30.0),
        purge_interval_seconds=args.purge_interval,
        claims_per_target_burst=args.claims_per_target,
        claims_per_target_per_hour=float(args.claims_per_target),
        claims_per_claimer_burst=args.claims_per_claimer,
        claims_per_claimer_per_hour=float(args.claims_per_claimer),
        refusals_per_peer_burst=args.refusals_per_peer,
        refusals_per_peer_per_second=args.refusals_per_peer / 20,
        max_connections_per_peer=args.max_connections_per_peer,
    )
    config = _config(args, limits)
    asyncio.run(_check_storage(config))
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
    asyncio.run(_store_token(_config(args), record, now_ms))
    print(token)
    return 0


async def _store_token(config: RelayConfig, token: EnrollmentToken, now_ms: int) -> None:
    storage = _storage(config)
    await storage.start()
    try:
        await storage.add_enrollment_token(token, now_ms)
    finally:
        await storage.close()


def _iso(ms: int | None) -> str | None:
    if ms is None:
        return None
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ms / 1000))


async def _all_devices(config: RelayConfig, agency: str | None) -> list[DeviceRecord]:
    storage = _storage(config)
    await storage.start()
    try:
        found: list[DeviceRecord] = []
        cursor: str | None = None
        for _page in range(1_000_000):  # bounded: each page moves the cursor on
            page = await storage.devices(DirectoryFilter(cursor=cursor, limit=500,
                                                         agency=agency))
            found += page
            if len(page) < 500:
                break
            cursor = page[-1].device_id
        return found
    finally:
        await storage.close()


def _run_devices(args: argparse.Namespace) -> int:
    devices = asyncio.run(_all_devices(_config(args), args.agency))
    rows = [{
        "device_id": d.device_id, "agency": d.agency,
        "name": None if d.profile is None else d.profile.name,
        "ed25519_key": d.ed25519_key,
        "registered_at": _iso(d.registered_at_ms),
        "revoked_at": _iso(d.revoked_at_ms), "revoked_reason": d.revoked_reason,
    } for d in devices]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for row in rows:
        state = "in service" if row["revoked_at"] is None else f"REVOKED {row['revoked_at']}"
        print(f"{row['device_id']}  {row['agency']}  {row['name'] or '(no name)'}  "
              f"registered {row['registered_at']}  {state}")
    return 0


async def _revoke(config: RelayConfig, device_id: str, reason: str | None) -> Revocation | None:
    storage = _storage(config)
    await storage.start()
    try:
        return await storage.revoke_device(device_id, reason, time.time_ns() // 1_000_000)
    finally:
        await storage.close()


def _run_revoke(args: argparse.Namespace) -> int:
    reason = args.reason.strip()[:500] if args.reason else None
    config = _config(args)
    done = asyncio.run(_revoke(config, args.device_id, reason))
    if done is None:
        print(f"liaison-relay: no device {args.device_id} on this relay", file=sys.stderr)
        return 1
    # After the commit: a running relay re-reads the revocations before its next request.
    RevocationSignal(config.data_dir).raise_signal()
    if not done.newly_revoked:
        print(f"{done.device_id} was already revoked at {_iso(done.revoked_at_ms)}")
        return 0
    print(f"revoked {done.device_id}: its requests are refused from now on; "
          f"{done.purged_envelopes} pending envelopes purged, "
          f"{done.withdrawn_keys} keys withdrawn")
    return 0


async def _tokens(config: RelayConfig) -> list[EnrollmentTokenRecord]:
    storage = _storage(config)
    await storage.start()
    try:
        return await storage.enrollment_tokens()
    finally:
        await storage.close()


def _token_state(token: EnrollmentTokenRecord, now_ms: int) -> str:
    if token.revoked_at_ms is not None:
        return "revoked"
    if token.uses_left == 0:
        return "spent"
    return "expired" if token.expires_at_ms <= now_ms else "usable"


def _run_tokens(args: argparse.Namespace) -> int:
    now_ms = time.time_ns() // 1_000_000
    rows = [{
        "token_id": t.token_id, "agency": t.agency, "uses_left": t.uses_left,
        "created_at": _iso(t.created_at_ms), "expires_at": _iso(t.expires_at_ms),
        "revoked_at": _iso(t.revoked_at_ms), "state": _token_state(t, now_ms),
    } for t in asyncio.run(_tokens(_config(args)))]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for row in rows:
        print(f"{row['token_id']}  {row['agency']}  {row['state']}  "
              f"uses left {row['uses_left']}  expires {row['expires_at']}")
    return 0


async def _revoke_token(config: RelayConfig, token_id: str) -> bool:
    storage = _storage(config)
    await storage.start()
    try:
        return await storage.revoke_enrollment_token(token_id, time.time_ns() // 1_000_000)
    finally:
        await storage.close()


def _run_token_revoke(args: argparse.Namespace) -> int:
    if not asyncio.run(_revoke_token(_config(args), args.token_id)):
        print(f"liaison-relay: no token {args.token_id} on this relay "
              "(see 'liaison-relay tokens')", file=sys.stderr)
        return 1
    print(f"token {args.token_id} revoked: it registers no more devices")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args))
    except (StorageStartError, UnsupportedDatabaseError) as exc:
        print(f"liaison-relay: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
