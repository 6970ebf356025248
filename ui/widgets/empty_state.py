"""The centred icon, title and explanation shown where a list has nothing yet.

An empty pane that says *why* it is empty and what will fill it is the
difference between "broken" and "waiting for a coordinator" to an officer.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from ui.icons import render_icon


class EmptyState(QWidget):
    def __init__(self, icon_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._icon_name = icon_name
        self.setProperty("role", "empty-state")
        self._icon = QLabel(self)
        self._icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._title = QLabel(self)
        self._title.setProperty("role", "empty-title")
        self._title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._title.setWordWrap(True)
        self._body = QLabel(self)
        self._body.setProperty("role", "empty-body")
        self._body.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._body.setWordWrap(True)
        self._body.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.setSpacing(8)
        layout.addStretch(2)
        layout.addWidget(self._icon)
        layout.addSpacing(4)
        layout.addWidget(self._title)
        layout.addWidget(self._body)
        layout.addStretch(3)

    def set_text(self, title: str, body: str) -> None:
        self._title.setText(title)
        self._body.setText(body)
        self.setAccessibleName(title)
        self.setAccessibleDescription(body)

    def set_icon_colour(self, colour: str) -> None:
        self._icon.setPixmap(
            render_icon(self._icon_name, colour, QSize(56, 56), self.devicePixelRatioF())
        )

    @property
    def title(self) -> str:
        return self._title.text()

    @property
    def body(self) -> str:
        return self._body.text()
