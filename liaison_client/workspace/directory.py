"""The relay's officer directory: whom this device can invite, and its own entry.

Names are shown only when the device's signed profile verifies against its key
(:mod:`liaison_client.sync.directory`); the relay is never trusted for them.
"""

from __future__ import annotations

from collections.abc import Iterable

from liaison_client.errors import UsageError
from liaison_client.net.device_profile import sign_profile
from liaison_client.net.errors import RelayRefusedError
from liaison_client.protocol.device_profile import MAX_AGENCY_LENGTH, MAX_NAME_LENGTH
from liaison_client.store.records import now_ms
from liaison_client.sync.directory import (
    CheckedProfile,
    DirectoryEntry,
    checked_profile,
    read_directory,
)
from liaison_client.workspace.context import WorkspaceContext


class DirectoryService:
    """Searching the officers enrolled on the relay, and publishing this one."""

    def __init__(self, context: WorkspaceContext) -> None:
        self._context = context

    def search(self, query: str | None = None,
               agency: str | None = None) -> list[DirectoryEntry]:
        """The officers enrolled on the relay, for choosing whom to invite.

        ``query`` matches names (case-insensitively) and device ids, ``agency``
        the enrollment agency exactly. Names are shown only when the device's
        signed profile verifies; each entry says which channels the device is
        already in.
        """
        client = self._context.require_client("the officer directory")
        query = (query or "").strip() or None
        agency = (agency or "").strip() or None
        if query is not None and len(query) > MAX_NAME_LENGTH:
            raise UsageError(f"a directory search is at most {MAX_NAME_LENGTH} characters")
        if agency is not None and len(agency) > MAX_AGENCY_LENGTH:
            raise UsageError(f"an agency is at most {MAX_AGENCY_LENGTH} characters")
        return read_directory(client, self._context.store, self._context.profile.device_id,
                              query=query, agency=agency)

    def revoked_devices(self, device_ids: Iterable[str]) -> dict[str, int]:
        """Which of ``device_ids`` the relay's administrator revoked (lost, stolen,
        decommissioned), with when: one look-up per device, so bounded by the
        ids given (a channel's members). Empty for a profile without a relay; a
        device the relay does not know is left out. A relay that cannot be
        reached raises, as every relay call does.

        The relay is not trusted for this either way: a revoked mark only tells
        the officer to ask the coordinator to remove the member (a signed
        removal is what stops the group key reaching the device); a relay that
        hides a revocation cannot make a removed member readable again.
        """
        client = self._context.client
        if client is None:
            return {}
        revoked: dict[str, int] = {}
        for device_id in dict.fromkeys(device_ids):
            try:
                info = client.device(device_id)
            except RelayRefusedError as exc:
                if exc.status == 404:
                    continue
                raise
            if info.revoked_at_ms is not None:
                revoked[device_id] = info.revoked_at_ms
        return revoked

    def publish_profile(self) -> CheckedProfile:
        """Sign this profile's name and agency anew and publish them in the relay directory.

        For a device registered before profiles existed (the directory lists it
        by its id) or whose officer's name changed since. Refused with the
        relay's answer if the agency is not the one the device was enrolled for.
        Returns the profile as the relay now serves it, checked.
        """
        client = self._context.require_client("publishing your name")
        profile = self._context.profile
        own = profile.whoami()
        info = client.replace_profile(sign_profile(
            profile.identity, own.device_id, name=own.name, agency=own.agency,
            issued_at_ms=now_ms()))
        return checked_profile(info)
