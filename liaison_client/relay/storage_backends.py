"""Which storage a relay uses: SQLite in ``--data`` (the default) or PostgreSQL.

``--database postgresql://…`` (or ``LIAISON_RELAY_DATABASE``) selects the
PostgreSQL backend for every ``liaison-relay`` command, ``serve`` and IT's
commands alike, so they all act on the same state. psycopg is imported only
then: a relay on SQLite never loads it.
"""

from __future__ import annotations

from collections.abc import Callable

from liaison_client.relay.config import RelayConfig
from liaison_client.relay.sqlite_storage import SqliteRelayStorage
from liaison_client.relay.storage import RelayStorage

#: The environment variable every ``liaison-relay`` command reads when
#: ``--database`` is not given (keeps a password out of ``ps``).
DATABASE_ENV = "LIAISON_RELAY_DATABASE"


class UnsupportedDatabaseError(ValueError):
    pass


def is_postgres_url(url: str) -> bool:
    return url.startswith(("postgresql://", "postgres://"))


def check_database_url(url: str | None) -> str | None:
    """``url`` if the relay can use it (None: SQLite), else :class:`UnsupportedDatabaseError`."""
    if url is None or url == "":
        return None
    if not is_postgres_url(url):
        raise UnsupportedDatabaseError(
            "--database takes a postgresql:// URL (leave it out for SQLite in --data)")
    return url


def open_storage(config: RelayConfig, *, readers: int = 4,
                 on_batch: Callable[[int, float], None] = lambda _n, _s: None,
                 max_connections: int | None = None) -> RelayStorage:
    """The storage ``config`` names, not started yet; on PostgreSQL a pool of at
    most ``max_connections`` (default: the configured ``database_pool``)."""
    url = check_database_url(config.database_url)
    if url is None:
        return SqliteRelayStorage(config.database_path, readers=readers, on_batch=on_batch)
    try:
        from liaison_client.relay.postgres_storage import PostgresRelayStorage
    except ImportError as exc:
        # The release bundle's liaison-relay (the desktop app's embedded relay) ships
        # without psycopg on purpose (packaging/README.md); so may a hand-made install.
        raise UnsupportedDatabaseError(
            f"this liaison-relay cannot use PostgreSQL ({exc}); a PostgreSQL relay is "
            "installed from the liaison wheel with the [relay] extra (docs/INSTALL.md)"
        ) from exc

    pool = config.database_pool if max_connections is None else max_connections
    return PostgresRelayStorage(url, min_connections=min(2, pool), max_connections=pool)
