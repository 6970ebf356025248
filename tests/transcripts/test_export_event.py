"""The export recorded in the channel (issue 15; docs/TRANSCRIPT.md, "The export
event"), over a real relay process on 127.0.0.1: a ``transcript.export`` message
signed by the exporter, taken after the close, shown by every member, contained
by the next export, which both verifiers accept; a device that is no member
cannot get one accepted."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from liaison_client.channels.errors import ChannelClosedError
from liaison_client.channels.kinds import MessageKind, TranscriptExportBody, decode_stored_body
from liaison_client.crypto.rejection import Rejection
from liaison_client.transcripts import verify_folder
from liaison_client.workspace import OperationState, TimelineEntry
from liaison_client.workspace.transcripts import ExportRequest
from tests.fixtures.relay import relay, start_relay_process
from tests.fixtures.relay_officers import Officer, Operation, make_officer, trio
from tests.transcripts.only_pynacl import run_single_file

__all__ = ["make_officer", "relay", "start_relay_process", "trio"]

EXPORT_KIND = str(MessageKind.TRANSCRIPT_EXPORT)


def _exports(officer: Officer, channel_id: str) -> list[TimelineEntry]:
    return [e for e in officer.workspace.timeline.messages(channel_id) if e.kind == EXPORT_KIND]


def _lines(folder: Path) -> list[dict[str, object]]:
    with (folder / "transcript.json").open(encoding="utf-8") as source:
        transcript = json.load(source)
    messages: list[dict[str, object]] = transcript["messages"]
    return messages


def _both_verifiers_pass(folder: Path, scratch: Path) -> None:
    result = verify_folder(folder)
    assert result.ok, [p.line() for p in result.problems]
    single = run_single_file(folder / "verify_transcript.py", folder, scratch=scratch)
    assert single.returncode == 0, single.stdout + single.stderr
    assert single.stdout.startswith("OK: ")


def test_an_export_after_the_close_reaches_every_member_and_the_next_export(
        trio: Operation, tmp_path: Path) -> None:
    li, anna, tomas = trio.everyone
    assert anna.workspace.sending.send_text(trio.channel_id, "hold CSQU3054383 请扣留").accepted
    trio.sync_all()
    assert li.workspace.lifecycle.close(trio.channel_id).accepted
    trio.sync_all()

    first = li.workspace.transcripts.export(
        ExportRequest(trio.channel_id, tmp_path / "first", None, "2099-12-31"))
    assert first.event_sent, first.event_problem
    assert first.event_message_id is not None
    trio.sync_all()

    dt.datetime.now(dt.UTC).date().isoformat()
    for officer in trio.everyone:
        assert officer.workspace.lifecycle.info(trio.channel_id).state is OperationState.CLOSED
        assert officer.refusals(trio.channel_id) == []
        [entry] = _exports(officer, trio.channel_id)
        assert entry.message_id == first.event_message_id
        assert (entry.sender_device_id, entry.sender_name) == (li.device_id, "Li Wei")
        assert entry.text.startswith(
            "exported the transcript from the operation's start to 2099-12-31 (1 messages, "
            f"transcript.json SHA-256 {first.json_sha256})")
    record = anna.profile.store.messages.get(first.event_message_id)
    assert record is not None
    assert record.content is not None
    body = decode_stored_body(EXPORT_KIND, record.content)
    assert isinstance(body, TranscriptExportBody)
    assert (body.period_from, body.period_to, body.message_count, body.chain_head,
            body.transcript_sha256) == (None, "2099-12-31", 1, first.chain_head,
                                        first.json_sha256)
    assert body.exported_at_ms == first.exported_at_ms

    # Anna exports after the close too: her file holds Li's export event, and hers
    # reaches Li and Tomás; Li's second export holds both.
    second = anna.workspace.transcripts.export(ExportRequest(trio.channel_id,
                                                             tmp_path / "second"))
    assert second.event_sent
    trio.sync_all()
    third = li.workspace.transcripts.export(ExportRequest(trio.channel_id, tmp_path / "third"))
    for export, kinds in ((second, ["text", EXPORT_KIND]),
                          (third, ["text", EXPORT_KIND, EXPORT_KIND])):
        lines = _lines(export.folder)
        assert [m["kind"] for m in lines] == kinds
        assert lines[1]["message_id"] == first.event_message_id
        assert str(lines[1]["text"]).startswith("exported the transcript from the")
        _both_verifiers_pass(export.folder, tmp_path)
    assert [m["message_id"] for m in _lines(third.folder)][2] == second.event_message_id
    assert third.event_sent
    trio.sync_all()
    assert [e.sender_name for e in _exports(tomas, trio.channel_id)] == [
        "Li Wei", "Anna Schmidt", "Li Wei"]
    # Still closed for conversation, on the exporter's device as anywhere.
    with pytest.raises(ChannelClosedError):
        li.workspace.sending.send_text(trio.channel_id, "after the export")


def test_an_export_by_a_removed_member_is_refused_by_the_members(
        trio: Operation, tmp_path: Path) -> None:
    li, anna, tomas = trio.everyone
    assert tomas.workspace.sending.send_text(trio.channel_id, "on my way").accepted
    trio.sync_all()
    assert li.workspace.channels.remove(trio.channel_id, tomas.device_id).accepted
    li.sync()
    anna.sync()
    # Tomás has not synced since his removal: his device still thinks it is a
    # member, signs the export event with its real key and sends it.
    exported = tomas.workspace.transcripts.export(ExportRequest(trio.channel_id,
                                                                tmp_path / "tomas"))
    assert exported.event_sent
    li.sync()
    anna.sync()
    for officer in (li, anna):
        assert _exports(officer, trio.channel_id) == []
        assert [e.rejection for e in officer.refusals(trio.channel_id)] == [
            Rejection.NOT_A_MEMBER]
    # Once he knows, his device keeps its export and records nothing.
    tomas.sync()
    again = tomas.workspace.transcripts.export(ExportRequest(trio.channel_id,
                                                             tmp_path / "tomas-again"))
    assert again.event_message_id is None
    assert not again.event_sent
    assert "no longer a member" in again.event_problem
    assert (again.folder / "transcript.json").is_file()
