"""A message shown in place, under the field it concerns, instead of a popup.

Errors stay on screen beside the input that caused them, the input keeps its
content, and the officer fixes it and tries again. Screen readers are told
through the accessible description as well as the visible text.
"""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget


class Tone(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class InlineMessage(QLabel):
    """Hidden while empty; shows one message with a tone the stylesheet colours."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setProperty("role", "inline-message")
        self.hide()

    def show_message(self, text: str, tone: Tone = Tone.ERROR) -> None:
        self.setProperty("tone", str(tone))
        self.style().unpolish(self)
        self.style().polish(self)
        self.setText(text)
        self.setAccessibleName(text)
        self.show()

    def clear_message(self) -> None:
        self.setText("")
        self.setAccessibleName("")
        self.hide()

    @property
    def tone(self) -> Tone | None:
        value = self.property("tone")
        return Tone(value) if not self.isHidden() and value else None
