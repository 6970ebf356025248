"""The relay's storage interface: what the HTTP handlers may ask of a backend.

Handlers depend only on :class:`RelayStorage` and the records here, so a
PostgreSQL backend (for several relay instances behind a load balancer) can
replace :class:`~liaison_client.relay.sqlite_storage.SqliteRelayStorage`
without touching them. Every mutating call returns only once its effect is
durable: a handler that answers 2xx after awaiting it has kept its promise
even if the process is killed the next instant.

Times are integer milliseconds since the Unix epoch, UTC.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Protocol

# Re-exported: the delivery states are part of this interface's vocabulary (the
# protocol defines them once, for the relay and the client alike).
from liaison_client.protocol.delivery import DeliveryState as DeliveryState


@dataclass(frozen=True)
class EnrollmentToken:
    token_sha256: str
    agency: str
    uses: int
    expires_at_ms: int


@dataclass(frozen=True)
class DeviceProfileRecord:
    """The officer's name and agency as the device signed them; the relay only keeps
    and serves it (readers verify it, see ``liaison_client.protocol.device_profile``)."""

    name: str
    agency: str
    issued_at_ms: int
    signature: str


@dataclass(frozen=True)
class DeviceRecord:
    """A registered device's public record; the relay never holds a private key."""

    device_id: str
    agency: str
    ed25519_key: str
    curve25519_key: str
    registration_signature: str
    registered_at_ms: int
    #: None for a device registered without one (before profiles existed, or an old client).
    profile: DeviceProfileRecord | None = None
    #: When IT revoked it (``liaison-relay revoke``); None while it may use the relay.
    revoked_at_ms: int | None = None
    #: IT's note for the revocation ("laptop lost"); shown to IT only, never served.
    revoked_reason: str | None = None


@dataclass(frozen=True)
class Revocation:
    """What revoking a device did (``liaison-relay revoke`` prints it)."""

    device_id: str
    revoked_at_ms: int
    #: False when the device was already revoked (nothing more was done).
    newly_revoked: bool
    #: Envelopes waiting for it, now ``expired`` for their senders, ciphertext gone.
    purged_envelopes: int
    #: Unclaimed one-time keys (and the fallback key) withdrawn.
    withdrawn_keys: int


@dataclass(frozen=True)
class EnrollmentTokenRecord:
    """An enrollment token as IT lists it: never the token itself, only its id
    (the first 16 hex digits of its SHA-256, enough to name it, useless to register)."""

    token_id: str
    agency: str
    uses_left: int
    expires_at_ms: int
    created_at_ms: int
    revoked_at_ms: int | None


def token_id_of(token_sha256: str) -> str:
    """The id IT names a token by (``liaison-relay tokens``)."""
    return token_sha256[:16]


@dataclass(frozen=True)
class NewDevice:
    """What a registration brings; the agency comes from the enrollment token."""

    device_id: str
    ed25519_key: str
    curve25519_key: str
    registration_signature: str
    registered_at_ms: int
    profile: DeviceProfileRecord | None = None


@dataclass(frozen=True)
class DirectoryFilter:
    """Which devices a directory page lists: those after ``cursor`` in device id order."""

    cursor: str | None = None
    limit: int = 100
    #: Exactly this enrollment agency.
    agency: str | None = None
    #: Contained, case-insensitively (Unicode case folding), in the name or device id.
    text: str | None = None


@dataclass(frozen=True)
class SignedKey:
    """A Curve25519 one-time or fallback key with the device's Ed25519 signature over it."""

    key_id: str
    key: str
    signature: str


@dataclass(frozen=True)
class ClaimedKey:
    key: SignedKey
    fallback: bool


@dataclass(frozen=True)
class NewEnvelope:
    envelope_id: str
    recipients: tuple[str, ...]
    ciphertext: bytes
    expires_at_ms: int


@dataclass(frozen=True)
class AcceptedEnvelope:
    envelope_id: str
    #: False when this id had been accepted before (an idempotent retry).
    created: bool
    expires_at_ms: int


@dataclass(frozen=True)
class QueuedEnvelope:
    """One envelope as its recipient fetches it; ``cursor`` orders the queue."""

    cursor: int
    envelope_id: str
    sender_device_id: str
    ciphertext: bytes
    sent_at_ms: int
    expires_at_ms: int


@dataclass(frozen=True)
class BlobRecord:
    sha256: str
    size: int
    expires_at_ms: int


@dataclass(frozen=True)
class Acknowledged:
    """What an acknowledgement changed: how many envelopes, and whose they were.

    ``senders`` are told (their waiting long-poll answers at once, flagged
    ``states_changed``) so that a sender's "delivered" follows the recipient's
    acknowledgement within a round trip instead of the next 30-s refresh
    (issue 11, item 12)."""

    count: int
    senders: frozenset[str]


@dataclass(frozen=True)
class PurgeReport:
    expired_deliveries: int
    removed_envelopes: int
    expired_blobs: tuple[str, ...]


class StorageError(Exception):
    """A refusal the handler turns into an HTTP answer."""


class TokenRefusedError(StorageError):
    """The enrollment token is unknown, spent or expired (deliberately not told which)."""


class DeviceExistsError(StorageError):
    """The device id or its Ed25519 key is registered already."""


class StaleProfileError(StorageError):
    """The device already has a profile issued at or after this one's time."""


class ProfileAgencyMismatchError(StorageError):
    """The signed profile claims another agency than the enrollment token's (the device's).

    Named apart from the client's ``liaison_client.net.errors.AgencyMismatchError``
    (the relay's 403 ``agency_mismatch`` as the client sees it): this is the
    storage's refusal the handler turns into that answer."""

    def __init__(self, token_agency: str) -> None:
        super().__init__(f"the device is enrolled for {token_agency}")
        self.token_agency = token_agency


class BlobQuotaError(StorageError):
    """The uploader's unexpired attachments would exceed its byte quota (issue 10,
    item 4: one device must not fill the relay's disk). Nothing was recorded."""

    def __init__(self, stored_bytes: int, quota_bytes: int) -> None:
        super().__init__(f"this device already stores {stored_bytes} bytes of attachments "
                         f"on the relay; its quota is {quota_bytes} bytes")
        self.stored_bytes = stored_bytes
        self.quota_bytes = quota_bytes


class UnknownRecipientsError(StorageError):
    def __init__(self, device_ids: Sequence[str]) -> None:
        super().__init__(f"unknown recipient devices: {', '.join(sorted(device_ids))}")
        self.device_ids = tuple(sorted(device_ids))


class QueueFullError(StorageError):
    def __init__(self, device_ids: Sequence[str]) -> None:
        super().__init__(f"recipient queues full: {', '.join(sorted(device_ids))}")
        self.device_ids = tuple(sorted(device_ids))


class SenderQuotaError(QueueFullError):
    """This sender already holds its share of these recipients' queues (another
    sender's mail still fits): one enrolled device cannot fill a queue alone."""


class StorageUnavailableError(StorageError):
    """The database cannot be reached now (restarting, failing over): the
    request took no effect it reported; answered 503 with ``Retry-After``."""


class StorageStartError(RuntimeError):
    """The relay cannot start on this storage (one line for IT, no traceback)."""


class SchemaTooNewError(StorageStartError):
    """The database was written by a newer relay: an older one must not touch it."""


class ReplayedNonceError(StorageError):
    """The signature nonce was recorded before, by this relay instance or another
    sharing the storage: the request is a replay (refused with 401)."""


class RelayStorage(Protocol):
    def subscribe_changes(self, on_queue: Callable[[Collection[str] | None], None],
                          on_revoked: Callable[[], Awaitable[None]],
                          on_states: Callable[[Collection[str]], None] = lambda _ids: None,
                          ) -> None:
        """Before :meth:`start`: be told of changes made by *other* relay
        instances sharing this storage: envelopes queued for these devices
        (``None``: possibly any device, e.g. after a lost notification), devices
        revoked, and senders whose envelopes were acknowledged (``on_states``).
        Hints only: the relay re-reads the storage either way. A backend only
        one serving process uses (SQLite) has nothing to tell."""

    async def start(self) -> None: ...

    async def close(self) -> None:
        """Finish every write already accepted, then release the backend."""

    async def add_enrollment_token(self, token: EnrollmentToken, now_ms: int) -> None: ...

    async def register_device(self, token_sha256: str, device: NewDevice) -> DeviceRecord:
        """Spend one use of the token and create the device (of the token's agency), atomically.

        Raises :class:`TokenRefusedError`, :class:`ProfileAgencyMismatchError` (the
        profile's agency is not the token's) or :class:`DeviceExistsError`; a
        refused registration spends nothing.
        """

    async def usable_token_agency(self, token_sha256: str, now_ms: int) -> str | None:
        """The agency of the enrollment token, read only, while it can still register a
        device (a use left, not expired, not revoked); None otherwise. Spends nothing:
        the first-run wizard asks it before the officer types anything else."""

    async def device(self, device_id: str) -> DeviceRecord | None: ...

    async def revoke_device(self, device_id: str, reason: str | None,
                            now_ms: int) -> Revocation | None:
        """Mark the device revoked (its requests refused from now on), expire every
        envelope waiting for it (ciphertext deleted, senders told ``expired``) and
        withdraw its one-time and fallback keys, atomically. None for an unknown
        device; revoking twice changes nothing the second time."""

    async def revoked_devices(self) -> dict[str, int]:
        """Every revoked device id with when it was revoked."""

    async def enrollment_tokens(self) -> list[EnrollmentTokenRecord]:
        """Every token still held (spent and expired ones until the purge), oldest first."""

    async def revoke_enrollment_token(self, token_id: str, now_ms: int) -> bool:
        """Make the token with this id (:func:`token_id_of`) unusable; False when
        no held token has it."""

    async def devices(self, selection: DirectoryFilter) -> list[DeviceRecord]:
        """Up to ``selection.limit`` devices after its cursor, in device id order."""

    async def replace_profile(self, device_id: str,
                              profile: DeviceProfileRecord) -> DeviceRecord:
        """Keep ``profile`` instead of the device's current one, which must be older.

        Raises :class:`StaleProfileError` for a profile issued no later than the
        stored one (an old statement sent again), :class:`ProfileAgencyMismatchError`
        for another agency than the device's, and :class:`LookupError` for an
        unknown device.
        """

    async def publish_keys(
        self, device_id: str, one_time_keys: Sequence[SignedKey], fallback_key: SignedKey | None,
        max_one_time_keys: int,
    ) -> int:
        """Add one-time keys (ids already held are ignored), replace the fallback
        key when given; return how many one-time keys are now unclaimed."""

    async def claim_key(self, device_id: str) -> ClaimedKey | None:
        """Hand out one one-time key, never the same one twice; when none is
        left, the fallback key (reusable by design, as in Matrix)."""

    async def accept_envelopes(
        self, sender_device_id: str, envelopes: Sequence[NewEnvelope], now_ms: int,
        max_queue_depth: int, max_per_sender: int | None = None,
    ) -> list[AcceptedEnvelope]:
        """Store each ciphertext once and queue it for each recipient, all or nothing.

        ``max_per_sender``: pending envelopes of this sender one recipient's queue
        may hold (:class:`SenderQuotaError` beyond; None: only the queue's depth).

        A revoked recipient gets nothing queued: its delivery state is ``expired``
        at once (a channel that still lists it keeps working for everyone else).

        Raises :class:`UnknownRecipientsError` or :class:`QueueFullError`.
        """

    async def remember_nonce(
        self, key_id: str, nonce: str, expires_at_ms: int, *, write_follows: bool = False
    ) -> None:
        """Record a used signature nonce so a replay is refused even after a restart.

        A backend shared by several relay instances refuses a nonce any of
        them recorded (:class:`ReplayedNonceError`); one serving process
        (SQLite) leaves that check to the relay's memory.

        Writes are applied in the order they are issued, so a request's nonce
        is durable no later than the request's own effects. ``write_follows``
        says the caller is about to issue a write of its own, which will carry
        the nonce with it; otherwise the backend writes it soon by itself.
        """

    async def recent_nonces(self, now_ms: int) -> list[tuple[str, str, int]]: ...

    async def pending(
        self, device_id: str, after: int, limit: int, now_ms: int
    ) -> list[QueuedEnvelope]:
        """The device's unexpired pending envelopes with cursor > ``after``, in order."""

    async def acknowledge(self, device_id: str, up_to: int, now_ms: int) -> Acknowledged:
        """Mark the device's pending envelopes with cursor ≤ ``up_to`` delivered; a
        backend shared by several instances tells the others about the senders
        (``on_states`` of :meth:`subscribe_changes`)."""

    async def delivery_states(
        self, sender_device_id: str, envelope_ids: Sequence[str], now_ms: int
    ) -> dict[str, dict[str, DeliveryState]]: ...

    async def add_blob(self, blob: BlobRecord, uploader_device_id: str,
                       quota_bytes: int | None = None, now_ms: int = 0) -> None:
        """Record an uploaded blob. A new blob counts against its uploader's quota:
        with ``quota_bytes``, the uploader's unexpired blobs (at ``now_ms``) plus
        this one must fit, checked in the same transaction as the insert (two
        uploads at once cannot both squeeze in), or :class:`BlobQuotaError` and
        nothing is recorded. A blob already stored (same SHA-256, by anyone) costs
        nothing more: the bytes are on disk once; only its expiry may grow."""

    async def blob_bytes(self, uploader_device_id: str, now_ms: int) -> int:
        """Bytes of the device's unexpired uploaded blobs (its quota's use). A
        backend may keep counting a blob that expired since the last purge (the
        SQLite one keeps a running total): a refusal at most one purge interval
        early, never a blob beyond the quota."""

    async def blob(self, sha256: str, now_ms: int) -> BlobRecord | None: ...

    async def recorded_blobs(self, sha256s: Collection[str]) -> set[str]:
        """Which of these blobs have a record, expired or not (the orphan sweep:
        a file without one is a crash's leftover; an expired one is the purge's)."""

    async def purge(self, now_ms: int, status_retention_ms: int) -> PurgeReport: ...
