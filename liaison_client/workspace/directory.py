"""The relay's officer directory: whom this device can invite, and its own entry.

Names are shown only when the device's signed profile verifies against its key
(:mod:`liaison_client.sync.directory`); the relay is never trusted for them.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterable, Sequence

from liaison_client.errors import UsageError
from liaison_client.net.device_profile import sign_profile
from liaison_client.net.errors import RelayError, RelayRefusedError
from liaison_client.protocol.device_profile import MAX_AGENCY_LENGTH, MAX_NAME_LENGTH
from liaison_client.store.records import now_ms
from liaison_client.sync.directory import (
    CheckedProfile,
    DirectoryEntry,
    checked_profile,
    read_directory,
)
from liaison_client.workspace.channels import MemberSummary
from liaison_client.workspace.context import WorkspaceContext

#: How long a device the relay says is in service is not asked about again: the
#: desktop re-reads an operation's members after every sync round that changed
#: something, and a revocation is news within a minute at most. A revocation is
#: final and kept for the session.
IN_SERVICE_CACHE_SECONDS = 60.0


class DirectoryService:
    """Searching the officers enrolled on the relay, and publishing this one."""

    def __init__(self, context: WorkspaceContext) -> None:
        self._context = context
        #: device id → (monotonic time asked, revoked at or None)
        self._revocations: dict[str, tuple[float, int | None]] = {}

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
        now = time.monotonic()
        for device_id in dict.fromkeys(device_ids):
            cached = self._revocations.get(device_id)
            if cached is not None and (cached[1] is not None
                                       or now - cached[0] < IN_SERVICE_CACHE_SECONDS):
                revoked_at = cached[1]
            else:
                try:
                    revoked_at = client.device(device_id).revoked_at_ms
                except RelayRefusedError as exc:
                    if exc.status == 404:
                        continue
                    raise
                self._revocations[device_id] = (now, revoked_at)
            if revoked_at is not None:
                revoked[device_id] = revoked_at
        return revoked

    def mark_revoked(self, members: Sequence[MemberSummary]) -> list[MemberSummary]:
        """``members`` with ``revoked_at_ms`` set for each device the relay's
        directory shows revoked (the desktop's member list). Unmarked when the
        relay cannot be reached: the list is local and must still show."""
        own = self._context.profile.device_id  # in service, or this call fails
        try:
            revoked = self.revoked_devices(m.device_id for m in members
                                           if m.device_id != own)
        except RelayError:
            return list(members)
        return [dataclasses.replace(m, revoked_at_ms=revoked.get(m.device_id))
                for m in members]

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
