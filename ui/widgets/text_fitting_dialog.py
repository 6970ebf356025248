"""A dialog that sizes itself to its word-wrapped text and retranslates itself."""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QDialog, QLabel, QLayout

from ui.widgets.retranslatable import Retranslatable


class TextFittingDialog(Retranslatable, QDialog):
    """Subclasses set ``_layout`` (their top-level layout) and define ``retranslate``."""

    _layout: QLayout

    def showEvent(self, event: QShowEvent) -> None:
        """Size to the wrapped text once the stylesheet's fonts are in force: Qt's
        top-level layouts do not ask word-wrapped labels for their height at the
        final width by themselves."""
        self.ensurePolished()
        self._fit_text()
        super().showEvent(event)

    def _fit_text(self) -> None:
        margins = self._layout.contentsMargins()
        width = self.width() - margins.left() - margins.right()
        for label in self.findChildren(QLabel):
            if label.wordWrap():
                label.setMinimumHeight(label.heightForWidth(width) if label.text() else 0)
        self.adjustSize()
