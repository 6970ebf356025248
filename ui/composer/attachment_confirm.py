"""Confirm before an attachment goes out: its name, size, a preview for an image and an
optional caption (Signal's and Element's way). Whatever brought the file — the Attach
dialog, a drop, a paste — ends here; Cancel sends nothing.

The wire format has no caption on an attachment (``AttachmentBody``), so a caption is
sent as a text message replying to the attachment, in the same round
(``SendingService.send_attachment(caption=...)``). With several files at once, the
caption follows the last one.
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.composer.thumbnails import Preview, request_preview
from ui.theme import current_colours
from ui.timeline.timeline_text import size_text
from ui.widgets.buttons import mark_primary
from ui.widgets.retranslatable import Retranslatable

#: The preview's box, in device-independent pixels.
THUMBNAIL_BOX = QSize(320, 220)


@dataclass
class PendingAttachment:
    """A file the officer offered: on disk (``path``) or pasted, as the PNG ``data`` the
    clipboard held or as a decoded ``image`` (sent as the PNG ``data`` made from it off
    the GUI thread). A pasted image's plaintext never goes to disk."""

    name: str
    path: Path | None = None
    image: QImage | None = field(default=None, repr=False)
    data: bytes | None = field(default=None, repr=False)

    @classmethod
    def of_file(cls, path: Path) -> PendingAttachment:
        return cls(path.name, path=path)

    @property
    def ready(self) -> bool:
        """False for a pasted image until its PNG is made."""
        return self.path is not None or self.data is not None

    @property
    def size(self) -> int | None:
        if self.data is not None:
            return len(self.data)
        if self.path is not None:
            try:
                return self.path.stat().st_size
            except OSError:
                return None
        return None

    @property
    def is_image(self) -> bool:
        if self.image is not None:
            return True
        media_type = mimetypes.guess_type(self.name)[0] or ""
        return media_type.startswith("image/")


@dataclass(frozen=True)
class ConfirmedAttachments:
    """What the officer confirmed: the files, in order, and the caption ("" for none)."""

    items: list[PendingAttachment]
    caption: str


class AttachmentConfirmDialog(Retranslatable, QDialog):
    #: Send was pressed: a :class:`ConfirmedAttachments`.
    confirmed = Signal(object)
    #: The preview arrived from the thumbnail thread (shown, or none to show).
    preview_ready = Signal()

    def __init__(self, items: list[PendingAttachment], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attachmentConfirm")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.items = items
        self.heading = QLabel(self)
        self.heading.setProperty("role", "pane-heading")
        self.file_labels: list[QLabel] = []
        for _ in items:
            label = QLabel(self)
            # Plain text: a name's underscores, ampersands and angle brackets stay as typed.
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.file_labels.append(label)
        #: The image previewed: the first image among the files, if any.
        self._previewed = next((item for item in items if item.is_image), None)
        self.thumbnail = QLabel(self)
        self.thumbnail.setObjectName("attachmentThumbnail")
        self.thumbnail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.thumbnail.setMinimumSize(THUMBNAIL_BOX.width() // 2, THUMBNAIL_BOX.height() // 2)
        self.thumbnail.setVisible(self._previewed is not None)
        self._preview_shown = False
        #: A pasted image that could not be encoded (it cannot be sent).
        self._unreadable: PendingAttachment | None = None
        self.caption_label = QLabel(self)
        self.caption = QLineEdit(self)
        self.caption.setObjectName("captionEdit")
        self.caption.setClearButtonEnabled(True)
        self.caption_label.setBuddy(self.caption)
        self.send_button = QPushButton(self)
        self.send_button.setObjectName("sendAttachmentButton")
        mark_primary(self.send_button)
        self.send_button.setDefault(True)
        self.send_button.clicked.connect(self._send)
        self.cancel_button = QPushButton(self)
        self.cancel_button.setObjectName("cancelAttachmentButton")
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.send_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(10)
        layout.addWidget(self.heading)
        layout.addWidget(self.thumbnail, 0, Qt.AlignmentFlag.AlignHCenter)
        for label in self.file_labels:
            layout.addWidget(label)
        layout.addSpacing(4)
        layout.addWidget(self.caption_label)
        layout.addWidget(self.caption)
        layout.addLayout(buttons)
        self.setMinimumWidth(420)
        self.setTabOrder(self.caption, self.send_button)
        self.setTabOrder(self.send_button, self.cancel_button)
        self.caption.setFocus()
        self._tint()
        self.retranslate()
        self._update_send()
        if self._previewed is not None:
            ratio = self.devicePixelRatioF()
            box = QSize(round(THUMBNAIL_BOX.width() * ratio),
                        round(THUMBNAIL_BOX.height() * ratio))
            previewed = self._previewed
            source: Path | QImage | bytes | None = (
                previewed.image if previewed.image is not None
                else previewed.data if previewed.data is not None else previewed.path)
            assert source is not None
            request_preview(self, source, box, self._show_preview)

    @property
    def has_preview(self) -> bool:
        """An image preview is shown (not merely waited for)."""
        return self._preview_shown

    def retranslate(self) -> None:
        count = len(self.items)
        title = (self.tr("Send attachment") if count == 1
                 else self.tr("Send {count} attachments").format(count=count))
        self.setWindowTitle(title)
        self.heading.setText(title)
        for item, label in zip(self.items, self.file_labels, strict=True):
            size = item.size
            text = (self.tr("{name} — this image could not be read").format(name=item.name)
                    if item is self._unreadable
                    else self.tr("{name} — preparing…").format(name=item.name) if size is None
                    else self.tr("{name} — {size}").format(name=item.name,
                                                           size=size_text(size)))
            label.setText(text)
            label.setAccessibleName(text)
        if self._previewed is not None and not self._preview_shown \
                and self.thumbnail.pixmap().isNull():
            self.thumbnail.setText(self.tr("Loading preview…"))
        self.thumbnail.setAccessibleName(self.tr("Preview of {name}").format(
            name="" if self._previewed is None else self._previewed.name))
        self.caption_label.setText(self.tr("&Caption (optional)"))
        self.caption.setPlaceholderText(self.tr("Sent with the attachment, as a reply to it"))
        self.caption.setAccessibleName(self.tr("Caption"))
        self.send_button.setText(self.tr("&Send"))
        self.send_button.setAccessibleName(self.tr("Send attachment"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.cancel_button.setAccessibleName(self.tr("Cancel, send nothing"))

    def _tint(self) -> None:
        colours = current_colours(QApplication.instance())  # type: ignore[arg-type]
        self.thumbnail.setStyleSheet(
            f"background: {colours['panel']}; color: {colours['muted_text']};"
            f" border: 1px solid {colours['border']}; border-radius: 4px; padding: 4px;")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self._tint()
        super().changeEvent(event)

    def _show_preview(self, preview: Preview) -> None:
        """GUI thread: the preview made on the thumbnail thread (and a pasted image's PNG)."""
        previewed = self._previewed
        if previewed is not None and previewed.image is not None and preview.png is not None:
            previewed.data = preview.png
            previewed.image = None  # the PNG is what is sent: no second copy kept
        elif previewed is not None and not previewed.ready:
            self._unreadable = previewed
        if preview.image is not None:
            pixmap = QPixmap.fromImage(preview.image)
            pixmap.setDevicePixelRatio(self.devicePixelRatioF())
            self.thumbnail.setPixmap(pixmap)
            self._preview_shown = True
        else:
            self.thumbnail.setVisible(False)  # not an image Qt can read: no preview
        self.retranslate()
        self._update_send()
        self.adjustSize()
        self.preview_ready.emit()

    def _update_send(self) -> None:
        self.send_button.setEnabled(all(item.ready for item in self.items))

    def _send(self) -> None:
        if not all(item.ready for item in self.items):
            return
        self.confirmed.emit(ConfirmedAttachments(list(self.items), self.caption.text().strip()))
        self.accept()
