"""The officer directory as a coordinator uses it: verified names, memberships, invites."""

from __future__ import annotations

import logging

import pytest

from liaison_client.errors import UsageError
from liaison_client.workspace import Workspace
from tests.relay.relay_process import RelayProcess, enroll_device
from tests.sync.conftest import OfficerFactory, Operation, make_officer, trio
from tests.sync.hostile_relay import HostileRelay

__all__ = ["make_officer", "trio"]


def test_directory_lists_every_officer_with_a_verified_name_and_their_channels(
        trio: Operation) -> None:
    li, anna, tomas = trio.coordinator, *trio.members
    entries = {e.device_id: e for e in anna.workspace.directory.search()}
    assert {e.name for e in entries.values()} == {"Li Wei", "Anna Schmidt", "Tomás García"}
    assert all(e.name_verified and e.profile_problem is None for e in entries.values())
    assert entries[tomas.device_id].agency == "Aduana Algeciras"
    assert entries[li.device_id].member_of == frozenset({trio.channel_id})
    assert entries[anna.device_id].own
    assert not entries[li.device_id].own
    assert entries[li.device_id].fingerprint == li.workspace.whoami().fingerprint


def test_directory_filters_by_name_and_agency(trio: Operation) -> None:
    li = trio.coordinator
    assert [e.name for e in li.workspace.directory.search("tomás")] == ["Tomás García"]
    assert [e.name for e in li.workspace.directory.search(agency="Zoll Hamburg")] == [
        "Anna Schmidt"]
    assert li.workspace.directory.search("  ", agency=" ") == li.workspace.directory.search()
    assert li.workspace.directory.search("nobody") == []


def test_invite_without_a_name_uses_the_directory_name_on_every_members_side(
        make_officer: OfficerFactory) -> None:
    li = make_officer("Li Wei", "Guangzhou Customs")
    anna = make_officer("Anna Schmidt", "Zoll Hamburg")
    tomas = make_officer("Tomás García", "Aduana Algeciras")
    channel_id = li.workspace.channels.create("Op Jade").channel_id
    for member in (anna, tomas):
        assert li.workspace.channels.invite(channel_id, member.device_id).accepted
    operation = Operation(channel_id, li, [anna, tomas])
    operation.sync_all(2)
    for officer in operation.everyone:
        names = {m.device_id: (m.name, m.agency)
                 for m in officer.workspace.channels.members(channel_id)}
        assert names == {li.device_id: ("Li Wei", "Guangzhou Customs"),
                         anna.device_id: ("Anna Schmidt", "Zoll Hamburg"),
                         tomas.device_id: ("Tomás García", "Aduana Algeciras")}


def test_a_profile_the_relay_altered_is_not_shown_and_is_reported(
        make_officer: OfficerFactory, relay: RelayProcess,
        caplog: pytest.LogCaptureFixture) -> None:
    li = make_officer("Li Wei", "Guangzhou Customs")
    anna = make_officer("Anna Schmidt", "Zoll Hamburg")
    HostileRelay(relay).rename_device(anna.device_id, "Chief Inspector Li")
    with caplog.at_level(logging.WARNING, logger="liaison_client.sync.directory"):
        listed = {e.device_id: e for e in li.workspace.directory.search()}[anna.device_id]
    assert (listed.name, listed.name_verified) == (anna.device_id, False)
    assert listed.profile_problem == "the profile is not signed by the device's key"
    assert anna.device_id in caplog.text
    assert "Chief Inspector" not in caplog.text
    channel_id = li.workspace.channels.create("Op Jade").channel_id
    li.workspace.channels.invite(channel_id, anna.device_id)
    invited = {m.device_id: m.name for m in li.workspace.channels.members(channel_id)}
    assert invited[anna.device_id] == anna.device_id


def test_a_device_without_a_profile_is_listed_by_its_id(
        make_officer: OfficerFactory, relay: RelayProcess) -> None:
    li = make_officer("Li Wei", "Guangzhou Customs")
    nameless = enroll_device(relay)
    listed = {e.device_id: e for e in li.workspace.directory.search()}[nameless.device_id]
    assert (listed.name, listed.name_verified, listed.profile_problem) == (
        nameless.device_id, False, None)


def test_directory_needs_a_relay(make_officer: OfficerFactory) -> None:
    li = make_officer("Li Wei", "Guangzhou Customs")
    offline = Workspace(li.profile, None)  # as for a profile created without a relay
    with pytest.raises(UsageError, match="needs a relay"):
        offline.directory.search()


def test_an_overlong_search_is_refused_before_the_relay_is_asked(
        make_officer: OfficerFactory) -> None:
    li = make_officer("Li Wei", "Guangzhou Customs")
    with pytest.raises(UsageError, match="at most 80 characters"):
        li.workspace.directory.search("x" * 81)
    with pytest.raises(UsageError, match="at most 120 characters"):
        li.workspace.directory.search(agency="x" * 121)


def test_a_device_listed_without_a_name_publishes_it_and_others_see_it_verified(
        make_officer: OfficerFactory, relay: RelayProcess) -> None:
    li = make_officer("Li Wei", "Guangzhou Customs")
    anna = make_officer("Anna Schmidt", "Zoll Hamburg")
    HostileRelay(relay).drop_profile(anna.device_id)
    assert {e.device_id: e.name for e in li.workspace.directory.search()}[anna.device_id] == \
        anna.device_id
    published = anna.workspace.directory.publish_profile()
    assert (published.name, published.problem) == ("Anna Schmidt", None)
    listed = {e.device_id: e for e in li.workspace.directory.search()}[anna.device_id]
    assert (listed.name, listed.name_verified) == ("Anna Schmidt", True)
