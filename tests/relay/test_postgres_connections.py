"""How long a call waits for a PostgreSQL connection: the usual wait, and a short one
while the database is known to be unreachable (the outage itself, against a real
server: tests/relay/test_postgres_outage.py)."""

from __future__ import annotations

import psycopg
import psycopg_pool
import pytest
from psycopg import errors as pg_errors

from liaison_client.relay.postgres_connections import (
    POOL_WAIT_SECONDS,
    UNREACHABLE_WAIT_SECONDS,
    ConnectionWait,
    lost_the_database,
)


@pytest.mark.parametrize("error", [
    psycopg_pool.PoolTimeout("couldn't get a connection after 5.00 sec"),
    psycopg.OperationalError("connection refused"),  # libpq's own: no SQLSTATE
    pg_errors.AdminShutdown("terminating connection due to administrator command"),
    pg_errors.CannotConnectNow("the database system is starting up"),
    pg_errors.ConnectionFailure("connection failure"),
], ids=["pool-timeout", "libpq", "admin-shutdown", "starting-up", "class-08"])
def test_errors_that_mean_the_database_is_gone(error: Exception) -> None:
    assert lost_the_database(error)


@pytest.mark.parametrize("error", [
    pg_errors.QueryCanceled("canceling statement due to statement timeout"),
    pg_errors.DeadlockDetected("deadlock detected"),
    pg_errors.UniqueViolation("duplicate key"),
    ValueError("not a database error"),
], ids=["statement-timeout", "deadlock", "constraint", "other"])
def test_errors_of_one_statement_leave_the_wait_as_it_is(error: Exception) -> None:
    assert not lost_the_database(error)
    wait = ConnectionWait()
    wait.failed(error)
    assert wait.seconds == POOL_WAIT_SECONDS


def test_the_wait_is_short_from_a_lost_connection_until_one_works_again() -> None:
    wait = ConnectionWait()
    assert (wait.seconds, wait.unreachable) == (POOL_WAIT_SECONDS, False)
    wait.failed(psycopg_pool.PoolTimeout("no connection"))
    assert (wait.seconds, wait.unreachable) == (UNREACHABLE_WAIT_SECONDS, True)
    wait.failed(pg_errors.QueryCanceled("a slow statement"))  # not a sign of recovery
    assert wait.unreachable
    wait.succeeded()
    assert (wait.seconds, wait.unreachable) == (POOL_WAIT_SECONDS, False)
