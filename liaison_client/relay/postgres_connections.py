"""How long a relay call waits for a pooled PostgreSQL connection.

Normally up to :data:`POOL_WAIT_SECONDS`: under a burst, busy connections come
back to the pool within milliseconds, and waiting beats refusing. When the
database is unreachable (stopped, restarting, failing over), no connection
comes until the pool's own reconnection succeeds, and every request would hold
its client for the whole wait only to get the same 503. So once a call has
found the database unreachable, calls wait :data:`UNREACHABLE_WAIT_SECONDS`
until one of them gets a working connection again: clients hear
``503 storage_unavailable`` with ``Retry-After`` at once and back off by their
own policy, and the relay does not pile up open requests during an outage
(docs/RELAY_POSTGRES.md, "While the database is unreachable").
"""

from __future__ import annotations

import psycopg
import psycopg_pool

#: How long a call waits for a pooled connection before answering 503.
POOL_WAIT_SECONDS = 5.0
#: The same while the database is known to be unreachable.
UNREACHABLE_WAIT_SECONDS = 0.25

#: SQLSTATEs that say the server went away, not that a statement failed: class 08
#: (connection exception) and 57P01-57P03 (admin shutdown, crash shutdown, cannot
#: connect now), PostgreSQL manual, Appendix A.
_SERVER_GONE_PREFIXES = ("08", "57P01", "57P02", "57P03")


def lost_the_database(error: BaseException) -> bool:
    """Whether ``error`` means no connection could be had or kept (a statement
    the server refused, a deadlock or a timeout of one query does not)."""
    if isinstance(error, psycopg_pool.PoolTimeout):
        return True
    if isinstance(error, psycopg.OperationalError):
        state = error.sqlstate
        # No SQLSTATE: libpq's own failure (refused, reset, closed), not the server's answer.
        return state is None or state.startswith(_SERVER_GONE_PREFIXES)
    return False


class ConnectionWait:
    """The wait for a pooled connection, short while the database is unreachable."""

    def __init__(self) -> None:
        self._unreachable = False

    @property
    def seconds(self) -> float:
        return UNREACHABLE_WAIT_SECONDS if self._unreachable else POOL_WAIT_SECONDS

    @property
    def unreachable(self) -> bool:
        return self._unreachable

    def failed(self, error: BaseException) -> None:
        if lost_the_database(error):
            self._unreachable = True

    def succeeded(self) -> None:
        self._unreachable = False
