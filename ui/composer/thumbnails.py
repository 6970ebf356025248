"""Image previews for the attachment confirm dialog, made off the GUI thread.

A photo from a phone or a scanner is easily 4000 × 3000 pixels, tens of MiB once
decoded: decoding it on the GUI thread would freeze the window. So a preview is
made on a thread of its own (:func:`thumbnail_pool`, one thread, *not* the service
thread: a preview must not wait behind an upload in progress), through
:class:`~ui.operations.ServiceOp` like every other background call, with
:class:`QImageReader` asked for the small size straight away (``setScaledSize``:
JPEG decoders then decode at a fraction of the size). Only a :class:`QImage`
crosses back (reentrant, unlike a pixmap); the GUI thread makes the pixmap.

A pasted image arrives as the PNG bytes the clipboard holds (decoded for the
preview there, sent as they are); only when the clipboard offers no PNG does
Qt hand over a decoded image, which is then scaled down and encoded as the
PNG to send on that thread, so the officer sees its size before sending it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QIODevice,
    QObject,
    QSize,
    Qt,
    QThreadPool,
)
from PySide6.QtGui import QImage, QImageReader, QImageWriter

from ui.operations import ServiceOp

_pool: QThreadPool | None = None


def thumbnail_pool() -> QThreadPool:
    """The one thread previews are made on."""
    global _pool
    if _pool is None:
        _pool = QThreadPool(QCoreApplication.instance())
        _pool.setObjectName("liaison-thumbnail-thread")
        _pool.setMaxThreadCount(1)
    return _pool


@dataclass(frozen=True)
class Preview:
    """What the thumbnail thread made: the small image (None: not an image it can
    read) and, for a pasted image, the PNG bytes to send."""

    image: QImage | None
    png: bytes | None = None


def read_thumbnail(path: Path, box: QSize) -> QImage | None:
    """Decode ``path`` at most ``box`` large (never larger than it is), or None."""
    return _read_scaled(QImageReader(str(path)), box)


def decode_thumbnail(data: bytes, box: QSize) -> QImage | None:
    """:func:`read_thumbnail` for an encoded image held in memory (a pasted PNG)."""
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    return _read_scaled(QImageReader(buffer), box)


def _read_scaled(reader: QImageReader, box: QSize) -> QImage | None:
    reader.setAutoTransform(True)  # a phone photo the right way up
    if not reader.canRead():
        return None
    size = reader.size()
    if size.isValid() and (size.width() > box.width() or size.height() > box.height()):
        reader.setScaledSize(size.scaled(box, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    return None if image.isNull() else image


def shrink_and_encode(image: QImage, box: QSize) -> Preview:
    """A pasted image: its thumbnail and its PNG encoding (both slow for a large one)."""
    encoded = QByteArray()
    buffer = QBuffer(encoded)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    QImageWriter(buffer, QByteArray(b"png")).write(image)
    buffer.close()
    small = image if image.width() <= box.width() and image.height() <= box.height() \
        else image.scaled(box, Qt.AspectRatioMode.KeepAspectRatio,
                          Qt.TransformationMode.SmoothTransformation)
    return Preview(small, bytes(encoded.data()))


def request_preview(requester: QObject, source: Path | QImage | bytes, box: QSize,
                    callback: Callable[[Preview], None]) -> None:
    """Make ``source``'s preview on the thumbnail thread; ``callback`` gets it on the GUI
    thread, unless ``requester`` was destroyed meanwhile (the one background helper,
    :class:`~ui.operations.ServiceOp`, on the thumbnail pool)."""
    def make() -> Preview:
        try:
            if isinstance(source, Path):
                return Preview(read_thumbnail(source, box))
            if isinstance(source, bytes):
                return Preview(decode_thumbnail(source, box))
            return shrink_and_encode(source, box)
        except Exception:  # an unreadable file is shown without a preview
            return Preview(None)

    ServiceOp(requester, make).success(callback).run_in_background(pool=thumbnail_pool())
