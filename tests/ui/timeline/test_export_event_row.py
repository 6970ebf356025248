"""A transcript export recorded in a closed operation is a row of the desktop
timeline: the exporter's name and the sentence, drawn by the usual delegate."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from liaison_client.workspace import Workspace
from liaison_client.workspace.transcripts import ExportRequest
from tests.ui.timeline.test_timeline_view import shown_view
from ui.timeline.timeline_text import body_text


def test_an_export_after_the_close_is_a_timeline_row(qtbot: QtBot, workspace: Workspace,
                                                      tmp_path: Path) -> None:
    channel_id = workspace.channels.create("Op Jade").channel_id
    workspace.sending.send_text(channel_id, "hold CSQU3054383", deliver=False)
    workspace.lifecycle.close(channel_id)
    exported = workspace.transcripts.export(ExportRequest(channel_id, tmp_path / "out"),
                                            deliver=False)
    assert exported.event_message_id is not None
    view = shown_view(qtbot, workspace, channel_id)
    model = view.timeline
    assert model is not None
    [row] = [r for r in range(model.rowCount()) if model.entry_at(r).kind == "transcript.export"]
    entry = model.entry_at(row)
    assert body_text(entry).startswith("exported the transcript from the operation's start to ")
    spoken = model.data(model.index(row), Qt.ItemDataRole.AccessibleTextRole)
    assert "exported the transcript" in str(spoken)
    delegate = view.itemDelegate()
    option = QStyleOptionViewItem()
    option.rect = view.visualRect(model.index(row))
    option.widget = view
    assert delegate.sizeHint(option, model.index(row)).height() > 0
    image = QImage(option.rect.size(), QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    delegate.paint(painter, option, model.index(row))  # draws without error
    painter.end()
