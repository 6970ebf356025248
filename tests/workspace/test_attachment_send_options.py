"""Sending an attachment with a caption, from memory, and cancelled halfway (issue 11,
"attachments"): real profiles on a real relay process."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from liaison_client.errors import AttachmentCancelledError, MessageTooLongError
from liaison_client.progress import AttachmentProgress, AttachmentStage
from liaison_client.sync.outbound import OUTGOING_ATTACHMENTS_DIR
from tests.fixtures.relay_officers import Officer, Operation

MIB = 1024 * 1024


def leftovers(officer: Officer) -> list[Path]:
    """Whatever is in the sender's outgoing folder (ciphertext, half-encrypted files)."""
    folder = officer.root / OUTGOING_ATTACHMENTS_DIR
    return sorted(folder.iterdir()) if folder.exists() else []


@pytest.mark.shared_relay
def test_a_caption_follows_the_attachment_as_a_reply_to_it(trio: Operation,
                                                            tmp_path: Path) -> None:
    li, anna, _ = trio.everyone
    source = tmp_path / "seal_photo_4471.jpg"
    source.write_bytes(os.urandom(50_000))
    outcome = li.workspace.sending.send_attachment(
        trio.channel_id, source, caption="  Seal broken, see photo 封条已破  ")
    assert outcome.accepted
    anna.sync()
    entries = [e for e in anna.workspace.timeline.messages(trio.channel_id) if e.is_message]
    attachment, caption = entries[-2:]
    assert attachment.attachment is not None
    assert attachment.attachment.name == "seal_photo_4471.jpg"
    assert caption.text == "Seal broken, see photo 封条已破"
    assert caption.reply is not None
    assert caption.reply.message_id == attachment.message_id == outcome.message_id


@pytest.mark.shared_relay
def test_a_caption_too_long_sends_nothing_and_encrypts_nothing(trio: Operation,
                                                               tmp_path: Path) -> None:
    li = trio.coordinator
    source = tmp_path / "manifest.pdf"
    source.write_bytes(b"%PDF" * 1000)
    before = li.texts(trio.channel_id)
    with pytest.raises(MessageTooLongError):
        li.workspace.sending.send_attachment(trio.channel_id, source, caption="x" * 70_000)
    assert li.texts(trio.channel_id) == before
    assert not [p for p in leftovers(li) if p.is_file()]


@pytest.mark.shared_relay
def test_bytes_from_memory_arrive_as_an_attachment_and_never_touch_the_disk_as_plaintext(
        trio: Operation, tmp_path: Path) -> None:
    li, anna, _ = trio.everyone
    image = b"\x89PNG\r\n\x1a\n" + os.urandom(200_000)
    outcome = li.workspace.sending.send_attachment_data(
        trio.channel_id, "Pasted image 2026-12-05 21.10.png", image, caption="from the scanner")
    assert outcome.accepted
    # Nothing under the profile holds the plaintext (the ciphertext was uploaded and removed).
    for path in li.root.rglob("*"):
        if path.is_file():
            assert image[8:4096] not in path.read_bytes()
    anna.sync()
    [entry] = [e for e in anna.workspace.timeline.messages(trio.channel_id)
               if e.attachment is not None]
    assert entry.attachment is not None
    assert entry.attachment.media_type == "image/png"
    saved = anna.workspace.attachments.save(entry.message_id, tmp_path / "got.png")
    assert saved.read_bytes() == image


@pytest.mark.shared_relay
@pytest.mark.parametrize("stage", [AttachmentStage.ENCRYPTING, AttachmentStage.UPLOADING])
def test_a_cancelled_attachment_stops_at_the_next_chunk_and_leaves_nothing(
        trio: Operation, tmp_path: Path, stage: AttachmentStage) -> None:
    li, anna, _ = trio.everyone
    source = tmp_path / "container scan.bin"
    source.write_bytes(os.urandom(4 * MIB))
    reports: list[AttachmentProgress] = []

    def cancelled() -> bool:
        return any(r.stage == stage and r.done >= MIB for r in reports)

    with pytest.raises(AttachmentCancelledError):
        li.workspace.sending.send_attachment(trio.channel_id, source, progress=reports.append,
                                             caption="never sent", cancelled=cancelled)
    # Stopped at the next chunk, well before the end.
    last = [r for r in reports if r.stage == stage][-1]
    assert MIB <= last.done < 2 * MIB
    if stage == AttachmentStage.ENCRYPTING:
        assert not any(r.stage == AttachmentStage.UPLOADING for r in reports)
    assert not [e for e in li.workspace.timeline.messages(trio.channel_id)
                if e.attachment is not None or e.text == "never sent"]
    assert li.workspace.outbox_count() == 0
    assert leftovers(li) == []
    assert li.profile.store.outgoing.all() == []
    # The next message goes out normally, with no gap in the sender's chain.
    assert li.workspace.sending.send_text(trio.channel_id, "after the cancel").accepted
    anna.sync()
    assert anna.texts(trio.channel_id)[-1] == "after the cancel"
    assert anna.refusals(trio.channel_id) == []
    assert not [e for e in anna.workspace.timeline.messages(trio.channel_id)
                if e.attachment is not None]
