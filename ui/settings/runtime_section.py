"""The settings that govern the app while it runs: notifications and the idle lock.

Notifications and the lock delay are saved the moment they change (like the
appearance choices beside them) in ``QSettings``
(:class:`~ui.notifications.preferences.NotificationPreferences`); the idle
lock reads them when its countdown ends. The relay has its own section
(:mod:`ui.settings.relay_section`): a change there is checked before it is kept.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from ui.notifications.preferences import NotificationPreferences
from ui.widgets.retranslatable import Retranslatable

#: Idle-lock delays offered, in minutes (0 = never).
LOCK_CHOICES: tuple[int, ...] = (0, 1, 5, 10, 15, 30, 60)


class RuntimeSection(Retranslatable, QWidget):
    #: Emitted after a change is saved, so what runs (the idle lock) applies it at once.
    preferences_saved = Signal()

    def __init__(self, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self._notifications_title = QLabel(self)
        self._notifications_title.setProperty("role", "section")
        self.notify_check = QCheckBox(self)
        self.show_text_check = QCheckBox(self)
        # A list of sensible delays rather than a spin box: every choice is named
        # for screen readers (a spin box's inner line edit is not).
        self.lock_combo = QComboBox(self)
        for minutes in LOCK_CHOICES:
            self.lock_combo.addItem("", minutes)
        self._lock_label = QLabel(self)
        self._lock_label.setBuddy(self.lock_combo)

        form = QFormLayout()
        form.addRow(self._lock_label, self.lock_combo)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self._notifications_title)
        layout.addWidget(self.notify_check)
        layout.addWidget(self.show_text_check)
        layout.addLayout(form)

        prefs = NotificationPreferences.load(settings)
        self.notify_check.setChecked(prefs.enabled)
        self.show_text_check.setChecked(prefs.show_text)
        self.show_text_check.setEnabled(prefs.enabled)
        self._show_lock_delay(prefs.lock_after_minutes)
        self.notify_check.toggled.connect(self._save)
        self.show_text_check.toggled.connect(self._save)
        self.lock_combo.currentIndexChanged.connect(self._save)
        self.retranslate()

    def preferences(self) -> NotificationPreferences:
        return NotificationPreferences(self.notify_check.isChecked(),
                                       self.show_text_check.isChecked(),
                                       int(self.lock_combo.currentData()))

    def _show_lock_delay(self, minutes: int) -> None:
        """Select ``minutes``; a delay saved by hand that is not in the list is added."""
        index = self.lock_combo.findData(minutes)
        if index < 0:
            self.lock_combo.addItem("", minutes)
            index = self.lock_combo.count() - 1
        self.lock_combo.setCurrentIndex(index)

    def _save(self) -> None:
        self.show_text_check.setEnabled(self.notify_check.isChecked())
        self.preferences().save(self._settings)
        self.preferences_saved.emit()

    def retranslate(self) -> None:
        self._notifications_title.setText(self.tr("Notifications and lock"))
        self.notify_check.setText(self.tr("&Notify me of new messages when Liaison is "
                                          "in the background"))
        self.show_text_check.setText(self.tr("Show the sender, operation and message &text "
                                             "in notifications"))
        self.notify_check.setAccessibleName(self.tr("Notify me of new messages"))
        self.show_text_check.setAccessibleName(self.tr("Show message text in notifications"))
        self._lock_label.setText(self.tr("&Lock when idle"))
        self.lock_combo.setAccessibleName(self.tr("Lock when idle"))
        for index in range(self.lock_combo.count()):
            minutes = int(self.lock_combo.itemData(index))
            self.lock_combo.setItemText(index, self.tr("Never") if minutes == 0 else
                                        self.tr("After %n minute(s)", "", minutes))
