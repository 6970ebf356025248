"""This device's own identity row.

Also the :class:`~liaison_client.crypto.stores.AccountStore` the Olm machine
saves its Account through.
"""

from __future__ import annotations

from liaison_client.errors import StoreCorruptError
from liaison_client.store.database import Connection
from liaison_client.store.records import IdentityRecord


class IdentityRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def save(self, identity: IdentityRecord) -> None:
        self._conn.execute(
            "INSERT INTO identity (singleton, device_id, name, agency, account_pickle,"
            " created_at_ms) VALUES (1, ?, ?, ?, ?, ?)"
            " ON CONFLICT (singleton) DO UPDATE SET name = excluded.name,"
            " agency = excluded.agency, account_pickle = excluded.account_pickle",
            (identity.device_id, identity.name, identity.agency, identity.account_pickle,
             identity.created_at_ms),
        )

    def save_account_pickle(self, pickle: str) -> None:
        """Replace the Account pickle alone (its one-time keys changed)."""
        cursor = self._conn.execute("UPDATE identity SET account_pickle = ?", (pickle,))
        if cursor.rowcount != 1:
            raise StoreCorruptError("the profile database holds no device identity")

    def load(self) -> IdentityRecord:
        row = self._conn.execute(
            "SELECT device_id, name, agency, account_pickle, created_at_ms FROM identity"
        ).fetchone()
        if row is None:
            raise StoreCorruptError("the profile database holds no device identity")
        return IdentityRecord(*row)
