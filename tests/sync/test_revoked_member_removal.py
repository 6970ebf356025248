"""A device IT revoked leaves the coordinator's operations by itself (issue 10, item 5).

Real relay process, real ``liaison-relay revoke`` in its own process, real
profiles. Before: the directory showed the device revoked, but the coordinator's
client did nothing with it; the operation still listed the device and the group
session it held stayed in use until the coordinator ran ``channel remove``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from liaison_client.channels.membership import MembershipLog, MembershipState
from liaison_client.net.errors import RelayRefusedError
from liaison_client.profile import open_profile
from liaison_client.sync import revoked_members
from liaison_client.workspace import Workspace
from tests.fixtures.passphrases import fixed_passphrase
from tests.fixtures.profiles import ProfileTemplates
from tests.relay.conftest import StartRelay
from tests.relay.relay_process import RelayProcess
from tests.relay.test_revocation import relay_command
from tests.sync.conftest import Officer, Operation, register_profile


def _state(officer: Officer, channel_id: str) -> MembershipState:
    state = MembershipLog(officer.profile.store, own_device_id=officer.device_id).state(
        channel_id)
    assert state is not None
    return state


def _outbound_session(officer: Officer, channel_id: str) -> str:
    row = officer.profile.store.group_sessions.outbound(channel_id)
    assert row is not None
    return row.session_id


def test_the_coordinator_removes_a_revoked_member_once_and_rotates(
        trio: Operation, relay: RelayProcess) -> None:
    li, anna, tomas = trio.everyone
    channel_id = trio.channel_id
    li.workspace.sending.send_text(channel_id, "before the theft")
    trio.sync_all(1)
    assert "before the theft" in tomas.texts(channel_id)
    session_before = _outbound_session(li, channel_id)
    epoch_before = _state(li, channel_id).epoch

    revoked = relay_command(relay, "revoke", tomas.device_id, "--reason", "laptop stolen")
    assert revoked.returncode == 0, revoked.stderr

    # Before the coordinator acts, a member's list (the desktop's members panel)
    # marks the device revoked, from the relay's directory.
    marked = {m.device_id: m.revoked_at_ms for m in anna.workspace.directory.mark_revoked(
        anna.workspace.channels.members(channel_id))}
    assert marked[tomas.device_id] is not None
    assert marked[li.device_id] is None

    report = li.workspace.sync()
    assert [(r.channel_id, r.device_id, r.name) for r in report.revoked_removals] == [
        (channel_id, tomas.device_id, "Tomás García")]
    assert not _state(li, channel_id).is_member(tomas.device_id)
    assert _state(li, channel_id).epoch == epoch_before + 1
    # Once: the device is no longer a member, so nothing is issued again.
    assert li.workspace.sync().revoked_removals == ()
    assert li.workspace.sync().revoked_removals == ()
    assert _state(li, channel_id).epoch == epoch_before + 1

    # The other members apply the coordinator's signed removal.
    anna.sync()
    assert not _state(anna, channel_id).is_member(tomas.device_id)
    assert _state(anna, channel_id).epoch == epoch_before + 1
    # Anna is not the coordinator: her sync issues no removal of its own.
    assert anna.workspace.sync().revoked_removals == ()

    # The next message goes out under a new group session, and Anna reads it.
    li.workspace.sending.send_text(channel_id, "after the revocation")
    li.sync()
    assert _outbound_session(li, channel_id) != session_before
    anna.sync()
    assert "after the revocation" in anna.texts(channel_id)

    # The revoked device's later messages are refused: the relay turns it away.
    with pytest.raises(RelayRefusedError) as refused:
        tomas.workspace.sending.send_text(channel_id, "from the thief")
    assert (refused.value.status, refused.value.error) == (403, "device_revoked")
    anna.sync()
    li.sync()
    assert "from the thief" not in anna.texts(channel_id)
    assert "from the thief" not in li.texts(channel_id)
    assert "after the revocation" not in tomas.texts(channel_id)


def test_a_member_that_is_not_revoked_stays(trio: Operation) -> None:
    li, anna, tomas = trio.everyone
    report = li.workspace.sync()
    assert report.revoked_removals == ()
    assert {m.device_id for m in _state(li, trio.channel_id).members} == {
        li.device_id, anna.device_id, tomas.device_id}


def test_members_are_listed_unmarked_when_the_relay_cannot_be_reached(
        start_relay_process: StartRelay, tmp_path: Path, profile_templates: ProfileTemplates,
        ) -> None:
    relay = start_relay_process()
    register_profile(profile_templates, relay, tmp_path / "li", "Li Wei", "Guangzhou Customs")
    register_profile(profile_templates, relay, tmp_path / "anna", "Anna Schmidt", "Zoll Hamburg")
    anna = open_profile(tmp_path / "anna", passphrase=fixed_passphrase())
    anna_id = anna.device_id
    anna.close()
    profile = open_profile(tmp_path / "li", passphrase=fixed_passphrase())
    workspace = Workspace.for_profile(profile)
    try:
        channel_id = workspace.channels.create("Op Jade").channel_id
        assert workspace.channels.invite(channel_id, anna_id, name="Anna Schmidt").accepted
        relay.stop()
        members = workspace.channels.members(channel_id)
        assert len(members) == 2
        assert workspace.directory.mark_revoked(members) == members
        assert [m.revoked_at_ms for m in members] == [None, None]
        # The coordinator's sync reports the relay offline and removes nobody.
        report = workspace.sync()
        assert report.revoked_removals == ()
        assert str(report.connection) == "offline"
    finally:
        workspace.close()
        profile.close()


def test_rounds_go_round_the_members_a_bounded_slice_at_a_time() -> None:
    ids = [f"D{i:04d}" for i in range(450)]
    first = revoked_members._next_slice(ids, "")
    second = revoked_members._next_slice(ids, first[-1])
    third = revoked_members._next_slice(ids, second[-1])
    assert len(first) == len(second) == len(third) == revoked_members.LOOKUPS_PER_ROUND
    assert first[0] == "D0000"
    assert second[0] == "D0200"
    # The third wraps round: the last 50, then the first 150 again.
    assert third == ids[400:] + ids[:150]
    # A cursor past a member that left still continues in order.
    assert revoked_members._next_slice(ids, "D0199x")[0] == "D0200"
    assert revoked_members._next_slice([], "D0001") == []
