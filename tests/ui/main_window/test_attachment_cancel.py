"""Cancel an attachment while it is encrypted or uploaded (issue 11, "attachments"): the
composer's progress row has a Cancel button; the send stops at the next chunk, leaves
nothing half-sent (no queued message, no encrypted file) and says "Upload cancelled".
Li Wei's real window against a real relay process, Anna on the other side."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from liaison_client.progress import AttachmentProgress, AttachmentStage
from liaison_client.sync.outbound import OUTGOING_ATTACHMENTS_DIR
from tests.ui.main_window.test_live_channel import Live, live, open_channel
from tests.ui.screen_testing import SLOW_WAIT_MS, WAIT_MS, Screenshot
from ui.composer.composer import Composer
from ui.operations import wait_for_background_work

__all__ = ["live"]

MIB = 1024 * 1024
DOCS_SCREENSHOTS = Path(__file__).resolve().parents[3] / "docs" / "screenshots"


def cancel_at(composer: Composer, stage: AttachmentStage, percent: int,
              before_click: Callable[[], None] | None = None) -> list[int]:
    """Click the progress row's Cancel once, when ``stage`` reaches ``percent`` (the
    reports the composer showed up to then are returned as they come)."""
    seen: list[int] = []
    clicked: list[bool] = []
    show = composer.show_upload_progress

    def watched(name: str, progress: AttachmentProgress) -> None:
        show(name, progress)
        if progress.stage == stage and not clicked:
            seen.append(int(progress.fraction * 100))
            if seen[-1] >= percent:
                assert composer.cancel_upload_button.isVisible()
                assert composer.cancel_upload_button.isEnabled()
                clicked.append(True)
                if before_click is not None:
                    before_click()
                QTest.mouseClick(composer.cancel_upload_button, Qt.MouseButton.LeftButton)

    composer.show_upload_progress = watched  # type: ignore[method-assign]
    return seen


def nothing_left(live: Live) -> None:
    folder = live.li.root / OUTGOING_ATTACHMENTS_DIR
    assert not folder.exists() or list(folder.iterdir()) == []
    assert live.li.profile.store.outgoing.all() == []
    assert live.li.workspace.outbox_count() == 0
    timeline = live.window.timeline_screen.timeline
    assert timeline is not None
    assert not [r for r in range(timeline.rowCount())
                if timeline.entry_at(r).attachment is not None]


@pytest.mark.shared_relay
@pytest.mark.parametrize("stage", [AttachmentStage.ENCRYPTING, AttachmentStage.UPLOADING])
def test_cancel_stops_the_attachment_and_leaves_nothing_half_sent(
        qtbot: QtBot, live: Live, tmp_path: Path, stage: AttachmentStage,
        screenshot: Screenshot) -> None:
    live.window.resize(1100, 760)
    open_channel(qtbot, live)
    screen = live.window.timeline_screen
    composer = screen.composer
    source = tmp_path / "container_scan_CSQU3054383.bin"
    source.write_bytes(os.urandom(48 * MIB))
    def shoot() -> None:
        if stage == AttachmentStage.UPLOADING:
            assert live.window.grab().save(
                str(DOCS_SCREENSHOTS / "composer-upload-cancel-button.png"))

    seen = cancel_at(composer, stage, 2, shoot)
    notices: list[str] = []
    screen.notice.connect(notices.append)
    assert not composer.cancel_upload_button.isVisibleTo(composer)
    screen.send_files([source], caption="scan attached")
    assert composer.cancel_upload_button.isVisibleTo(composer)
    assert composer.cancel_upload_button.accessibleName() == "Cancel this upload"
    qtbot.waitUntil(lambda: composer.upload_text.startswith("Upload cancelled"),
                    timeout=SLOW_WAIT_MS)
    assert composer.upload_text == f"Upload cancelled: {source.name} was not sent."
    assert notices == ["Upload cancelled"]
    assert not composer.cancel_upload_button.isVisibleTo(composer)
    assert not composer.upload_progress.isVisibleTo(composer)
    assert seen
    assert seen[-1] < 100  # stopped before the end of that stage
    if stage == AttachmentStage.UPLOADING:
        screenshot(live.window, "composer-upload-cancelled")
    assert wait_for_background_work(30_000)
    nothing_left(live)
    # Nothing reached Anna, and the next message goes out normally.
    composer.edit.setPlainText("after the cancel")
    composer.submit()
    qtbot.waitUntil(lambda: live.states_of("after the cancel") in (["sent"], ["delivered"]),
                    timeout=WAIT_MS)
    assert live.states_of("scan attached") == []
    live.anna.sync()
    received = [e for e in live.anna.workspace.timeline.messages(live.channel_id)
                if e.is_message]
    assert [e.text for e in received][-1:] == ["after the cancel"]
    assert not [e for e in received if e.attachment is not None or e.text == "scan attached"]
    assert live.anna.refusals(live.channel_id) == []


@pytest.mark.shared_relay
def test_cancel_stops_only_the_attachment_being_sent_the_next_one_goes(
        qtbot: QtBot, live: Live, tmp_path: Path) -> None:
    open_channel(qtbot, live)
    screen = live.window.timeline_screen
    composer = screen.composer
    big = tmp_path / "scan_big.bin"
    big.write_bytes(os.urandom(32 * MIB))
    small = tmp_path / "manifest_small.csv"
    small.write_bytes(b"container,seal\nMSKU7654321,SEAL-0042\n" * 20)
    cancel_at(composer, AttachmentStage.ENCRYPTING, 2)
    screen.send_files([big, small])
    timeline = screen.timeline
    assert timeline is not None
    qtbot.waitUntil(lambda: any(
        (timeline.entry_at(r).attachment or None) is not None
        and timeline.entry_at(r).attachment.name == small.name  # type: ignore[union-attr]
        for r in range(timeline.rowCount())), timeout=SLOW_WAIT_MS)
    names = [timeline.entry_at(r).attachment.name  # type: ignore[union-attr]
             for r in range(timeline.rowCount()) if timeline.entry_at(r).attachment]
    assert names == [small.name]
    qtbot.waitUntil(lambda: not composer.upload_progress.isVisibleTo(composer),
                    timeout=WAIT_MS)
