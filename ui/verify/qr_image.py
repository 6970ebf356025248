"""A QR code as a QImage, for the verify dialog.

Encoding is segno's (ISO/IEC 18004, error correction level M); this module only
paints the module matrix, with the four-module quiet zone the standard requires,
so a phone camera reads it off the screen.
"""

from __future__ import annotations

import segno
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPainter

QUIET_ZONE_MODULES = 4


def qr_image(text: str, module_px: int = 6) -> QImage:
    """``text`` as a black-on-white QR code, ``module_px`` pixels per module."""
    code = segno.make(text, error="m", micro=False)
    matrix = code.matrix
    modules = len(matrix) + 2 * QUIET_ZONE_MODULES
    image = QImage(modules * module_px, modules * module_px, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    black = QColor(Qt.GlobalColor.black)
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                painter.fillRect((x + QUIET_ZONE_MODULES) * module_px,
                                 (y + QUIET_ZONE_MODULES) * module_px,
                                 module_px, module_px, black)
    painter.end()
    return image
