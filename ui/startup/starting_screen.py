"""The start screen: on screen within a second, saying what Liaison is doing.

Why (issue 11, item 13): a first demo start runs for seconds (embedded relay,
two profiles created with Argon2id, keys published) and showed nothing at all
until the main window was ready, so a newcomer could not tell a slow start from
a failed one. The launcher shows this window before the first service call and
moves its step line as the work goes (:class:`~liaison_client.demo_workspace.DemoStep`,
then "Opening your operations"); the main window replaces it. The work itself
runs on the service thread (ServiceOp), so this window repaints and answers.

Quit is the Cancel of a start: the running call cannot be interrupted half-way
(a profile being created is committed atomically or not at all), so Quit ends
the app and the launcher's shutdown waits for that call, then closes what it
opened; nothing is left half-made.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QCloseEvent, QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.icons import render_icon
from ui.theme import current_colours
from ui.widgets.height_for_width import fit_height_to_width
from ui.widgets.retranslatable import Retranslatable

if TYPE_CHECKING:
    # Only for the type checker: importing the demo module (and through it the whole
    # service layer) took ~2 s, which is what this screen exists to cover.
    from liaison_client.demo_workspace import DemoStep

_ICON_EDGE = 48


class StartingScreen(Retranslatable, QWidget):
    """A small top-level window: heading, the current step, a busy bar and Quit."""

    #: The officer pressed Quit (or closed the window) before the start finished.
    quit_requested = Signal()

    #: The steps after the demo's own: the launcher's.
    WORKSPACE = "workspace"

    def __init__(self, *, demo: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("startingScreen")
        self._demo = demo
        self._step: str | None = None
        self._icon = QLabel(self)
        self._icon.setFixedSize(QSize(_ICON_EDGE, _ICON_EDGE))
        colour = current_colours(QApplication.instance())["accent"]  # type: ignore[arg-type]
        self._icon.setPixmap(render_icon("relay", colour, QSize(_ICON_EDGE, _ICON_EDGE),
                                         self.devicePixelRatioF()))
        self.heading = QLabel(self)
        self.heading.setProperty("role", "heading")
        self.heading.setWordWrap(True)
        self.step_label = QLabel(self)
        self.step_label.setWordWrap(True)
        self.step_label.setProperty("role", "muted")
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 0)  # busy: the steps have no measurable length
        self.bar.setTextVisible(False)
        self.quit_button = QPushButton(self)
        self.quit_button.setAutoDefault(False)
        self.quit_button.clicked.connect(self.quit_requested)

        titles = QVBoxLayout()
        titles.setSpacing(4)
        titles.addWidget(self.heading)
        titles.addWidget(self.step_label)
        header = QHBoxLayout()
        header.setSpacing(16)
        header.addWidget(self._icon, 0, Qt.AlignmentFlag.AlignTop)
        header.addLayout(titles, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.quit_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.setSpacing(16)
        layout.addLayout(header)
        layout.addWidget(self.bar)
        layout.addLayout(buttons)
        self.setMinimumWidth(520)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Liaison"))
        self.heading.setText(self.tr("Preparing the demo workspace…") if self._demo
                             else self.tr("Starting Liaison…"))
        self.step_label.setText(self._step_text())
        self.bar.setAccessibleName(self.tr("Starting"))
        self.bar.setAccessibleDescription(self.step_label.text())
        self.quit_button.setText(self.tr("&Quit"))
        self.quit_button.setAccessibleName(self.tr("Quit Liaison"))

    def show_step(self, step: DemoStep | str) -> None:
        """The work moved on: say what it does now (a :class:`DemoStep` or
        :attr:`WORKSPACE`)."""
        self._step = str(getattr(step, "value", step))
        self.step_label.setText(self._step_text())
        self.bar.setAccessibleDescription(self.step_label.text())

    def _step_text(self) -> str:
        step = self._step
        if step == "relay":
            return self.tr("Starting the demo relay on this computer…")
        if step == "your_profile":
            return self.tr("Setting up your demo profile (the first time takes a few "
                           "seconds: its keys are made and protected)…")
        if step == "demo_officer":
            return self.tr("Setting up the demo colleague and the demo operation…")
        if step == self.WORKSPACE:
            return self.tr("Opening your operations…")
        return self.tr("Opening your profile…")

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() == QEvent.Type.LayoutRequest:
            fit_height_to_width(self)
        return handled

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        fit_height_to_width(self)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing the window is Quit, unless the launcher closes it itself."""
        if not self.property("replaced"):
            self.quit_requested.emit()
        super().closeEvent(event)

    def replaced(self) -> None:
        """The next screen is up: close quietly."""
        self.setProperty("replaced", True)
        self.close()
        self.deleteLater()
