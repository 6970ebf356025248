"""This device's own identity row."""

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

    def load(self) -> IdentityRecord:
        row = self._conn.execute(
            "SELECT device_id, name, agency, account_pickle, created_at_ms FROM identity"
        ).fetchone()
        if row is None:
            raise StoreCorruptError("the profile database holds no device identity")
        return IdentityRecord(*row)
