"""Chinese renders: the interface font lists an installed Simplified Chinese face."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics, QImage, QPainter
from PySide6.QtWidgets import QApplication

from ui.fonts import cjk_family, interface_families


def render(text: str, font: QFont) -> QImage:
    metrics = QFontMetrics(font)
    image = QImage(metrics.horizontalAdvance(text) + 8, metrics.height() + 8,
                   QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    painter.setFont(font)
    painter.setPen(Qt.GlobalColor.black)
    painter.drawText(4, 4 + metrics.ascent(), text)
    painter.end()
    return image


def test_a_simplified_chinese_face_is_installed_and_used(themed_app: QApplication) -> None:
    family = cjk_family()
    assert family is not None, "install fonts-noto-cjk (scripts/bootstrap.sh does)"
    assert QFontDatabase.WritingSystem.SimplifiedChinese in QFontDatabase.writingSystems(family)
    assert family in interface_families()
    assert family in themed_app.font().families()


def test_the_chinese_face_has_the_glyphs_officers_type(themed_app: QApplication) -> None:
    family = cjk_family()
    assert family is not None
    metrics = QFontMetrics(QFont(family))
    assert all(metrics.inFontUcs4(ord(ch)) for ch in "查获走私集装箱海关")


def test_chinese_text_draws_real_glyphs_not_missing_glyph_boxes(
        themed_app: QApplication) -> None:
    font = themed_app.font()
    seized, smuggling = render("查获", font), render("走私", font)
    tofu = render("\U000e01f0\U000e01f0", font)  # unassigned: drawn as missing-glyph boxes
    assert seized != smuggling
    assert seized != tofu
