"""Trust in other officers' devices: safety numbers to compare, verifying, and undoing it.

The numbers come from :mod:`liaison_client.crypto.device_trust`; a device is
verified only for the key it has now, so a later key change shows again.

Verifying is a deliberate act the officer can undo, and both are logged: each
decision becomes a local event (:mod:`liaison_client.workspace.local_events`) in
the timeline of every operation this device shares with that officer, so whoever
reads an operation later sees when a key was vouched for and how it was compared.
The CLI (``liaison verify`` / ``liaison unverify``) and the desktop go through here.
"""

from __future__ import annotations

from dataclasses import dataclass

from liaison_client.crypto.device_trust import mark_verified, safety_number_with
from liaison_client.errors import UsageError
from liaison_client.store.records import now_ms
from liaison_client.workspace.context import WorkspaceContext
from liaison_client.workspace.local_events import ComparedBy, EventAction, record_local_event


@dataclass(frozen=True)
class SafetyNumberView:
    device_id: str
    name: str
    agency: str
    fingerprint: str
    safety_number: str
    verified: bool
    key_changed: bool

    @property
    def digits(self) -> str:
        """The 60 digits without spaces (what the QR code carries)."""
        return "".join(self.safety_number.split())

    @property
    def groups(self) -> list[str]:
        """Twelve groups of five digits, as Signal shows them."""
        digits = self.digits
        return [digits[i:i + 5] for i in range(0, len(digits), 5)]


class TrustService:
    """Safety numbers with another device, verifying it and withdrawing that."""

    def __init__(self, context: WorkspaceContext) -> None:
        self._context = context

    def safety_number(self, device_id: str) -> SafetyNumberView:
        number, known = safety_number_with(self._context.store,
                                           self._context.crypto.olm.own_keys, device_id)
        return SafetyNumberView(device_id, known.name, known.agency, known.ed25519_key,
                                number.grouped(), known.verified, known.key_changed)

    def verify(self, device_id: str, *, compared: str | None = None,
               compared_by: ComparedBy = ComparedBy.DIGITS,
               shown: str | None = None) -> SafetyNumberView:
        """Trust the device's current key; ``compared`` (the digits read out or scanned)
        must match. ``shown``: the number the officer was looking at when deciding; if
        the key changed since, nothing is verified (compare again)."""
        view = self.safety_number(device_id)
        if compared is not None and "".join(compared.split()) != view.digits:
            raise UsageError("the safety numbers differ: do not verify; the key may have been "
                             "substituted")
        if shown is not None and "".join(shown.split()) != view.digits:
            raise UsageError(f"the key of {view.name} changed while you compared it: "
                             "compare again")
        store = self._context.store
        at = now_ms()
        with store.transaction():
            mark_verified(store, device_id, view.fingerprint, at)
            self._log(device_id, view.name, EventAction.VERIFIED, at, str(compared_by))
        return self.safety_number(device_id)

    def unverify(self, device_id: str) -> SafetyNumberView:
        """Withdraw a verification (the key is trusted on first use again, not refused)."""
        view = self.safety_number(device_id)
        if not view.verified:
            return view
        store = self._context.store
        at = now_ms()
        with store.transaction():
            store.devices.mark_unverified(device_id, at)
            self._log(device_id, view.name, EventAction.UNVERIFIED, at)
        return self.safety_number(device_id)

    def shared_channels(self, device_id: str) -> list[str]:
        """Operations in which both this device and ``device_id`` are members now."""
        own = self._context.profile.device_id
        membership = self._context.crypto.membership
        shared = []
        for channel_id in self._context.store.membership_log.channel_ids():
            state = membership.state(channel_id)
            if state is not None and state.is_member(own) and state.is_member(device_id):
                shared.append(channel_id)
        return shared

    def _log(self, device_id: str, name: str, action: EventAction, at_ms: int,
             detail: str = "") -> None:
        for channel_id in self.shared_channels(device_id):
            record_local_event(self._context.store, channel_id, action, at_ms,
                               actor_device_id=self._context.profile.device_id,
                               subject_device_id=device_id, subject_name=name, detail=detail)
