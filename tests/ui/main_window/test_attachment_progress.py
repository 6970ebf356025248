"""An attachment's encryption and upload progress travels from the service thread to
the composer, against a real relay process, with files of a few MiB."""

from __future__ import annotations

import itertools
import os
import threading
from pathlib import Path

from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from liaison_client.progress import AttachmentProgress, AttachmentStage
from liaison_client.workspace import SendOutcome
from tests.sync.conftest import OfficerFactory
from tests.ui.main_window.test_live_channel import Live, live, open_channel
from tests.ui.screen_testing import SLOW_WAIT_MS
from ui.operations import ServiceOp

__all__ = ["live"]

MIB = 1024 * 1024


def strictly_increasing(values: list[int]) -> bool:
    return all(a < b for a, b in itertools.pairwise(values))


def test_progress_is_reported_on_the_service_thread_and_shown_on_the_gui_thread_up_to_100(
        qtbot: QtBot, make_officer: OfficerFactory, tmp_path: Path) -> None:
    li = make_officer("Li Wei", "广州海关 Guangzhou Customs")
    channel = li.workspace.channels.create("Op Jade 翡翠行动").channel_id
    source = tmp_path / "container scan 集装箱.bin"
    source.write_bytes(os.urandom(4 * MIB))
    gui_thread = threading.get_ident()
    reporting_threads: set[int] = set()
    shown: list[tuple[int, AttachmentProgress]] = []
    outcomes: list[SendOutcome] = []

    def send(report: object) -> SendOutcome:
        assert callable(report)

        def progress(step: AttachmentProgress) -> None:
            reporting_threads.add(threading.get_ident())
            report(step)

        return li.workspace.sending.send_attachment(channel, source, progress=progress)

    requester = QObject()
    op = (ServiceOp.reporting(requester, send)
          .on_report(lambda step: shown.append((threading.get_ident(), step)))
          .success(outcomes.append))
    with qtbot.waitSignal(op.finished, timeout=SLOW_WAIT_MS):
        op.run_in_background()

    assert outcomes[0].accepted
    assert reporting_threads
    assert gui_thread not in reporting_threads
    assert {thread for thread, _ in shown} == {gui_thread}
    stages = [step.stage for _, step in shown]
    encrypting = [step for _, step in shown if step.stage == AttachmentStage.ENCRYPTING]
    uploading = [step for _, step in shown if step.stage == AttachmentStage.UPLOADING]
    assert stages == [AttachmentStage.ENCRYPTING] * len(encrypting) + \
        [AttachmentStage.UPLOADING] * len(uploading)
    assert strictly_increasing([step.done for step in encrypting])
    assert strictly_increasing([step.done for step in uploading])
    assert encrypting[-1].done == encrypting[-1].total == 4 * MIB
    # The ciphertext (header and per-chunk tags) is a little larger than the file.
    assert uploading[-1].done == uploading[-1].total > 4 * MIB
    assert len(uploading) > 10  # reported as it went, not once at the end


def test_the_composer_shows_each_stage_rising_to_100_percent_then_hides(
        qtbot: QtBot, live: Live, tmp_path: Path) -> None:
    open_channel(qtbot, live)
    composer = live.window.timeline_screen.composer
    source = tmp_path / "manifest 舱单.pdf"
    source.write_bytes(os.urandom(3 * MIB))
    seen: list[tuple[str, int, str]] = []
    show = composer.show_upload_progress

    def watched(name: str, progress: AttachmentProgress) -> None:
        show(name, progress)  # the composer's own handling, observed after it ran
        seen.append((str(progress.stage), composer.upload_percent or 0,
                     composer.upload_label.text()))

    composer.show_upload_progress = watched  # type: ignore[method-assign]
    live.window.timeline_screen.send_files([source])
    assert composer.upload_progress.isVisibleTo(composer)
    qtbot.waitUntil(lambda: not composer.upload_progress.isVisibleTo(composer),
                    timeout=SLOW_WAIT_MS)
    uploading = [percent for stage, percent, _ in seen if stage == "uploading"]
    encrypting = [percent for stage, percent, _ in seen if stage == "encrypting"]
    assert strictly_increasing(encrypting)
    assert strictly_increasing(uploading)
    assert encrypting[-1] == 100
    assert uploading[-1] == 100
    assert len(seen) <= 2 * 101  # one report per whole percent and stage, at most
    assert seen[-1][2] == f"Uploading {source.name}… 100 %"
