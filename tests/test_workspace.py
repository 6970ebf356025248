"""The workspace end to end: real profiles, a real relay process, three agencies.

Every officer talks to the relay over HTTP on 127.0.0.1 through its own
Workspace; nothing is mocked.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from liaison_client.errors import MessageTooLongError, UsageError
from liaison_client.progress import AttachmentProgress, AttachmentStage
from liaison_client.store.records import Role
from liaison_client.workspace import TimelineEntry, TimelineState
from tests.relay.relay_process import RelayProcess
from tests.sync.conftest import (
    OfficerFactory,
    Operation,
    make_officer,
    relay,
    start_relay_process,
    trio,
)

__all__ = ["make_officer", "relay", "start_relay_process", "trio"]


@pytest.mark.shared_relay
def test_three_officers_from_three_agencies_exchange_messages(trio: Operation) -> None:
    li, anna, tomas = trio.everyone
    assert li.workspace.sending.send_text(trio.channel_id,
                                          "Container MSKU 1234567 flagged").accepted
    anna.sync()
    assert anna.workspace.sending.send_text(trio.channel_id,
                                            "Hamburg will inspect on arrival").accepted
    tomas.sync()
    assert tomas.workspace.sending.send_text(trio.channel_id, "Algeciras saw it transit").accepted
    trio.sync_all()
    expected = {"Container MSKU 1234567 flagged", "Hamburg will inspect on arrival",
                "Algeciras saw it transit"}
    for officer in trio.everyone:
        assert set(officer.texts(trio.channel_id)) == expected
        assert officer.refusals(trio.channel_id) == []
    names = {e.sender_device_id: e.sender_name
             for e in tomas.workspace.timeline.messages(trio.channel_id)}
    assert names[li.device_id] == "Li Wei"
    assert names[anna.device_id] == "Anna Schmidt"


@pytest.mark.shared_relay
def test_every_device_lists_the_channel_and_its_members(trio: Operation) -> None:
    li, anna, tomas = trio.everyone
    for officer in trio.everyone:
        [summary] = officer.workspace.channels.all()
        assert (summary.channel_id, summary.name, summary.members) == (
            trio.channel_id, "Op Jade", 3)
        assert summary.role == ("coordinator" if officer is li else "member")
        members = {m.device_id: m for m in officer.workspace.channels.members(trio.channel_id)}
        assert {d: (m.name, m.agency) for d, m in members.items()} == {
            li.device_id: ("Li Wei", "Guangzhou Customs"),
            anna.device_id: ("Anna Schmidt", "Zoll Hamburg"),
            tomas.device_id: ("Tomás García", "Aduana Algeciras"),
        }
        assert members[li.device_id].role is Role.COORDINATOR
        assert members[officer.device_id].verified


@pytest.mark.shared_relay
def test_unread_counts_rise_with_arrivals_and_clear_when_read(trio: Operation) -> None:
    li, anna, _ = trio.everyone
    li.workspace.sending.send_text(trio.channel_id, "one")
    li.workspace.sending.send_text(trio.channel_id, "two")
    anna.sync()
    assert anna.workspace.channels.get(trio.channel_id).unread == 2
    anna.workspace.timeline.mark_read(trio.channel_id)
    assert anna.workspace.channels.get(trio.channel_id).unread == 0


@pytest.mark.shared_relay
def test_attachments_travel_encrypted_and_arrive_verified(trio: Operation,
                                                          tmp_path: Path) -> None:
    li, anna, _ = trio.everyone
    source = tmp_path / "manifest.pdf"
    source.write_bytes(b"%PDF-1.4 " + bytes(range(256)) * 700)
    outcome = li.workspace.sending.send_attachment(trio.channel_id, source)
    assert outcome.accepted
    anna.sync()
    [entry] = [e for e in anna.workspace.timeline.messages(trio.channel_id)
               if e.kind == "attachment"]
    assert entry.attachment is not None
    assert (entry.attachment.name, entry.attachment.size) == ("manifest.pdf",
                                                               source.stat().st_size)
    saved = anna.workspace.attachments.save(entry.message_id, tmp_path / "received.pdf")
    assert saved.read_bytes() == source.read_bytes()
    # Only ciphertext ever sat in the sender's outgoing folder, and it is gone once uploaded.
    assert not any((li.root / "outgoing-attachments").glob("*.lsa"))


@pytest.mark.shared_relay
def test_removed_member_cannot_read_later_messages_and_the_others_lose_nothing(
        trio: Operation) -> None:
    li, anna, tomas = trio.everyone
    li.workspace.sending.send_text(trio.channel_id, "before removal")
    trio.sync_all(1)
    assert li.workspace.channels.remove(trio.channel_id, tomas.device_id).accepted
    trio.sync_all(1)
    assert li.workspace.sending.send_text(trio.channel_id, "after removal").accepted
    anna.sync()
    assert anna.workspace.sending.send_text(trio.channel_id, "anna after removal").accepted
    trio.sync_all()
    assert li.texts(trio.channel_id) == ["before removal", "after removal",
                                         "anna after removal"]
    assert anna.texts(trio.channel_id) == li.texts(trio.channel_id)
    assert tomas.texts(trio.channel_id) == ["before removal"]
    assert tomas.workspace.channels.get(trio.channel_id).role == "removed"
    with pytest.raises(UsageError, match="no longer a member"):
        tomas.workspace.sending.send_text(trio.channel_id, "am I still here?")


@pytest.mark.shared_relay
def test_added_member_cannot_read_what_was_sent_before(trio: Operation,
                                                       make_officer: OfficerFactory) -> None:
    li, anna, _ = trio.everyone
    li.workspace.sending.send_text(trio.channel_id, "before Dmitri")
    trio.sync_all(1)
    dmitri = make_officer("Dmitri Ivanov", "Baltic Customs")
    assert li.workspace.channels.invite(trio.channel_id, dmitri.device_id,
                                        name=dmitri.name).accepted
    dmitri.sync()
    trio.sync_all(1)
    li.workspace.sending.send_text(trio.channel_id, "welcome Dmitri")
    dmitri.sync()
    anna.sync()
    assert dmitri.texts(trio.channel_id) == ["welcome Dmitri"]
    assert anna.texts(trio.channel_id) == ["before Dmitri", "welcome Dmitri"]


@pytest.mark.shared_relay
def test_only_the_coordinator_can_invite_or_remove(trio: Operation) -> None:
    _, anna, tomas = trio.everyone
    with pytest.raises(UsageError, match="coordinator"):
        anna.workspace.channels.remove(trio.channel_id, tomas.device_id)
    with pytest.raises(UsageError, match="coordinator"):
        anna.workspace.channels.invite(trio.channel_id, tomas.device_id)


@pytest.mark.shared_relay
def test_delivery_states_follow_the_relay(trio: Operation) -> None:
    li, anna, tomas = trio.everyone
    outcome = li.workspace.sending.send_text(trio.channel_id, "track me")
    assert outcome.message_id is not None
    states = {d.recipient_device_id: d.state
              for d in li.workspace.sending.delivery(outcome.message_id)}
    assert states == {anna.device_id: "sent", tomas.device_id: "sent"}
    anna.sync()
    li.sync()
    states = {d.recipient_device_id: d.state
              for d in li.workspace.sending.delivery(outcome.message_id)}
    assert states == {anna.device_id: "delivered", tomas.device_id: "sent"}
    tomas.sync()
    li.sync()
    mine = [e for e in li.workspace.timeline.messages(trio.channel_id) if e.text == "track me"]
    assert [e.state for e in mine] == [TimelineState.DELIVERED]


@pytest.mark.shared_relay
def test_safety_numbers_agree_and_verification_is_recorded(trio: Operation) -> None:
    li, anna, _ = trio.everyone
    seen_by_li = li.workspace.trust.safety_number(anna.device_id)
    seen_by_anna = anna.workspace.trust.safety_number(li.device_id)
    assert seen_by_li.safety_number == seen_by_anna.safety_number
    assert not seen_by_li.verified
    with pytest.raises(UsageError, match="differ"):
        li.workspace.trust.verify(anna.device_id, compared="0" * 60)
    assert li.workspace.trust.verify(anna.device_id,
                               compared=seen_by_anna.safety_number).verified
    assert {m.device_id: m.verified for m in li.workspace.channels.members(trio.channel_id)}[
        anna.device_id]


@pytest.mark.shared_relay
def test_search_finds_messages_in_the_channel(trio: Operation) -> None:
    li, anna, _ = trio.everyone
    li.workspace.sending.send_text(trio.channel_id, "走私 cigarettes in reefer")
    li.workspace.sending.send_text(trio.channel_id, "nothing here")
    anna.sync()
    found = anna.workspace.timeline.messages(trio.channel_id, search="走私")
    assert [e.text for e in found] == ["走私 cigarettes in reefer"]




def test_an_attachment_sent_while_the_relay_is_down_stays_queued_with_its_ciphertext(
        make_officer: OfficerFactory, relay: RelayProcess, tmp_path: Path) -> None:
    li = make_officer("Li Wei", "广州海关 Guangzhou Customs")
    channel = li.workspace.channels.create("Op Jade 翡翠行动").channel_id
    source = tmp_path / "scan.bin"
    source.write_bytes(bytes(range(256)) * 4_096)  # 1 MiB
    relay.stop()
    reports: list[AttachmentProgress] = []
    outcome = li.workspace.sending.send_attachment(channel, source, progress=reports.append)
    assert not outcome.accepted
    assert outcome.problem
    encrypting = [r for r in reports if r.stage == AttachmentStage.ENCRYPTING]
    assert encrypting[-1].done == encrypting[-1].total == source.stat().st_size
    assert not any(r.stage == AttachmentStage.UPLOADING and r.done == r.total for r in reports)
    [queued] = [e for e in li.workspace.timeline.messages(channel) if e.kind == "attachment"]
    assert queued.state == "queued"
    assert len(list((li.root / "outgoing-attachments").glob("*.lsa"))) == 1


@pytest.mark.shared_relay
def test_paging_down_needs_a_stored_message_and_a_positive_limit(
        make_officer: OfficerFactory) -> None:
    li = make_officer("Li Wei", "广州海关 Guangzhou Customs")
    channel = li.workspace.channels.create("Op Jade 翡翠行动").channel_id
    li.workspace.sending.send_text(channel, "first", deliver=False)
    [first] = li.workspace.timeline.page(channel).entries
    refusal = TimelineEntry("env-forged", channel, "DEVICE-MALLORY", "DEVICE-MALLORY", 0,
                            TimelineState.REJECTED, "rejected: bad signature",
                            TimelineState.REJECTED)
    with pytest.raises(UsageError, match="paging cursor"):
        li.workspace.timeline.page_after(channel, refusal)
    with pytest.raises(UsageError, match="at least one message"):
        li.workspace.timeline.page_after(channel, first, limit=0)
    page = li.workspace.timeline.page_after(channel, first)
    assert page.entries == ()
    assert not page.has_newer


@pytest.mark.shared_relay
def test_a_text_too_long_for_one_envelope_is_refused_before_anything_is_stored(
        trio: Operation) -> None:
    """64 Ki Chinese characters (192 KiB) would make an envelope the relay refuses
    (413) and that would block the outbox; 64 KiB of Latin text still goes."""
    li, anna, _ = trio.everyone
    before = li.workspace.timeline.messages(trio.channel_id)
    with pytest.raises(MessageTooLongError) as refused:
        li.workspace.sending.send_text(trio.channel_id, "查" * 64 * 1024)
    assert refused.value.params == {"limit_kib": "64", "size_kib": "192"}
    assert "send longer text as a file" in str(refused.value)
    assert li.workspace.timeline.messages(trio.channel_id) == before
    longest = "a" * 64 * 1024
    assert li.workspace.sending.send_text(trio.channel_id, longest).accepted
    trio.sync_all()
    assert longest in anna.texts(trio.channel_id)
