"""The relay's tunables, with the defaults the issue and docs/RELAY.md name."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

KIB = 1024
MIB = 1024 * KIB
DAY_SECONDS = 86_400


@dataclass(frozen=True)
class RelayLimits:
    """Resource bounds. Every one is answered with a documented HTTP status."""

    #: Largest envelope ciphertext (decoded bytes) → 413.
    max_envelope_bytes: int = 256 * KIB
    #: Envelopes in one ``POST /v1/envelopes`` batch → 422 beyond it.
    max_batch_envelopes: int = 100
    #: Recipients of one envelope (a channel's devices) → 422 beyond it.
    max_recipients: int = 1000
    #: Largest attachment blob → 413.
    max_blob_bytes: int = 100 * MIB
    #: Pending envelopes per recipient device → 507 for the whole batch.
    max_queue_depth: int = 10_000
    #: Pending envelopes of one sender in one recipient's queue → 507
    #: ``sender_quota_full`` (issue 10, item 4: one device filled a victim's queue).
    max_queue_per_sender: int = 2_000
    #: Bytes of unexpired attachments one device may keep on the relay (issue
    #: 10, item 4: one device filled the disk) → 413 ``attachment_quota_full``.
    #: Ten maximal attachments; they expire with their TTL (≤ 30 days).
    max_blob_bytes_per_device: int = 1024 * MIB
    #: Free space the relay keeps on the attachment directory's file system:
    #: an upload that would leave less is 507 ``relay_storage_full`` whoever
    #: sends it, so many devices within their quotas still cannot fill the disk
    #: the database (SQLite) and the logs also live on.
    min_free_disk_bytes: int = 512 * MIB
    #: Default and maximum envelope/blob time-to-live.
    default_ttl_seconds: int = 30 * DAY_SECONDS
    max_ttl_seconds: int = 30 * DAY_SECONDS
    #: Envelopes returned by one fetch.
    page_size: int = 100
    #: Upper bound of a long-poll, whatever the client asks.
    max_wait_seconds: float = 30.0
    #: Per-device token bucket: sustained requests per second and burst size.
    #: A request costs one token plus one per recipient of each envelope it
    #: carries; a request dearer than the burst needs a full bucket and leaves
    #: it in debt (``rate_limit.py``).
    rate_per_second: float = 500.0
    rate_burst: int = 1000
    #: How often expired envelopes, blobs, statuses and nonces are purged.
    purge_interval_seconds: float = 60.0
    #: How long the delivery state of an expired or delivered envelope is kept.
    status_retention_seconds: int = 7 * DAY_SECONDS
    #: One-time keys a device may keep published.
    max_one_time_keys: int = 100
    #: One-time-key claims (issue 10, item 10: any enrolled device could drain
    #: another's keys, forcing everyone onto its fallback key). A client claims
    #: one key per device it opens a session with, so per (claimer, target) a
    #: burst of 10 refilled at 10 an hour, and per claimer a burst of 2,000
    #: (inviting two channels of the maximal 1,000 devices) refilled at 2,000
    #: an hour. Beyond: 429 with Retry-After; the target's keys are untouched.
    claims_per_target_burst: int = 10
    claims_per_target_per_hour: float = 10.0
    claims_per_claimer_burst: int = 2000
    claims_per_claimer_per_hour: float = 2000.0
    #: Authentication refusals (401) a peer address may cause: a burst, refilled
    #: per second; beyond, 429 ``too_many_refusals`` before any work.
    refusals_per_peer_burst: int = 100
    refusals_per_peer_per_second: float = 5.0
    #: Open connections one peer address may hold; more are closed at accept.
    max_connections_per_peer: int = 256

    @property
    def max_request_bytes(self) -> int:
        """Cap of a JSON request body: a full batch of maximal base64 envelopes."""
        per_envelope = self.max_envelope_bytes * 4 // 3 + 4 + 100 * self.max_recipients // 10
        return self.max_batch_envelopes * per_envelope + 64 * KIB


#: PostgreSQL connections per relay instance unless ``--database-pool`` says otherwise.
DEFAULT_DATABASE_POOL = 10


@dataclass(frozen=True)
class RelayConfig:
    #: The SQLite database (when ``database_url`` is None), the attachment files
    #: and the revocation signal.
    data_dir: Path
    limits: RelayLimits = RelayLimits()
    #: ``postgresql://…`` for a relay of several instances on one PostgreSQL
    #: (``--database`` / ``LIAISON_RELAY_DATABASE``); None: SQLite in ``data_dir``.
    database_url: str | None = None
    #: PostgreSQL connections one relay instance keeps at most (``--database-pool``);
    #: the server's ``max_connections`` must cover every instance's pool plus one
    #: ``LISTEN`` connection each (docs/DEPLOY.md). Unused on SQLite.
    database_pool: int = DEFAULT_DATABASE_POOL

    @property
    def database_path(self) -> Path:
        return self.data_dir / "relay.sqlite3"

    @property
    def blob_dir(self) -> Path:
        return self.data_dir / "blobs"
