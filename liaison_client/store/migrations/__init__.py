"""Numbered, forward-only schema migrations.

Each ``NNNN_name.sql`` file in this package moves the schema from version
NNNN-1 to NNNN (``PRAGMA user_version``). A migration runs in one transaction
together with the version bump, so a crash leaves the old or the new schema,
never half of one. Migrations are never edited once released: add a new file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

from liaison_client.errors import StoreCorruptError
from liaison_client.store.database import Connection, DatabaseError, disk_full_error

_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def all_migrations() -> list[Migration]:
    """Every migration in order; numbering must be 1..N without gaps."""
    found = []
    for entry in resources.files(__package__).iterdir():
        match = _NAME.match(entry.name)
        if match:
            found.append(Migration(int(match[1]), match[2], entry.read_text(encoding="utf-8")))
    found.sort(key=lambda m: m.version)
    if [m.version for m in found] != list(range(1, len(found) + 1)):
        raise RuntimeError("schema migrations must be numbered 0001..N without gaps")
    return found


def latest_version() -> int:
    return len(all_migrations())


def schema_version(conn: Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: Connection, *, target: int | None = None) -> int:
    """Apply pending migrations up to ``target`` (default: newest); returns the version."""
    migrations = all_migrations()
    target = len(migrations) if target is None else target
    current = schema_version(conn)
    if current > len(migrations):
        raise StoreCorruptError(
            f"the database has schema version {current}, newer than this Liaison "
            f"({len(migrations)}): upgrade Liaison"
        )
    for migration in migrations[current:target]:
        script = (
            "BEGIN IMMEDIATE;\n"
            f"{migration.sql}\n"
            f"PRAGMA user_version = {migration.version};\n"
            "COMMIT;\n"
        )
        try:
            conn.executescript(script)
        except DatabaseError as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            disk_full = disk_full_error(exc)
            if disk_full is not None:
                raise disk_full from exc
            raise
    return schema_version(conn)
