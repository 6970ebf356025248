"""``--database`` / ``LIAISON_RELAY_DATABASE`` on every ``liaison-relay`` command,
and the refusal of a database a newer relay wrote (issue 13, items 2 and 5).

The real command in its own process, against a real PostgreSQL (and SQLite
where the behaviour is shared).
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg
import pytest

from liaison_client.relay.postgres_schema import LATEST_VERSION
from liaison_client.relay.sqlite_storage import SCHEMA_VERSION
from tests.fixtures.postgres import PostgresCluster
from tests.fixtures.relay import RelayDatabases, StartRelay
from tests.relay.relay_process import EnrolledDevice, enroll_device, run_relay_command


def test_serve_refuses_a_database_a_newer_relay_wrote_in_one_line(
        relay_databases: RelayDatabases, relay_backend: str, tmp_path: Path) -> None:
    data = tmp_path / "relay"
    url = relay_databases.url_for(data)
    storage_args = ["--data", str(data), *(["--database", url] if url else [])]
    # A first run creates the current schema; then a "newer relay" bumps it.
    assert run_relay_command("tokens", *storage_args).returncode == 0
    if url is None:
        with sqlite3.connect(data / "relay.sqlite3") as conn:
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
        newer = SCHEMA_VERSION + 1
    else:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("INSERT INTO relay_schema_migrations (version, summary)"
                         " VALUES (%s, 'a later relay')", (LATEST_VERSION + 1,))
        newer = LATEST_VERSION + 1
    served = run_relay_command("serve", "--port", "0", *storage_args)
    assert served.returncode == 2
    lines = served.stderr.strip().splitlines()
    assert len(lines) == 1, served.stderr
    assert lines[0].startswith("liaison-relay: ")
    assert f"schema {newer}, newer than this relay" in lines[0]
    assert "Traceback" not in served.stderr
    # IT's commands refuse it the same way, and change nothing.
    enrolled = run_relay_command("enroll", "--agency", "Zoll Hamburg", *storage_args)
    assert enrolled.returncode == 2
    assert enrolled.stdout == ""


def test_every_command_uses_the_database_of_the_option_or_the_environment(
        postgres_cluster: PostgresCluster, tmp_path: Path) -> None:
    url = postgres_cluster.new_database()
    data = ["--data", str(tmp_path / "relay")]
    # enroll through the environment variable, the listing through the option.
    token = run_relay_command("enroll", "--agency", "Zoll Hamburg", *data,
                          env={"LIAISON_RELAY_DATABASE": url})
    assert token.returncode == 0, token.stderr
    assert token.stdout.startswith("lrt_")
    listed = run_relay_command("tokens", "--json", *data, "--database", url)
    assert listed.returncode == 0, listed.stderr
    tokens = json.loads(listed.stdout)
    assert [(t["agency"], t["state"]) for t in tokens] == [("Zoll Hamburg", "usable")]
    # The option wins over the environment; nothing was written to SQLite.
    revoked = run_relay_command("tokens", "revoke", tokens[0]["token_id"], *data,
                            "--database", url, env={"LIAISON_RELAY_DATABASE": "postgresql:///x"})
    assert revoked.returncode == 0, revoked.stderr
    assert json.loads(run_relay_command("tokens", "--json", *data, "--database", url).stdout)[0][
        "state"] == "revoked"
    assert not (tmp_path / "relay" / "relay.sqlite3").exists()
    assert run_relay_command("devices", "--json", *data, "--database", url).stdout.strip() == "[]"
    unknown = run_relay_command("revoke", "dev-nobody", *data, "--database", url)
    assert unknown.returncode == 1
    assert "no device dev-nobody" in unknown.stderr


@pytest.mark.parametrize("url", ["mysql://relay", "sqlite:///relay.db"])
def test_a_database_url_the_relay_cannot_use_is_refused_in_one_line(
        url: str, tmp_path: Path) -> None:
    refused = run_relay_command("tokens", "--data", str(tmp_path), "--database", url)
    assert refused.returncode == 2
    assert refused.stderr.strip() == ("liaison-relay: --database takes a postgresql:// URL "
                                      "(leave it out for SQLite in --data)")


def test_an_unreachable_database_is_refused_in_one_line(tmp_path: Path) -> None:
    """A socket directory with no server: one line, no traceback, bounded."""
    url = f"postgresql:///relay?host={tmp_path}&connect_timeout=2"
    refused = run_relay_command("tokens", "--data", str(tmp_path), "--database", url)
    assert refused.returncode == 2
    assert refused.stderr.startswith("liaison-relay: cannot connect to the relay database")
    assert "Traceback" not in refused.stderr


def test_a_relay_without_the_postgresql_driver_says_so_in_one_line(tmp_path: Path) -> None:
    """As the release bundle's liaison-relay is built (psycopg left out, packaging/README.md):
    the real command in a process where ``import psycopg`` fails."""
    without_psycopg = ("import sys; sys.modules['psycopg'] = None; "
                       "from liaison_client.relay.cli import main; sys.exit(main())")
    done = subprocess.run([sys.executable, "-c", without_psycopg, "tokens", "--data",
                           str(tmp_path / "relay"), "--database",
                           "postgresql://127.0.0.1:9/liaison"],
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 2
    assert done.stderr.startswith("liaison-relay: this liaison-relay cannot use PostgreSQL")
    assert "[relay] extra" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_database_pool_bounds_the_connections_one_instance_holds(
        postgres_cluster: PostgresCluster, start_relay_process: StartRelay) -> None:
    """12 devices fetching at once through an instance with ``--database-pool 3``:
    the database sees at most 3 pooled connections and the instance's ``LISTEN`` one."""
    url = postgres_cluster.new_database()
    relay = start_relay_process("--database-pool", "3", database=url)
    devices = [enroll_device(relay) for _ in range(12)]
    database = url.split("///", 1)[1].split("?", 1)[0]
    seen: list[int] = []

    def fetch(device: EnrolledDevice) -> None:
        for _ in range(10):
            device.client.fetch(after=0)

    def count_connections() -> None:
        while len(seen) < 200:
            (count,), = postgres_cluster.sql(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s", params=(database,))
            assert isinstance(count, int)
            seen.append(count)

    with ThreadPoolExecutor(len(devices) + 1) as pool:
        counting = pool.submit(count_connections)
        list(pool.map(fetch, devices))
        counting.result(timeout=60)
    # The counting connection itself is one of them.
    assert max(seen) <= 3 + 1 + 1, max(seen)


def test_database_pool_is_refused_outside_its_range(tmp_path: Path) -> None:
    refused = run_relay_command("serve", "--data", str(tmp_path), "--database-pool", "0")
    assert refused.returncode == 2
    assert "--database-pool: 0 is outside 1 to 500" in refused.stderr
