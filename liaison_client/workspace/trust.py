"""Trust in other officers' devices: safety numbers to compare, and marking verified.

The numbers come from :mod:`liaison_client.crypto.device_trust`; a device is
verified only for the key it has now, so a later key change shows again.
"""

from __future__ import annotations

from dataclasses import dataclass

from liaison_client.crypto.device_trust import mark_verified, safety_number_with
from liaison_client.errors import UsageError
from liaison_client.store.records import now_ms
from liaison_client.workspace.context import WorkspaceContext


@dataclass(frozen=True)
class SafetyNumberView:
    device_id: str
    name: str
    agency: str
    fingerprint: str
    safety_number: str
    verified: bool
    key_changed: bool


class TrustService:
    """Safety numbers with another device, and verifying it."""

    def __init__(self, context: WorkspaceContext) -> None:
        self._context = context

    def safety_number(self, device_id: str) -> SafetyNumberView:
        number, known = safety_number_with(self._context.store,
                                           self._context.crypto.olm.own_keys, device_id)
        return SafetyNumberView(device_id, known.name, known.agency, known.ed25519_key,
                                number.grouped(), known.verified, known.key_changed)

    def verify(self, device_id: str, *, compared: str | None = None) -> SafetyNumberView:
        """Trust the device's current key; ``compared`` (the digits read out) must match."""
        view = self.safety_number(device_id)
        if compared is not None and "".join(compared.split()) != "".join(
                view.safety_number.split()):
            raise UsageError("the safety numbers differ: do not verify; the key may have been "
                             "substituted")
        mark_verified(self._context.store, device_id, view.fingerprint, now_ms())
        return self.safety_number(device_id)
