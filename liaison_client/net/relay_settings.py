"""Where a profile keeps its relay: URL, pinned CA, registration state, queue cursor.

All of it lives in the profile's ``settings`` table, inside SQLCipher: which
relay an officer uses, and how far their queue has been read, is metadata
worth protecting, and nothing here is ever written to a plaintext file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from liaison_client.net.client import RelayClient, identity_signer
from liaison_client.store.settings import SettingsRepository

RELAY_URL = "relay.url"
RELAY_CA_PEM = "relay.ca_pem"
RELAY_REGISTRATION = "relay.registration"
#: Cursor of the last envelope stored in the inbox (acknowledged or not yet).
RELAY_INBOX_CURSOR = "relay.inbox_cursor"


@dataclass(frozen=True)
class RelaySettings:
    url: str
    ca_pem: str | None
    registration: dict[str, Any]

    @classmethod
    def load(cls, settings: SettingsRepository) -> RelaySettings | None:
        url = settings.get(RELAY_URL)
        if not isinstance(url, str):
            return None
        ca_pem = settings.get(RELAY_CA_PEM)
        registration = settings.get(RELAY_REGISTRATION, {})
        return cls(url, ca_pem if isinstance(ca_pem, str) else None,
                   registration if isinstance(registration, dict) else {})

    def save(self, settings: SettingsRepository) -> None:
        settings.set(RELAY_URL, self.url)
        if self.ca_pem is None:
            settings.delete(RELAY_CA_PEM)
        else:
            settings.set(RELAY_CA_PEM, self.ca_pem)
        settings.set(RELAY_REGISTRATION, self.registration)


def client_for_profile(profile: Any) -> RelayClient | None:
    """A signed client for an open :class:`~liaison_client.profile.Profile`, or
    None when the profile was created without a relay."""
    relay = RelaySettings.load(profile.store.settings)
    if relay is None:
        return None
    return RelayClient(relay.url, ca_pem=relay.ca_pem, device_id=profile.device_id,
                       signer=identity_signer(profile.identity))
