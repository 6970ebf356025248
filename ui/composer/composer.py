"""The composer under the timeline.

Enter sends and Shift+Enter starts a new line (Signal/Element behaviour);
pasted rich text arrives as plain text (no hidden markup travels), pasted or
dropped files become attachments, shown above the box with their stage
(encrypting, uploading) and percentage while they are sent. The composer
itself never sends: it emits what the officer asked for and the main window
runs it through the service thread, so the text stays in the box until the
send was stored.

A file chosen with Attach…, dropped or pasted (a file's URL, or an image from
the clipboard) is first shown in the confirm dialog
(:mod:`ui.composer.attachment_confirm`: name, size, preview, caption); only
its Send emits :attr:`Composer.send_attachments`.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QEvent, QMimeData, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QKeyEvent, QPixmap
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

from liaison_client.progress import AttachmentProgress, AttachmentStage
from ui.composer.attachment_confirm import AttachmentConfirmDialog, PendingAttachment
from ui.widgets.buttons import mark_primary
from ui.widgets.remembered_folders import RememberedFolders
from ui.widgets.retranslatable import Retranslatable

_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)

#: How long "Upload cancelled" stays in the progress row.
CANCELLED_NOTE_MS = 8_000


class MessageEdit(QPlainTextEdit):
    submitted = Signal()
    files_pasted = Signal(list)
    #: An image pasted from the clipboard (a screenshot): PNG bytes or a :class:`QImage`.
    image_pasted = Signal(object)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in _ENTER_KEYS and not (
                event.modifiers() & Qt.KeyboardModifier.ShiftModifier):
            self.submitted.emit()
            return
        super().keyPressEvent(event)

    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        return (source.hasUrls() or source.hasImage()
                or super().canInsertFromMimeData(source))

    def insertFromMimeData(self, source: QMimeData) -> None:
        files = dropped_files(source)
        if files:
            self.files_pasted.emit(files)
            return
        image = pasted_image(source)
        if image is not None:
            self.image_pasted.emit(image)
            return
        if source.hasText():
            self.insertPlainText(source.text())


class Composer(Retranslatable, QFrame):
    #: Text the officer sent (already stripped of surrounding blank lines).
    send_text = Signal(str)
    #: Attachments the officer confirmed (a :class:`ConfirmedAttachments`), one message
    #: each, then the caption.
    send_attachments = Signal(object)
    #: The Cancel button beside the attachment being sent.
    cancel_upload = Signal()
    #: "Report…": the officer wants the report form (warning, feedback, seizure).
    report_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("composer")
        self.setProperty("role", "composer")
        #: Where Attach opens (Documents, then the folder last attached from).
        self.folders = RememberedFolders()
        #: The last dialog, kept until the next replaces it: released then (not
        #: deleted from inside its own signal).
        self.file_dialog_kept: QFileDialog | None = None
        #: The open Attach dialog, if any (window-modal, not blocking the event loop).
        self.file_dialog: QFileDialog | None = None
        #: The open confirm dialog, if any, and the last one (released as the file dialog).
        self.confirm_dialog: AttachmentConfirmDialog | None = None
        self.confirm_dialog_kept: AttachmentConfirmDialog | None = None
        self.edit = MessageEdit(self)
        self.edit.setObjectName("composerEdit")
        self.edit.setTabChangesFocus(True)
        self._fit_edit_height()
        self.edit.submitted.connect(self.submit)
        self.edit.files_pasted.connect(self.offer_files)
        self.edit.image_pasted.connect(self.offer_image)
        self.attach_button = QPushButton(self)
        self.attach_button.setObjectName("attachButton")
        self.attach_button.clicked.connect(self.choose_files)
        self.report_button = QPushButton(self)
        self.report_button.setObjectName("reportButton")
        self.report_button.clicked.connect(self.report_requested)
        self.send_button = QPushButton(self)
        self.send_button.setObjectName("sendButton")
        mark_primary(self.send_button)
        self.send_button.clicked.connect(self.submit)
        self.upload_label = QLabel(self)
        self.upload_label.setProperty("role", "muted")
        self.upload_label.setWordWrap(True)
        self.upload_progress = QProgressBar(self)
        self.upload_progress.setRange(0, 100)
        self.upload_progress.setMaximumHeight(6)
        self.upload_progress.setTextVisible(False)
        #: Stops the attachment being sent now at its next chunk (:attr:`cancel_upload`).
        self.cancel_upload_button = QPushButton(self)
        self.cancel_upload_button.setObjectName("cancelUploadButton")
        self.cancel_upload_button.clicked.connect(self._cancel_clicked)
        #: Attachments submitted and not finished yet (each is one service call, in order).
        self._uploads_running = 0
        #: Their names, in that order (the first is the one being sent).
        self._upload_names: list[str] = []
        self._upload_shown: tuple[str, AttachmentProgress | None] | None = None
        #: Asked to cancel the attachment shown; it stops at its next chunk.
        self._cancelling = False
        #: "Upload cancelled", said in the progress row until the next upload or a while.
        self._cancelled_name: str | None = None
        self._cancelled_timer = QTimer(self)
        self._cancelled_timer.setSingleShot(True)
        self._cancelled_timer.setInterval(CANCELLED_NOTE_MS)
        self._cancelled_timer.timeout.connect(self._forget_cancelled)
        self._show_upload()
        row = QHBoxLayout()
        row.setSpacing(8)
        row.addWidget(self.attach_button, 0, Qt.AlignmentFlag.AlignBottom)
        row.addWidget(self.report_button, 0, Qt.AlignmentFlag.AlignBottom)
        row.addWidget(self.edit, 1)
        row.addWidget(self.send_button, 0, Qt.AlignmentFlag.AlignBottom)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 10)
        layout.setSpacing(4)
        upload_row = QHBoxLayout()
        upload_row.setSpacing(8)
        bar_column = QVBoxLayout()
        bar_column.setSpacing(4)
        bar_column.addWidget(self.upload_label)
        bar_column.addWidget(self.upload_progress)
        upload_row.addLayout(bar_column, 1)
        upload_row.addWidget(self.cancel_upload_button, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addLayout(upload_row)
        layout.addLayout(row)
        # Tab follows the layout, left to right: Attach, Report, the message, Send.
        self.setTabOrder(self.attach_button, self.report_button)
        self.setTabOrder(self.report_button, self.edit)
        self.setTabOrder(self.edit, self.send_button)
        # The upload's Cancel (shown only while one is sent) right after Send.
        self.setTabOrder(self.send_button, self.cancel_upload_button)
        self.retranslate()

    def _fit_edit_height(self) -> None:
        """Three lines tall, whatever the font or scaling (longer text scrolls)."""
        lines = self.edit.fontMetrics().lineSpacing() * 3
        margins = self.edit.contentsMargins()
        self.edit.setFixedHeight(lines + margins.top() + margins.bottom()
                                 + 2 * int(self.edit.document().documentMargin()))

    def retranslate(self) -> None:
        self._show_upload()
        self.edit.setPlaceholderText(self.tr("Write a message — Enter sends, Shift+Enter "
                                             "adds a line"))
        self.edit.setAccessibleName(self.tr("Message"))
        self.attach_button.setText(self.tr("&Attach…"))
        self.attach_button.setAccessibleName(self.tr("Attach files"))
        self.report_button.setText(self.tr("Re&port…"))
        self.report_button.setAccessibleName(self.tr("New report"))
        self.report_button.setToolTip(self.tr("Warning, feedback or seizure report "
                                               "(Ctrl+Shift+R)"))
        self.send_button.setText(self.tr("&Send"))
        self.send_button.setAccessibleName(self.tr("Send message"))
        self.cancel_upload_button.setText(self.tr("Cancel"))
        self.cancel_upload_button.setAccessibleName(self.tr("Cancel this upload"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
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
        """The Attach dialog, opened in Documents or the folder last attached from
        (not the program's working directory)."""
        dialog = QFileDialog(self, self.tr("Attach files"), str(self.folders.attach_folder()))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        dialog.filesSelected.connect(self._files_chosen)
        dialog.finished.connect(self._file_dialog_closed)
        _release(self.file_dialog_kept)
        self.file_dialog = self.file_dialog_kept = dialog
        dialog.open()

    def _files_chosen(self, paths: list[str]) -> None:
        if paths:
            chosen = [Path(p) for p in paths]
            self.folders.attached_from(chosen[0])
            self.offer_files(chosen)

    def _file_dialog_closed(self, _result: int) -> None:
        self.file_dialog = None

    # -- confirm before sending -----------------------------------------------------

    def offer_files(self, paths: list[Path]) -> None:
        """Files chosen, dropped or pasted: ask before sending them (only files; a folder
        or a vanished path is left out)."""
        files = [path for path in paths if path.is_file()]
        if files:
            self.offer([PendingAttachment.of_file(path) for path in files])

    def offer_image(self, image: QImage | bytes) -> None:
        """An image pasted or dropped (its PNG bytes, or decoded): sent as a PNG from
        memory (the plaintext never goes to disk), named after the moment it came."""
        name = f"image_{datetime.now():%Y-%m-%d_%H%M%S}.png"
        if isinstance(image, bytes):
            self.offer([PendingAttachment(name, data=image)])
        elif not image.isNull():
            self.offer([PendingAttachment(name, image=image)])

    def offer(self, items: list[PendingAttachment]) -> None:
        """Open the confirm dialog for ``items`` (window-modal, not blocking)."""
        if self.confirm_dialog is not None:
            self.confirm_dialog.reject()
        dialog = AttachmentConfirmDialog(items, self)
        dialog.confirmed.connect(self.send_attachments)
        dialog.finished.connect(self._confirm_closed)
        if self.confirm_dialog_kept is not None and self.confirm_dialog_kept.isHidden():
            self.confirm_dialog_kept.setParent(None)
        self.confirm_dialog = self.confirm_dialog_kept = dialog
        dialog.open()

    def _confirm_closed(self, _result: int) -> None:
        self.confirm_dialog = None
        self.edit.setFocus()

    # -- attachments being sent ---------------------------------------------------

    def begin_upload(self, name: str) -> None:
        """An attachment was submitted: show it as waiting until its first report."""
        self._uploads_running += 1
        self._upload_names.append(name)
        self._forget_cancelled()
        if self._upload_shown is None:
            self._upload_shown = (name, None)
        self._show_upload()

    def show_upload_progress(self, name: str, progress: AttachmentProgress) -> None:
        """A report from the service thread (delivered on the GUI thread): the stage and
        percentage of the attachment being encrypted or uploaded now."""
        self._upload_shown = (name, progress)
        self._show_upload()

    def end_upload(self, *, cancelled: bool = False) -> None:
        """An attachment finished (sent, queued, failed or ``cancelled``); hide once none
        is left (after saying "Upload cancelled" a while, for a cancelled one)."""
        self._uploads_running = max(0, self._uploads_running - 1)
        name = self._upload_names.pop(0) if self._upload_names else None
        self._cancelling = False
        if self._uploads_running == 0 or not self._upload_names:
            self._upload_shown = None
        else:
            self._upload_shown = (self._upload_names[0], None)  # until its first report
        if cancelled:
            self._cancelled_name = name
            self._cancelled_timer.start()
        self._show_upload()

    def _cancel_clicked(self) -> None:
        if self._upload_shown is not None and not self._cancelling:
            self._cancelling = True
            self._show_upload()
            self.cancel_upload.emit()

    def _forget_cancelled(self) -> None:
        self._cancelled_timer.stop()
        if self._cancelled_name is not None:
            self._cancelled_name = None
            self._show_upload()

    @property
    def upload_text(self) -> str:
        """What the progress row says (empty when it is hidden)."""
        return self.upload_label.text() if self.upload_label.isVisibleTo(self) else ""

    @property
    def upload_percent(self) -> int | None:
        """The percentage shown, None while nothing is (or waiting for its first report)."""
        if self._upload_shown is None or self._upload_shown[1] is None:
            return None
        return self.upload_progress.value()

    def _show_upload(self) -> None:
        shown = self._upload_shown
        note = shown is None and self._cancelled_name is not None
        self.upload_label.setVisible(shown is not None or note)
        self.upload_progress.setVisible(shown is not None)
        self.cancel_upload_button.setVisible(shown is not None)
        self.cancel_upload_button.setEnabled(not self._cancelling)
        if shown is None:
            if note:
                text = self.tr("Upload cancelled: {name} was not sent.").format(
                    name=self._cancelled_name)
                self.upload_label.setText(text)
                self.upload_label.setAccessibleName(text)
            return
        name, progress = shown
        if self._cancelling:
            self.upload_progress.setRange(0, 0)
            text = self.tr("Cancelling {name}…").format(name=name)
        elif progress is None:
            self.upload_progress.setRange(0, 0)  # waiting for the service thread
            text = self.tr("Waiting to encrypt {name}…").format(name=name)
        else:
            percent = int(progress.fraction * 100)
            self.upload_progress.setRange(0, 100)
            self.upload_progress.setValue(percent)
            text = (self.tr("Encrypting {name}… {percent} %")
                    if progress.stage == AttachmentStage.ENCRYPTING
                    else self.tr("Uploading {name}… {percent} %")).format(
                        name=name, percent=percent)
        self.upload_label.setText(text)
        self.upload_progress.setAccessibleName(text)


def dropped_files(source: QMimeData) -> list[Path]:
    """The local files among dropped or pasted URLs (a web link is not a file)."""
    return [Path(url.toLocalFile()) for url in source.urls() if url.isLocalFile()]


def has_image(source: QMimeData) -> bool:
    """Only an image (text copied from a document with a picture of itself is text)."""
    return source.hasImage() and not source.hasText()


def pasted_image(source: QMimeData) -> QImage | bytes | None:
    """The image in pasted or dropped data: its PNG bytes as the clipboard holds them
    (nothing decoded on the GUI thread), else the image Qt decodes; None if it is not
    only an image."""
    if not has_image(source):
        return None
    if source.hasFormat("image/png"):
        png = bytes(source.data("image/png").data())
        if png:
            return png
    data = source.imageData()
    if isinstance(data, QPixmap):
        data = data.toImage()
    return data if isinstance(data, QImage) and not data.isNull() else None


def _release(dialog: QFileDialog | None) -> None:
    """Hand a finished file dialog back to Python, which frees it with the last reference."""
    if dialog is not None and dialog.isHidden():
        dialog.setParent(None)
