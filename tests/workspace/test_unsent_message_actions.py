"""Retry and delete of the officer's own unsent messages (issue 11, "message actions").

The relay here caps envelopes at 8 KiB, so a 20 KB text is refused for good (413) and
set aside, as in tests/sync/test_outbox_refusals.py. Real profiles, real relay process.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from liaison_client.channels.errors import ChannelClosedError
from liaison_client.errors import MessageAlreadySentError
from liaison_client.profile import NewProfile, Profile
from liaison_client.sync.outbound import OUTGOING_ATTACHMENTS_DIR
from liaison_client.workspace import TimelineState, Workspace
from tests.relay.conftest import StartRelay, start_relay_process
from tests.relay.relay_process import RelayProcess
from tests.sync.conftest import Operation, make_officer, trio

__all__ = ["make_officer", "start_relay_process", "trio"]

TOO_LARGE = "Manifest extract, line by line. " * 640


@pytest.fixture
def relay(start_relay_process: StartRelay) -> RelayProcess:
    return start_relay_process("--max-envelope-bytes", "8192")


def states(workspace: Workspace, channel_id: str) -> dict[str, TimelineState]:
    return {e.text: e.state for e in workspace.timeline.messages(channel_id)
            if e.is_message}


def test_retry_puts_a_refused_message_back_in_the_outbox(trio: Operation) -> None:
    li = trio.coordinator
    refused = li.workspace.sending.send_text(trio.channel_id, TOO_LARGE)
    assert refused.message_id is not None
    assert not refused.accepted
    assert states(li.workspace, trio.channel_id)[TOO_LARGE] == TimelineState.NOT_SENT
    assert li.workspace.outbox_count() == 0  # set aside: not retried by itself

    outcome = li.workspace.sending.retry(refused.message_id)
    assert not outcome.accepted
    assert outcome.message_id == refused.message_id
    assert li.workspace.outbox_count() == 1
    assert states(li.workspace, trio.channel_id)[TOO_LARGE] == TimelineState.QUEUED
    li.workspace.sync()  # the relay still refuses it: set aside again, with why
    assert li.workspace.outbox_count() == 0
    assert "413" in (li.profile.store.outbox.set_aside_reason(refused.message_id) or "")
    assert states(li.workspace, trio.channel_id)[TOO_LARGE] == TimelineState.NOT_SENT


def test_deleting_a_refused_message_removes_it_and_its_envelope(trio: Operation) -> None:
    li, anna, _ = trio.everyone
    refused = li.workspace.sending.send_text(trio.channel_id, TOO_LARGE)
    assert refused.message_id is not None
    assert li.workspace.sending.is_link(refused.message_id)  # it was signed: a chain link
    li.workspace.sending.delete_unsent(refused.message_id)
    assert TOO_LARGE not in states(li.workspace, trio.channel_id)
    assert li.profile.store.outbox.set_aside_reason(refused.message_id) is None
    assert li.workspace.timeline.details(refused.message_id) is None
    trio.sync_all()
    assert anna.texts(trio.channel_id) == []


def test_deleting_a_message_never_encrypted_leaves_no_gap(trio: Operation) -> None:
    li, anna, _ = trio.everyone
    queued = li.workspace.sending.send_text(trio.channel_id, "withdrawn", deliver=False)
    assert queued.message_id is not None
    assert not li.workspace.sending.is_link(queued.message_id)
    li.workspace.sending.delete_unsent(queued.message_id)
    assert li.profile.store.outgoing.count() == 0
    after = li.workspace.sending.send_text(trio.channel_id, "Vessel MSC Aurora cleared")
    assert after.accepted, after.problem
    trio.sync_all()
    shown = anna.workspace.timeline.messages(trio.channel_id)
    assert [e.text for e in shown if e.is_message] == ["Vessel MSC Aurora cleared"]
    assert not [e for e in shown if e.kind == TimelineState.MISSING]


def test_a_deleted_attachment_takes_its_encrypted_file_with_it(
        make_profile: Callable[..., tuple[NewProfile, Profile]], tmp_path: Path) -> None:
    _, profile = make_profile(name="Li Wei", agency="Guangzhou Customs")
    with Workspace(profile, None) as workspace:  # no relay: the file waits, encrypted
        channel_id = workspace.channels.create("Op Jade").channel_id
        source = tmp_path / "manifest.pdf"
        source.write_bytes(b"%PDF-1.4\n" * 50)
        queued = workspace.sending.send_attachment(channel_id, source)
        assert queued.message_id is not None
        assert not queued.accepted
        encrypted = list((profile.layout.root / OUTGOING_ATTACHMENTS_DIR).glob("*.lsa"))
        assert len(encrypted) == 1
        workspace.sending.delete_unsent(queued.message_id)
        assert not encrypted[0].exists()
        assert not [e for e in workspace.timeline.messages(channel_id) if e.is_message]
        assert profile.store.outgoing.count() == 0
        assert source.exists()  # the officer's own file is never touched


def test_retry_and_delete_refuse_a_sent_or_another_officers_message(trio: Operation) -> None:
    li, anna, _ = trio.everyone
    sent = li.workspace.sending.send_text(trio.channel_id, "cleared")
    assert sent.accepted
    assert sent.message_id is not None
    with pytest.raises(MessageAlreadySentError):
        li.workspace.sending.retry(sent.message_id)
    with pytest.raises(MessageAlreadySentError):
        li.workspace.sending.delete_unsent(sent.message_id)
    anna.sync()
    with pytest.raises(MessageAlreadySentError):
        anna.workspace.sending.delete_unsent(sent.message_id)
    with pytest.raises(MessageAlreadySentError):
        li.workspace.sending.retry("no-such-message")
    assert "cleared" in anna.texts(trio.channel_id)


def test_retry_in_a_closed_operation_is_refused_and_changes_nothing(trio: Operation) -> None:
    li = trio.coordinator
    refused = li.workspace.sending.send_text(trio.channel_id, TOO_LARGE)
    assert refused.message_id is not None
    assert li.workspace.lifecycle.close(trio.channel_id).accepted
    with pytest.raises(ChannelClosedError):
        li.workspace.sending.retry(refused.message_id)
    assert states(li.workspace, trio.channel_id)[TOO_LARGE] == TimelineState.NOT_SENT
