"""``liaison-desktop --smoke-test``: quit once the first window is on screen.

Why: the packaging tests (tests/packaging/) and IT's post-install check start the
bundled app, offscreen or on a real display, and need a clear "it started" signal
that does not depend on the profile's state (wizard, unlock or main window). The
first top-level window shown is reported on stdout as ``first window: TITLE`` and
the event loop quits right after, so the process exits 0.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget


class FirstWindowWatcher(QObject):
    """An application-wide event filter that sees the first top-level Show event."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._app = app
        self._seen = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (not self._seen and event.type() == QEvent.Type.Show
                and isinstance(watched, QWidget) and watched.isWindow()):
            self._seen = True
            sys.stdout.write(f"first window: {watched.windowTitle()}\n")
            sys.stdout.flush()
            QTimer.singleShot(0, self._app.quit)
        return False


def quit_after_first_window(app: QApplication) -> FirstWindowWatcher:
    watcher = FirstWindowWatcher(app)
    app.installEventFilter(watcher)
    return watcher
