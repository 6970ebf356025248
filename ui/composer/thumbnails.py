"""Image previews for the attachment confirm dialog, made off the GUI thread.

A photo from a phone or a scanner is easily 4000 × 3000 pixels, tens of MiB once
decoded: decoding it on the GUI thread would freeze the window. So a preview is
made on a thread of its own (:func:`thumbnail_pool`, one thread, *not* the service
thread: a preview must not wait behind an upload in progress), with
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

import shiboken6
from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QIODevice,
    QObject,
    QRunnable,
    QSize,
    Qt,
    QThreadPool,
    Signal,
    Slot,
)
from PySide6.QtGui import QImage, QImageReader, QImageWriter

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


class _Dispatcher(QObject):
    """Long-lived, owned by the application: the thumbnail thread only emits on it."""

    delivered = Signal(int, object)

    def __init__(self, parent: QObject | None) -> None:
        super().__init__(parent)
        self._waiting: dict[int, tuple[QObject, Callable[[Preview], None]]] = {}
        self._next = 0
        self.delivered.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def register(self, requester: QObject, callback: Callable[[Preview], None]) -> int:
        self._next += 1
        self._waiting[self._next] = (requester, callback)
        return self._next

    @Slot(int, object)
    def _deliver(self, job_id: int, preview: object) -> None:
        waiting = self._waiting.pop(job_id, None)
        if waiting is None or not shiboken6.isValid(waiting[0]):
            return  # the dialog that asked is gone
        assert isinstance(preview, Preview)
        waiting[1](preview)


_dispatcher: _Dispatcher | None = None


def _the_dispatcher() -> _Dispatcher:
    global _dispatcher
    if _dispatcher is None:
        _dispatcher = _Dispatcher(QCoreApplication.instance())
    return _dispatcher


class _Job(QRunnable):
    def __init__(self, make: Callable[[], Preview], job_id: int, dispatcher: _Dispatcher) -> None:
        super().__init__()
        self._make = make
        self._job_id = job_id
        self._dispatcher = dispatcher

    def run(self) -> None:
        try:
            preview = self._make()
        except Exception:  # an unreadable file is shown without a preview
            preview = Preview(None)
        self._dispatcher.delivered.emit(self._job_id, preview)


def request_preview(requester: QObject, source: Path | QImage | bytes, box: QSize,
                    callback: Callable[[Preview], None]) -> None:
    """Make ``source``'s preview on the thumbnail thread; ``callback`` gets it on the GUI
    thread, unless ``requester`` was destroyed meanwhile."""
    dispatcher = _the_dispatcher()
    job_id = dispatcher.register(requester, callback)
    if isinstance(source, Path):
        path = source

        def make() -> Preview:
            return Preview(read_thumbnail(path, box))
    elif isinstance(source, bytes):
        data = source

        def make() -> Preview:
            return Preview(decode_thumbnail(data, box))
    else:
        image = source

        def make() -> Preview:
            return shrink_and_encode(image, box)

    thumbnail_pool().start(_Job(make, job_id, dispatcher))
