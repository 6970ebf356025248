"""Lock the main window after N idle minutes; the passphrase (or keyring) brings it back.

Idle means no keyboard or mouse input to the application. When the delay
passes, the window's contents are hidden (the central widget and menus, so
neither eyes nor the keyboard reach them) behind a :class:`LockScreen`. Sync
keeps running underneath: the profile stays open, only the view is locked.
Unlocking proves the officer is back with
:func:`liaison_client.session_lock.confirm_officer` on the service thread
(Argon2id takes about a second; the GUI stays responsive).

The delay comes from :class:`~ui.notifications.preferences.NotificationPreferences`
(0 turns the lock off) and is re-read by :meth:`IdleLock.apply_preferences`.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

from liaison_client.profile import Profile
from liaison_client.session_lock import confirm_officer, needs_passphrase
from ui.lock.lock_screen import LockScreen
from ui.notifications.preferences import NotificationPreferences
from ui.operations import ServiceOp, failure_message

_ACTIVITY = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
    QEvent.Type.Wheel, QEvent.Type.TouchBegin,
})


class IdleLock(QObject):
    def __init__(self, window: QMainWindow, profile: Profile, settings: QSettings) -> None:
        super().__init__(window)
        self._window = window
        self._profile = profile
        self._settings = settings
        self.screen = LockScreen(needs_passphrase(profile), window)
        self.screen.hide()
        self.screen.unlock_requested.connect(self._unlock)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._idle_elapsed)
        self._watching = False
        self._fixed_ms: int | None = None
        self.apply_preferences()

    @property
    def locked(self) -> bool:
        return self.screen.isVisible()

    def apply_preferences(self, *, idle_ms: int | None = None) -> None:
        """(Re)start the idle countdown from the saved preference (or a fixed ``idle_ms``)."""
        self._fixed_ms = idle_ms
        if idle_ms is None:
            idle_ms = NotificationPreferences.load(self._settings).lock_after_minutes * 60_000
        self._timer.stop()
        if idle_ms > 0:
            self._timer.setInterval(idle_ms)
            self._watch(True)
            if not self.locked:
                self._timer.start()
        else:
            self._watch(False)

    def stop(self) -> None:
        self._timer.stop()
        self._watch(False)

    def _watch(self, on: bool) -> None:
        app = QApplication.instance()
        if app is None or on == self._watching:
            return
        if on:
            app.installEventFilter(self)
        else:
            app.removeEventFilter(self)
        self._watching = on

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.Resize and self.locked:
            self.screen.setGeometry(self._window.rect())
        elif event.type() in _ACTIVITY and not self.locked and self._timer.interval() > 0:
            self._timer.start()  # restarts the countdown
        return False

    def _idle_elapsed(self) -> None:
        """Lock, unless the officer changed the delay in Settings meanwhile: then
        count again with the new one (0 turns the lock off)."""
        if self._fixed_ms is None:
            wanted = NotificationPreferences.load(self._settings).lock_after_minutes * 60_000
            if wanted != self._timer.interval():
                self.apply_preferences()
                return
        self.lock()

    def lock(self) -> None:
        self._timer.stop()
        central = self._window.centralWidget()
        if central is not None:
            central.hide()
        self._window.menuBar().setEnabled(False)
        self.screen.setGeometry(self._window.rect())
        self.screen.begin()

    def _unlock(self, passphrase: str) -> None:
        profile = self._profile
        (ServiceOp(self.screen, lambda: confirm_officer(profile, passphrase))
         .success(lambda _none: self._unlocked())
         .failure(lambda exc: self.screen.refused(failure_message(exc)))
         .run_in_background())

    def _unlocked(self) -> None:
        self.screen.hide()
        central = self._window.centralWidget()
        if central is not None:
            central.show()
        self._window.menuBar().setEnabled(True)
        self._timer.start()
