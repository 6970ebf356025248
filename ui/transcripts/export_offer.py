"""Offered right after the coordinator closes an operation: export the final
transcript now, or later (Operation menu → "Export transcript…" stays available).

A closed operation's record is final from that moment, and its local history will be
deleted when the retention runs out: the moment of closing is when the coordinator
is thinking about the record, so the offer comes then, not as a reminder later.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from liaison_client.workspace import ChannelSummary
from ui.widgets.buttons import mark_primary
from ui.widgets.retranslatable import Retranslatable


class ExportOfferDialog(Retranslatable, QDialog):
    """"Export now" accepts, "Later" (or Escape) rejects."""

    def __init__(self, channel: ChannelSummary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("transcriptExportOffer")
        self.channel = channel
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.later_button = QPushButton(self)
        self.later_button.setObjectName("exportOfferLater")
        self.export_button = QPushButton(self)
        self.export_button.setObjectName("exportOfferNow")
        mark_primary(self.export_button)
        self.export_button.setDefault(True)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.later_button)
        buttons.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addLayout(buttons)
        self.later_button.clicked.connect(self.reject)
        self.export_button.clicked.connect(self.accept)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 70)
        self.retranslate()
        self.export_button.setFocus()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Operation closed"))
        self.text.setText(self.tr(
            "{operation} is closed: its record is final. Export the signed transcript now? "
            "You can also do it later from Operation → Export transcript…, until the "
            "operation's history is deleted from this computer.").format(
                operation=self.channel.name))
        self.export_button.setText(self.tr("&Export now"))
        self.export_button.setAccessibleName(self.tr("Export the transcript now"))
        self.later_button.setText(self.tr("&Later"))
        self.later_button.setAccessibleName(self.tr("Later"))
