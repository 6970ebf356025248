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

import time

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMainWindow

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
    def __init__(self, window: QMainWindow, profile: Profile, settings: QSettings, *,
                 demo_passphrase: str | None = None) -> None:
        """``demo_passphrase``: set for the demo workspace, whose published passphrase
        the lock screen tells (the newcomer never chose one)."""
        super().__init__(window)
        self._window = window
        self._profile = profile
        self._settings = settings
        self.screen = LockScreen(needs_passphrase(profile), window,
                                 demo_passphrase=demo_passphrase)
        self.screen.hide()
        self.screen.unlock_requested.connect(self._unlock)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._idle_elapsed)
        self._watching = False
        self._fixed_ms: int | None = None
        self._last_activity = time.monotonic()
        self._delay_ms = 0
        self.apply_preferences()

    @property
    def locked(self) -> bool:
        return self.screen.isVisible()

    @property
    def delay_ms(self) -> int:
        """The idle delay in force, in milliseconds (0: the lock is off)."""
        return self._delay_ms

    def apply_preferences(self, *, idle_ms: int | None = None) -> None:
        """(Re)start the idle countdown from the saved preference (or a fixed ``idle_ms``)."""
        self._fixed_ms = idle_ms
        if idle_ms is None:
            idle_ms = NotificationPreferences.load(self._settings).lock_after_minutes * 60_000
        self._timer.stop()
        self._delay_ms = max(idle_ms, 0)
        if idle_ms > 0:
            self._watch(True)
            if not self.locked:
                self._last_activity = time.monotonic()
                self._timer.start(idle_ms)
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
        elif event.type() in _ACTIVITY:
            # Only a Python timestamp per input event, no Qt call: PySide6 6.12 on
            # Python 3.11 drops a reference to None on every void C++ call
            # (docs/UI.md), and mouse moves come by the thousand. The timer
            # checks the timestamp when it fires.
            self._last_activity = time.monotonic()
        return False

    def _idle_elapsed(self) -> None:
        """Lock if the officer has been idle for the whole delay; else wait for the
        rest of it. A delay changed in Settings meanwhile starts a new count
        (0 turns the lock off)."""
        if self._fixed_ms is None:
            wanted = NotificationPreferences.load(self._settings).lock_after_minutes * 60_000
            if wanted != self._delay_ms:
                self.apply_preferences()
                return
        idle_ms = int((time.monotonic() - self._last_activity) * 1000)
        if idle_ms < self._delay_ms:
            self._timer.start(self._delay_ms - idle_ms)
            return
        self.lock()

    def lock(self) -> None:
        self._timer.stop()
        self._cancel_open_dialogs()
        central = self._window.centralWidget()
        if central is not None:
            central.hide()
        self._window.menuBar().setEnabled(False)
        self.screen.setGeometry(self._window.rect())
        self.screen.begin()

    def _cancel_open_dialogs(self) -> None:
        """Cancel the window's open dialogs. They are windows of their own: hiding the
        central widget left Settings, Verify (a safety number) or Invite (the relay
        directory) over the lock screen, readable and usable. Cancelling, rather than
        hiding and showing them again, leaves nothing half-done behind the lock: a
        removal not yet confirmed is not made, an invitation not yet sent is not sent
        (Settings keeps each choice the moment it is made)."""
        for dialog in self._window.findChildren(QDialog):
            if dialog.isVisible():
                dialog.reject()

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
