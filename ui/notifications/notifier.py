"""Desktop notifications for new messages, through the system tray.

Shown only when the main window is not the active window (the officer is
looking elsewhere) and notifications are on. Without the officer's explicit
choice a notification carries **no message text and no operation name**:
notifications appear on locked screens and stay in the desktop's history, and
an operation's name can be as sensitive as its messages. With "show text" on,
it shows the sender, the operation and the text, like Signal's "name and
content" setting.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QSettings, Slot
from PySide6.QtWidgets import QSystemTrayIcon, QWidget

from ui.icons import application_icon
from ui.notifications.preferences import NotificationPreferences
from ui.sync.controller import NewMessage

#: Longest message excerpt in a notification; the rest is in the app.
EXCERPT_CHARS = 120
SHOW_MILLISECONDS = 8000


class MessageNotifier(QObject):
    """Turns :attr:`SyncController.new_messages` into tray notifications."""

    def __init__(self, window: QWidget, settings: QSettings) -> None:
        super().__init__(window)
        self._window = window
        self._settings = settings
        self.tray = QSystemTrayIcon(application_icon(), self)
        self.tray.setToolTip("Liaison")
        self.tray.activated.connect(self._bring_window_forward)
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.tray.show()
        #: The last notification as (title, body), also when no tray exists to show it.
        self.last_shown: tuple[str, str] | None = None

    @Slot(list)
    def notify(self, messages: list[NewMessage]) -> None:
        preferences = NotificationPreferences.load(self._settings)
        if not messages or not preferences.enabled or self._window.isActiveWindow():
            return
        title, body = self.compose(messages, show_text=preferences.show_text)
        self.last_shown = (title, body)
        if self.tray.isVisible():
            self.tray.showMessage(title, body, application_icon(), SHOW_MILLISECONDS)

    def compose(self, messages: list[NewMessage], *, show_text: bool) -> tuple[str, str]:
        if not show_text:
            return ("Liaison", self.tr("%n new message(s)", "", len(messages)))
        _channel_id, channel, sender, text = messages[-1]
        excerpt = text if len(text) <= EXCERPT_CHARS else text[:EXCERPT_CHARS - 1] + "…"
        title = self.tr("{sender} in {operation}").format(sender=sender, operation=channel)
        if len(messages) > 1:
            excerpt = self.tr("{text} (and {more} more)").format(
                text=excerpt, more=len(messages) - 1)
        return title, excerpt

    @Slot(QSystemTrayIcon.ActivationReason)
    def _bring_window_forward(self, _reason: QSystemTrayIcon.ActivationReason) -> None:
        self._window.showNormal()
        self._window.raise_()
        self._window.activateWindow()
