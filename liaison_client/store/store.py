"""The store: one SQLCipher connection and the repositories over it.

This is the storage interface the services use; nothing above it writes SQL.
One connection per profile, shared by the threads of a process behind one lock
(store/shared_connection.py, which says why):
SQLite serialises writers anyway, and one connection keeps a single view of
the data and a single place where transactions begin and end.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from liaison_client.store import migrations
from liaison_client.store.channels import ChannelRepository
from liaison_client.store.crypto_sessions import GroupSessionRepository, OlmSessionRepository
from liaison_client.store.database import Connection, disk_full_error, open_database
from liaison_client.store.deliveries import DeliveryRepository
from liaison_client.store.devices import DeviceRepository
from liaison_client.store.envelope_log import EnvelopeLogRepository
from liaison_client.store.identity import IdentityRepository
from liaison_client.store.membership_log import MembershipLogRepository
from liaison_client.store.message_chain import MessageChainRepository
from liaison_client.store.message_reads import MessageReadRepository
from liaison_client.store.messages import MessageRepository
from liaison_client.store.outgoing import OutgoingMessageRepository
from liaison_client.store.outgoing_folded import OutgoingFoldedRepository
from liaison_client.store.queues import InboxRepository, OutboxRepository
from liaison_client.store.settings import SettingsRepository
from liaison_client.store.watchlist_digests import WatchlistDigestRepository
from liaison_client.store.watchlist_ops import WatchlistOpRepository
from liaison_client.store.watchlist_snapshots import WatchlistSnapshotRepository


class Store:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._lock = conn.lock  # one lock for statements and transactions
        self.identity = IdentityRepository(conn)
        self.channels = ChannelRepository(conn)
        self.messages = MessageRepository(conn)
        self.outbox = OutboxRepository(conn)
        self.inbox = InboxRepository(conn)
        self.settings = SettingsRepository(conn)
        self.devices = DeviceRepository(conn)
        self.olm_sessions = OlmSessionRepository(conn)
        self.group_sessions = GroupSessionRepository(conn)
        self.membership_log = MembershipLogRepository(conn)
        self.envelope_log = EnvelopeLogRepository(conn)
        self.outgoing = OutgoingMessageRepository(conn)
        self.deliveries = DeliveryRepository(conn)
        self.message_reads = MessageReadRepository(conn)
        self.message_chain = MessageChainRepository(conn)
        self.outgoing_folded = OutgoingFoldedRepository(conn)
        self.watchlist_ops = WatchlistOpRepository(conn)
        self.watchlist_snapshots = WatchlistSnapshotRepository(conn)
        self.watchlist_digests = WatchlistDigestRepository(conn)

    @classmethod
    def create(cls, path: Path, database_key: bytes) -> Store:
        """Make a new encrypted database at the newest schema."""
        conn = open_database(path, database_key, create=True)
        path.chmod(0o600)
        return cls._migrated(conn)

    @classmethod
    def open(cls, path: Path, database_key: bytes) -> Store:
        """Open an existing database and bring its schema forward."""
        return cls._migrated(open_database(path, database_key))

    @classmethod
    def _migrated(cls, conn: Connection) -> Store:
        try:
            migrations.migrate(conn)
        except BaseException:
            conn.close()
            raise
        return cls(conn)

    @contextmanager
    def transaction(self) -> Iterator[Store]:
        """All writes inside commit together or not at all.

        Nested use joins the outer transaction. A full disk surfaces as
        :class:`~liaison_client.errors.StorageFullError` after the rollback.
        """
        with self._lock:
            if self._conn.in_transaction:
                yield self
                return
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self
                self._conn.execute("COMMIT")
            except BaseException as exc:
                self._rollback()
                disk_full = disk_full_error(exc)
                if disk_full is not None:
                    raise disk_full from exc
                raise

    @property
    def in_transaction(self) -> bool:
        """True inside :meth:`transaction` (a caller can tell it is the outermost)."""
        return bool(self._conn.in_transaction)

    def _rollback(self) -> None:
        if self._conn.in_transaction:
            self._conn.execute("ROLLBACK")

    @property
    def schema_version(self) -> int:
        return migrations.schema_version(self._conn)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
