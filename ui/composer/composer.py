"""The composer under the timeline.

Enter sends and Shift+Enter starts a new line (Signal/Element behaviour);
pasted rich text arrives as plain text (no hidden markup travels), pasted or
dropped files become attachments. The composer itself never sends: it emits
what the officer asked for and the main window runs it through the service
thread, so the text stays in the box until the send was stored.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QMimeData, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.widgets.buttons import mark_primary

_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class MessageEdit(QPlainTextEdit):
    submitted = Signal()
    files_pasted = Signal(list)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in _ENTER_KEYS and not (
                event.modifiers() & Qt.KeyboardModifier.ShiftModifier):
            self.submitted.emit()
            return
        super().keyPressEvent(event)

    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        return source.hasUrls() or super().canInsertFromMimeData(source)

    def insertFromMimeData(self, source: QMimeData) -> None:
        files = [Path(url.toLocalFile()) for url in source.urls() if url.isLocalFile()]
        if files:
            self.files_pasted.emit(files)
            return
        if source.hasText():
            self.insertPlainText(source.text())


class Composer(QFrame):
    #: Text the officer sent (already stripped of surrounding blank lines).
    send_text = Signal(str)
    #: Files to send as attachments, one message each.
    send_files = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("composer")
        self.setProperty("role", "composer")
        self.edit = MessageEdit(self)
        self.edit.setObjectName("composerEdit")
        self.edit.setTabChangesFocus(True)
        self._fit_edit_height()
        self.edit.submitted.connect(self.submit)
        self.edit.files_pasted.connect(self.send_files)
        self.attach_button = QPushButton(self)
        self.attach_button.setObjectName("attachButton")
        self.attach_button.clicked.connect(self.choose_files)
        self.send_button = QPushButton(self)
        self.send_button.setObjectName("sendButton")
        mark_primary(self.send_button)
        self.send_button.clicked.connect(self.submit)
        self.upload_label = QLabel(self)
        self.upload_label.setProperty("role", "muted")
        self.upload_progress = QProgressBar(self)
        self.upload_progress.setRange(0, 0)
        self.upload_progress.setMaximumHeight(6)
        self.upload_progress.setTextVisible(False)
        self.set_uploading(None)
        row = QHBoxLayout()
        row.setSpacing(8)
        row.addWidget(self.attach_button, 0, Qt.AlignmentFlag.AlignBottom)
        row.addWidget(self.edit, 1)
        row.addWidget(self.send_button, 0, Qt.AlignmentFlag.AlignBottom)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 10)
        layout.setSpacing(4)
        layout.addWidget(self.upload_label)
        layout.addWidget(self.upload_progress)
        layout.addLayout(row)
        self.retranslate()

    def _fit_edit_height(self) -> None:
        """Three lines tall, whatever the font or scaling (longer text scrolls)."""
        lines = self.edit.fontMetrics().lineSpacing() * 3
        margins = self.edit.contentsMargins()
        self.edit.setFixedHeight(lines + margins.top() + margins.bottom()
                                 + 2 * int(self.edit.document().documentMargin()))

    def retranslate(self) -> None:
        self.edit.setPlaceholderText(self.tr("Write a message — Enter sends, Shift+Enter "
                                             "adds a line"))
        self.edit.setAccessibleName(self.tr("Message"))
        self.attach_button.setText(self.tr("&Attach…"))
        self.attach_button.setAccessibleName(self.tr("Attach files"))
        self.send_button.setText(self.tr("&Send"))
        self.send_button.setAccessibleName(self.tr("Send message"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        elif event.type() == QEvent.Type.FontChange:
            self._fit_edit_height()
        super().changeEvent(event)

    def submit(self) -> None:
        text = self.edit.toPlainText().strip()
        if text:
            self.send_text.emit(text)

    def clear_sent(self, text: str) -> None:
        """Empty the box once ``text`` was stored (unless the officer typed on meanwhile)."""
        if self.edit.toPlainText().strip() == text:
            self.edit.clear()

    def choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, self.tr("Attach files"))
        if paths:
            self.send_files.emit([Path(p) for p in paths])

    def set_uploading(self, name: str | None) -> None:
        """Show the running upload (encrypting and posting happen as one service call,
        so progress is shown as busy, not as a percentage)."""
        self.upload_label.setVisible(name is not None)
        self.upload_progress.setVisible(name is not None)
        if name is not None:
            self.upload_label.setText(self.tr("Encrypting and uploading {name}…").format(
                name=name))
