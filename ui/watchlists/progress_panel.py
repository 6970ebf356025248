"""A progress bar with Cancel, for the wizards' long steps (check, import, match, post).

The work itself runs on the service thread (:class:`ServiceOp`); Cancel asks it to
stop where it can (the match checks between columns) and otherwise makes the
wizard drop the result when it arrives — nothing is stored by a cancelled step,
since storing is always the last thing a step does and is its own step.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from ui.widgets.retranslatable import Retranslatable


class CancelledError(Exception):
    """Raised in the service thread by a progress callback once Cancel was pressed."""


class ProgressPanel(Retranslatable, QWidget):
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(self)
        self.label.setObjectName("progressLabel")
        self.bar = QProgressBar(self)
        self.bar.setObjectName("progressBar")
        self.cancel_button = QPushButton(self)
        self.cancel_button.setObjectName("progressCancel")
        row = QHBoxLayout()
        row.addWidget(self.bar, 1)
        row.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addLayout(row)
        self.cancel_button.clicked.connect(self.cancel)
        self.stop = threading.Event()
        self.hide()
        self.retranslate()

    def begin(self, text: str, steps: int = 0) -> threading.Event:
        """Show ``text`` with a bar (busy when ``steps`` is 0); a fresh stop flag."""
        self.stop = threading.Event()
        self.label.setText(text)
        self.bar.setRange(0, steps)
        self.bar.setValue(0)
        self.cancel_button.setEnabled(True)
        self.show()
        self.cancel_button.setFocus()
        return self.stop

    def step(self, done: int, steps: int) -> None:
        self.bar.setRange(0, steps)
        self.bar.setValue(done)

    def end(self) -> None:
        self.hide()

    @property
    def running(self) -> bool:
        return self.isVisible()

    def cancel(self) -> None:
        self.stop.set()
        self.hide()
        self.cancelled.emit()

    def retranslate(self) -> None:
        self.cancel_button.setText(self.tr("Cancel"))
        self.cancel_button.setAccessibleName(self.tr("Cancel"))
        self.bar.setAccessibleName(self.tr("Progress"))
