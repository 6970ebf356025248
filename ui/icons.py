"""Line icons from ``resources/icons/``, tinted to the theme in force.

The SVGs draw with ``currentColor`` so one file serves both themes: the
colour is substituted before rendering (Qt's SVG renderer does not inherit a
colour from the stylesheet).
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QRectF, QSize, Qt
from PySide6.QtGui import QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from ui.resources import ICONS_DIR


def render_icon(name: str, colour: str, size: QSize, device_pixel_ratio: float = 1.0) -> QPixmap:
    """``resources/icons/<name>.svg`` drawn in ``colour`` at ``size`` logical pixels."""
    svg = (ICONS_DIR / f"{name}.svg").read_text(encoding="utf-8").replace("currentColor", colour)
    renderer = QSvgRenderer(QByteArray(svg.encode()))
    if not renderer.isValid():
        raise ValueError(f"icon {name!r} is not a valid SVG")
    pixmap = QPixmap(size * device_pixel_ratio)
    pixmap.setDevicePixelRatio(device_pixel_ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    renderer.render(painter, QRectF(0, 0, size.width(), size.height()))
    painter.end()
    return pixmap


def themed_icon(name: str, colour: str) -> QIcon:
    icon = QIcon()
    for edge in (16, 24, 32, 48, 96):
        for ratio in (1.0, 2.0):
            icon.addPixmap(render_icon(name, colour, QSize(edge, edge), ratio))
    return icon


def application_icon() -> QIcon:
    return QIcon(str(ICONS_DIR / "liaison.svg"))


def logo_pixmap(edge: int, device_pixel_ratio: float = 1.0) -> QPixmap:
    """The application logo (already in brand colours) as a square pixmap."""
    return render_icon("liaison", "", QSize(edge, edge), device_pixel_ratio)
