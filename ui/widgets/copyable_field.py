"""A labelled, selectable value with a copy button: device ids and fingerprints.

Officers compare fingerprints over the phone or paste them into a report;
the value must be selectable with mouse and keyboard and copyable in one
action, and a screen reader must read both the label and the value.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QGridLayout, QLabel, QToolButton, QWidget

from ui.icons import themed_icon

_COPIED_FEEDBACK_MS = 1500


class CopyableField(QWidget):
    copied = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, monospace: bool = False) -> None:
        super().__init__(parent)
        self._caption = QLabel(self)
        self._caption.setProperty("role", "field-caption")
        self._value = QLabel(self)
        self._value.setProperty("role", "field-value-mono" if monospace else "field-value")
        self._value.setWordWrap(True)
        self._value.setTextFormat(Qt.TextFormat.PlainText)
        self._value.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self._value.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._copy = QToolButton(self)
        self._copy.setProperty("role", "copy")
        self._copy.setIconSize(QSize(16, 16))
        self._copy.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._copy.clicked.connect(self.copy_to_clipboard)
        self._copy_label = ""
        self._copied_label = ""
        self._raw = ""
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setHorizontalSpacing(6)
        layout.setVerticalSpacing(2)
        layout.addWidget(self._caption, 0, 0)
        layout.addWidget(self._copy, 0, 1, 2, 1, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self._value, 1, 0)
        layout.setColumnStretch(0, 1)

    def set_caption(self, caption: str, copy_label: str, copied_label: str) -> None:
        """Caption and the copy button's tooltip texts (already translated)."""
        self._caption.setText(caption)
        self._copy_label = copy_label
        self._copied_label = copied_label
        self._copy.setToolTip(copy_label)
        self._copy.setAccessibleName(f"{copy_label}: {caption}")
        self._value.setAccessibleName(caption)

    def set_value(self, value: str, display: str | None = None) -> None:
        """``value`` is what gets copied; ``display`` how it is shown (e.g. grouped)."""
        self._raw = value
        self._value.setText(display if display is not None else value)
        self._value.setAccessibleDescription(value)

    def set_icon_colour(self, colour: str) -> None:
        self._copy.setIcon(themed_icon("copy", colour))

    def copy_to_clipboard(self) -> None:
        QGuiApplication.clipboard().setText(self._raw)
        self._copy.setToolTip(self._copied_label)
        QTimer.singleShot(_COPIED_FEEDBACK_MS, self,
                          lambda: self._copy.setToolTip(self._copy_label))
        self.copied.emit(self._raw)

    @property
    def value(self) -> str:
        return self._raw

    @property
    def copy_button(self) -> QToolButton:
        return self._copy

    @property
    def value_label(self) -> QLabel:
        return self._value
