"""The line above the composer while the officer writes a reply: "Replying to Li Wei:
Reefer MSKU…", with a button (and Escape) to write a plain message instead."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from liaison_client.display_text import display_text
from liaison_client.workspace import TimelineEntry
from ui.timeline.timeline_text import attachment_name_text, sender_text
from ui.widgets.retranslatable import Retranslatable

#: How much of the answered message the banner shows before eliding.
_EXCERPT_CHARS = 120


class ReplyBanner(Retranslatable, QFrame):
    #: The officer cancelled the reply (the button, or Escape in the composer).
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("replyBanner")
        #: The message being answered, or None (the banner is hidden then).
        self.entry: TimelineEntry | None = None
        self.label = QLabel(self)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        # Its width comes from the banner, not from the text: the text is elided to it.
        self.label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._full_text = ""
        self.cancel_button = QPushButton(self)
        self.cancel_button.setObjectName("cancelReply")
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.cancel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 4, 12, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.cancel_button)
        self.setVisible(False)
        self.retranslate()

    def retranslate(self) -> None:
        self.cancel_button.setText(self.tr("Cancel reply"))
        self.cancel_button.setAccessibleName(self.tr("Cancel reply"))
        self._show_text()

    def reply_to(self, entry: TimelineEntry) -> None:
        self.entry = entry
        self._show_text()
        self.setVisible(True)

    def cancel(self) -> None:
        if self.entry is None:
            return
        self.clear()
        self.cancelled.emit()

    def clear(self) -> None:
        self.entry = None
        self.setVisible(False)

    def _show_text(self) -> None:
        entry = self.entry
        if entry is None:
            self._full_text = ""
            self.label.clear()
            return
        words = attachment_name_text(entry) if entry.attachment is not None and \
            not entry.text else display_text(" ".join(entry.text.split()))
        if len(words) > _EXCERPT_CHARS:
            words = words[:_EXCERPT_CHARS - 1] + "…"
        text = self.tr("Replying to {sender}: {excerpt}").format(sender=sender_text(entry),
                                                                 excerpt=words)
        self._full_text = text
        self._elide()
        self.label.setToolTip(text)
        self.setAccessibleName(text)

    def _elide(self) -> None:
        """One line, elided to the label's width now (again on every resize)."""
        self.label.setText(self.label.fontMetrics().elidedText(
            self._full_text, Qt.TextElideMode.ElideRight, max(40, self.label.width())))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def tint(self, accent: str, accent_soft: str) -> None:
        """The theme's colours, set by the screen on a palette change (a style sheet set
        on itself from its own palette change would call itself again)."""
        self.setStyleSheet(f"#replyBanner {{ background: {accent_soft};"
                           f" border-left: 3px solid {accent}; }}")
