"""Officers with real profiles registered on a real relay process (127.0.0.1).

Each officer is created exactly as ``liaison init --relay URL --token TOKEN``
creates one (SQLCipher store, vodozemac Account, keys published on the relay)
and opened once, with its :class:`~liaison_client.workspace.Workspace`.
Profiles use the OS keyring when a real one is running (scripts/run-tests),
else a passphrase.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from liaison_client.profile import Profile, create_profile, open_profile
from liaison_client.relay_connection import RelayEnrollment
from liaison_client.workspace import TimelineEntry, Workspace
from tests.conftest import fixed_passphrase
from tests.relay.conftest import relay, start_relay_process
from tests.relay.relay_process import RelayProcess

__all__ = ["Officer", "OfficerFactory", "relay", "start_relay_process"]


@dataclass
class Officer:
    name: str
    agency: str
    root: Path
    profile: Profile
    workspace: Workspace

    @property
    def device_id(self) -> str:
        return self.profile.device_id

    def sync(self, rounds: int = 1) -> None:
        for _ in range(rounds):
            self.workspace.sync()

    def texts(self, channel_id: str) -> list[str]:
        return [e.text for e in self.workspace.timeline.messages(channel_id)
                if e.kind != "rejected"]

    def refusals(self, channel_id: str) -> list[TimelineEntry]:
        return [e for e in self.workspace.timeline.messages(channel_id) if e.kind == "rejected"]

    def reopen(self) -> None:
        """Close and open the profile again, as a new process would."""
        self.workspace.close()
        self.profile.close()
        self.profile = open_profile(self.root, passphrase=fixed_passphrase())
        self.workspace = Workspace.for_profile(self.profile)


OfficerFactory = Callable[..., Officer]


def register_profile(relay: RelayProcess, root: Path, name: str, agency: str) -> None:
    create_profile(root, name=name, agency=agency, passphrase=fixed_passphrase(),
                   before_commit=RelayEnrollment(relay.url, relay.enroll(agency)))


@pytest.fixture
def make_officer(relay: RelayProcess, tmp_path: Path) -> Iterator[OfficerFactory]:
    opened: list[Officer] = []

    def factory(name: str, agency: str) -> Officer:
        root = tmp_path / f"officer-{len(opened)}"
        register_profile(relay, root, name, agency)
        profile = open_profile(root, passphrase=fixed_passphrase())
        officer = Officer(name, agency, root, profile, Workspace.for_profile(profile))
        opened.append(officer)
        return officer

    yield factory
    for officer in opened:
        officer.workspace.close()
        officer.profile.close()


@dataclass
class Operation:
    channel_id: str
    coordinator: Officer
    members: list[Officer]

    @property
    def everyone(self) -> list[Officer]:
        return [self.coordinator, *self.members]

    def sync_all(self, rounds: int = 2) -> None:
        for _ in range(rounds):
            for officer in self.everyone:
                officer.sync()


@pytest.fixture
def trio(make_officer: OfficerFactory) -> Operation:
    """Three officers of three agencies in one channel, everyone synced."""
    li = make_officer("Li Wei", "Guangzhou Customs")
    anna = make_officer("Anna Schmidt", "Zoll Hamburg")
    tomas = make_officer("Tomás García", "Aduana Algeciras")
    channel_id = li.workspace.channels.create("Op Jade").channel_id
    for member in (anna, tomas):
        assert li.workspace.channels.invite(channel_id, member.device_id, name=member.name).accepted
    operation = Operation(channel_id, li, [anna, tomas])
    operation.sync_all(1)
    return operation
