"""What every wizard page shares: a heading with an icon, and re-reading its strings
when the language changes.

The wizard runs in ``ClassicStyle`` with no Qt title area: each page draws its
own heading, so headings look the same as the rest of the app's and scale
with its fonts.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QVBoxLayout, QWidget, QWizardPage

from ui.icons import render_icon
from ui.theme import current_colours
from ui.widgets.retranslatable import Retranslatable

_ICON_EDGE = 36


class TranslatedPage(Retranslatable, QWizardPage):
    """Subclasses put their widgets into :attr:`body` and set every visible string in
    :meth:`retranslate` (called at the end of their ``__init__`` and on each
    ``LanguageChange``), starting with :meth:`set_heading`."""

    def __init__(self, icon_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._icon_name = icon_name
        self._icon = QLabel(self)
        self._icon.setFixedSize(QSize(_ICON_EDGE, _ICON_EDGE))
        self.heading = QLabel(self)
        self.heading.setProperty("role", "heading")
        self.heading.setWordWrap(True)
        self.subheading = QLabel(self)
        self.subheading.setProperty("role", "muted")
        self.subheading.setWordWrap(True)
        titles = QVBoxLayout()
        titles.setSpacing(2)
        titles.addWidget(self.heading)
        titles.addWidget(self.subheading)
        header = QHBoxLayout()
        header.setSpacing(14)
        header.addWidget(self._icon, 0, Qt.AlignmentFlag.AlignTop)
        header.addLayout(titles, 1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 8, 8, 0)
        outer.setSpacing(20)
        outer.addLayout(header)
        self.body = QVBoxLayout()
        self.body.setSpacing(14)
        outer.addLayout(self.body, 1)
        self._tint()

    def set_heading(self, title: str, subtitle: str) -> None:
        self.heading.setText(title)
        self.subheading.setText(subtitle)
        self.setAccessibleName(title)
        self.setAccessibleDescription(subtitle)

    def _tint(self) -> None:
        colour = current_colours(QApplication.instance())["accent"]  # type: ignore[arg-type]
        self._icon.setPixmap(render_icon(self._icon_name, colour,
                                         QSize(_ICON_EDGE, _ICON_EDGE), self.devicePixelRatioF()))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self._tint()
        super().changeEvent(event)
