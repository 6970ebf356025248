"""The interface font: one Latin face with a Simplified Chinese fallback.

Officers write mixed Chinese and Latin text (names, container numbers, HS
codes). Listing a CJK family as an explicit fallback makes Chinese render in
one consistent face on every platform instead of whatever the system's font
matching picks per character. On Debian the CJK face is Noto Sans CJK SC
(package ``fonts-noto-cjk``, installed by ``scripts/bootstrap.sh``).
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

#: Preferred Latin faces, best first; the platform default is used when none exists.
LATIN_FAMILIES = ("Inter", "Segoe UI", "SF Pro Text", "Noto Sans", "Cantarell", "DejaVu Sans")
#: Faces covering Simplified Chinese, best first (Linux, Windows, macOS).
CJK_FAMILIES = ("Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC")

BASE_POINT_SIZE = 10.0


def cjk_family() -> str | None:
    """The first installed face that covers Simplified Chinese, if any."""
    installed = set(QFontDatabase.families())
    for family in CJK_FAMILIES:
        if family in installed and (
            QFontDatabase.WritingSystem.SimplifiedChinese in QFontDatabase.writingSystems(family)
        ):
            return family
    return None


def interface_families() -> list[str]:
    installed = set(QFontDatabase.families())
    families = [family for family in LATIN_FAMILIES if family in installed][:1]
    chinese = cjk_family()
    if chinese is not None:
        families.append(chinese)
    return families


def apply_interface_font(app: QApplication) -> QFont:
    font = QFont(app.font())
    families = interface_families()
    if families:
        font.setFamilies(families)
    font.setPointSizeF(BASE_POINT_SIZE)
    font.setHintingPreference(QFont.HintingPreference.PreferVerticalHinting)
    app.setFont(font)
    return font
