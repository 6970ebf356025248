"""A dialog that sizes itself to its word-wrapped text and retranslates itself."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QDialog, QLabel, QLayout


class TextFittingDialog(QDialog):
    """Subclasses set ``_layout`` (their top-level layout) and define ``retranslate``."""

    _layout: QLayout

    def retranslate(self) -> None:
        raise NotImplementedError

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

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
