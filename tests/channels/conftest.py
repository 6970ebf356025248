"""Officers with real profiles (SQLCipher store, vodozemac Account) who talk in memory.

Ciphertexts are handed from one officer's service to another's directly: no
relay, no network. The key directory is simulated by each officer recording
the others' device keys (as the sync engine will, from the relay's
directory) and claiming a signed one-time key from the peer itself.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import pytest

from liaison_client.channels.channel_crypto import (
    DirectEnvelope,
    GroupEnvelope,
    IncomingResult,
    MessageReceived,
)
from liaison_client.channels.megolm_channel_crypto import MegolmChannelCrypto
from liaison_client.channels.membership import MemberDevice
from liaison_client.channels.payloads import TextBody
from liaison_client.crypto.device_keys import DeviceKeys
from liaison_client.crypto.device_trust import observe_device
from liaison_client.profile import NewProfile, Profile

_envelope_ids = itertools.count(1)


@dataclass
class Officer:
    profile: Profile
    crypto: MegolmChannelCrypto
    inbox: list[IncomingResult] = field(default_factory=list)

    @property
    def device_id(self) -> str:
        return self.profile.device_id

    @property
    def keys(self) -> DeviceKeys:
        return self.crypto.olm.own_keys

    @property
    def member(self) -> MemberDevice:
        return self.crypto.own_member()

    def knows(self, *others: Officer) -> None:
        """Record the others' device keys, as fetched from the key directory."""
        for other in others:
            whoami = other.profile.whoami()
            observe_device(self.profile.store, other.keys, name=whoami.name,
                           agency=whoami.agency, at_ms=1)

    def connect(self, *others: Officer) -> None:
        """Claim a signed one-time key from each other officer and start an Olm session."""
        for other in others:
            if self.crypto.olm.has_session(other.keys):
                continue
            claimed = other.crypto.olm.generate_one_time_keys(1)[0]
            other.crypto.olm.mark_one_time_keys_published()
            self.crypto.olm.create_outbound_session(other.keys, claimed)

    def texts(self, channel_id: str) -> list[str]:
        return [m.body for m in self.profile.store.messages.in_channel(channel_id)]


def deliver(sender: Officer, envelopes: Iterable[DirectEnvelope | GroupEnvelope],
            officers: Iterable[Officer]) -> dict[str, list[IncomingResult]]:
    """Hand each envelope to its recipients as the relay would; returns results per device."""
    by_id = {o.device_id: o for o in officers}
    results: dict[str, list[IncomingResult]] = {}
    for envelope in envelopes:
        recipients = (envelope.recipient_device_ids if isinstance(envelope, GroupEnvelope)
                      else (envelope.recipient_device_id,))
        envelope_id = f"env-{next(_envelope_ids)}"
        for device_id in recipients:
            if device_id not in by_id:
                continue
            result = by_id[device_id].crypto.receive(envelope_id, sender.device_id,
                                                     envelope.payload)
            by_id[device_id].inbox.append(result)
            results.setdefault(device_id, []).append(result)
    return results


def received_texts(results: list[IncomingResult]) -> list[str]:
    return [r.message.body.searchable_text() for r in results if isinstance(r, MessageReceived)]


OfficerFactory = Callable[[str], Officer]


@pytest.fixture
def make_officer(make_profile: Callable[..., tuple[NewProfile, Profile]]) -> OfficerFactory:
    def factory(name: str) -> Officer:
        _, profile = make_profile(name=name, agency=f"{name} Customs")
        return Officer(profile, MegolmChannelCrypto.for_profile(profile))
    return factory


@dataclass
class Operation:
    """A channel with a coordinator and members who all know and reach each other."""

    channel_id: str
    coordinator: Officer
    members: list[Officer]

    @property
    def everyone(self) -> list[Officer]:
        return [self.coordinator, *self.members]


def meet(*officers: Officer) -> None:
    for officer in officers:
        officer.knows(*[o for o in officers if o is not officer])
        officer.connect(*[o for o in officers if o is not officer])


def open_operation(coordinator: Officer, *members: Officer, name: str = "Op Jade") -> Operation:
    """Create a channel and invite ``members`` one by one, delivering every control event."""
    meet(coordinator, *members)
    channel_id = coordinator.crypto.create_channel(name).state.channel_id
    everyone = [coordinator, *members]
    for member in members:
        control = coordinator.crypto.invite(channel_id, member.member)
        deliver(coordinator, control.envelopes, everyone)
    return Operation(channel_id, coordinator, list(members))


def send_text(operation: Operation, sender: Officer, text: str,
              *, also: Iterable[Officer] = ()) -> dict[str, list[IncomingResult]]:
    """``sender`` posts ``text``; key shares first, then the group ciphertext."""
    outgoing = sender.crypto.send(operation.channel_id, TextBody(text))
    return deliver(sender, [*outgoing.key_shares, outgoing.group],
                   [*operation.everyone, *also])
