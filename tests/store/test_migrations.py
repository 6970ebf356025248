"""Schema migrations: numbered, forward-only, atomic, and every old schema reaches the newest."""

from __future__ import annotations

from pathlib import Path

import pytest

from liaison_client.errors import StoreCorruptError
from liaison_client.store import migrations
from liaison_client.store.database import Connection, DatabaseError, open_database

KEY = bytes(32)


def _schema(conn: Connection) -> list[tuple[str, str, str]]:
    rows = conn.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY type, name"
    ).fetchall()
    return [(t, n, s) for t, n, s in rows]


def test_migrations_are_numbered_from_one_without_gaps() -> None:
    versions = [m.version for m in migrations.all_migrations()]
    assert versions == list(range(1, len(versions) + 1))
    assert migrations.latest_version() >= 3


@pytest.mark.parametrize("start", range(migrations.latest_version()))
def test_every_older_schema_migrates_to_the_newest(tmp_path: Path, start: int) -> None:
    fresh = open_database(tmp_path / "fresh.db", KEY, create=True)
    migrations.migrate(fresh)
    expected = _schema(fresh)
    fresh.close()

    old = open_database(tmp_path / "old.db", KEY, create=True)
    assert migrations.migrate(old, target=start) == start
    assert migrations.schema_version(old) == start
    assert migrations.migrate(old) == migrations.latest_version()
    assert _schema(old) == expected
    old.close()


def test_a_failing_migration_leaves_the_previous_schema(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    conn = open_database(tmp_path / "db", KEY, create=True)
    migrations.migrate(conn)
    before = _schema(conn)
    broken = migrations.Migration(
        migrations.latest_version() + 1, "broken",
        "CREATE TABLE half_done (x INTEGER);\nTHIS IS NOT SQL;",
    )
    real = migrations.all_migrations()
    monkeypatch.setattr(migrations, "all_migrations", lambda: [*real, broken])
    with pytest.raises(DatabaseError):
        migrations.migrate(conn)
    assert migrations.schema_version(conn) == len(real)
    assert _schema(conn) == before
    conn.close()


def test_a_database_from_a_newer_liaison_is_refused(tmp_path: Path) -> None:
    conn = open_database(tmp_path / "db", KEY, create=True)
    migrations.migrate(conn)
    conn.execute(f"PRAGMA user_version = {migrations.latest_version() + 1}")
    with pytest.raises(StoreCorruptError, match="upgrade Liaison"):
        migrations.migrate(conn)
    conn.close()
