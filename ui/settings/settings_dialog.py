"""Settings: language and theme, notifications and idle lock, applied the moment
they are chosen (the last two in :mod:`ui.settings.runtime_section`); and the
relay (:mod:`ui.settings.relay_section`), whose change is checked first.

Immediate effect (no Apply button) lets the officer see the result and undo
it in the same place: those choices are local and harmless. A relay change is
the exception: it is checked against the relay before it is kept, so it has
its own button and its answer is shown beside it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSettings, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from liaison_client.profile import Profile, resolve_profile_dir
from liaison_client.provisioning.config import load_provisioning
from liaison_client.provisioning.errors import ProvisioningError
from ui.appearance import Appearance
from ui.preferences import Language, Theme
from ui.settings.provisioned_settings import apply_provisioning
from ui.settings.relay_section import RelaySection
from ui.settings.runtime_section import RuntimeSection
from ui.translations import TranslationError
from ui.widgets.height_for_width import fit_height_to_width
from ui.widgets.inline_message import InlineMessage
from ui.widgets.retranslatable import Retranslatable


class SettingsDialog(Retranslatable, QDialog):
    #: A checked relay change was saved (the new ``RelaySettings``): sync must reconnect.
    relay_changed = Signal(object)

    def __init__(self, appearance: Appearance, parent: QWidget | None = None, *,
                 ui_settings: QSettings | None = None, profile: Profile | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self._appearance = appearance
        self._title = QLabel(self)
        self._title.setProperty("role", "heading")
        self._section = QLabel(self)
        self._section.setProperty("role", "section")
        self.language_combo = QComboBox(self)
        for language in Language:
            # Each language in its own name: findable by someone who reads only it.
            self.language_combo.addItem(language.native_name, str(language))
        self.theme_combo = QComboBox(self)
        for theme in Theme:
            self.theme_combo.addItem("", str(theme))
        self._language_label = QLabel(self)
        self._language_label.setBuddy(self.language_combo)
        self._theme_label = QLabel(self)
        self._theme_label.setBuddy(self.theme_combo)
        self.error = InlineMessage(self)
        self.runtime = RuntimeSection(ui_settings if ui_settings is not None else QSettings(),
                                      self)
        self.relay = RelaySection(profile, self)
        self.relay.relay_changed.connect(self.relay_changed)
        self.buttons = QDialogButtonBox(self)
        # Our own button, not StandardButton.Close: a box retranslates its standard
        # buttons itself on LanguageChange, after our retranslate(), with Qt's catalogue
        # (English here), which undid the Chinese "关闭" after a runtime switch.
        self.close_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        # Enter belongs to the field it is pressed in (the relay address checks the relay);
        # Escape or Close closes Settings, nothing closes it by surprise.
        self.close_button.setAutoDefault(False)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.setHorizontalSpacing(16)
        form.setVerticalSpacing(10)
        form.addRow(self._language_label, self.language_combo)
        form.addRow(self._theme_label, self.theme_combo)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.setSpacing(12)
        layout.addWidget(self._title)
        layout.addWidget(self._section)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.runtime)
        layout.addSpacing(8)
        layout.addWidget(self.relay)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)
        self.setTabOrder(self.language_combo, self.theme_combo)

        self._show_current()
        try:
            provisioning = load_provisioning(
                profile.layout.root if profile is not None else resolve_profile_dir(None))
            apply_provisioning(self.runtime, provisioning)
            self.relay.apply_provisioning(provisioning)
        except ProvisioningError as error:
            self.error.show_message(str(error))
        self.language_combo.currentIndexChanged.connect(self._language_chosen)
        self.theme_combo.currentIndexChanged.connect(self._theme_chosen)
        self.retranslate()

    # -- height for the width it has -------------------------------------------------

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() == QEvent.Type.LayoutRequest:
            self._fit_height()
        return handled

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_height()

    def _fit_height(self) -> None:
        """Never shorter than the layout needs at the current width: the "Join a relay"
        rows were once drawn over each other under a wrapped refusal."""
        fit_height_to_width(self)

    def _show_current(self) -> None:
        prefs = self._appearance.preferences
        self.language_combo.setCurrentIndex(self.language_combo.findData(str(prefs.language)))
        self.theme_combo.setCurrentIndex(self.theme_combo.findData(str(prefs.theme)))

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Settings"))
        self._title.setText(self.tr("Settings"))
        self._section.setText(self.tr("Appearance"))
        self._language_label.setText(self.tr("&Language"))
        self._theme_label.setText(self.tr("&Theme"))
        self.theme_combo.setItemText(self.theme_combo.findData(str(Theme.LIGHT)),
                                     self.tr("Light"))
        self.theme_combo.setItemText(self.theme_combo.findData(str(Theme.DARK)), self.tr("Dark"))
        self.language_combo.setAccessibleName(self.tr("Interface language"))
        self.theme_combo.setAccessibleName(self.tr("Colour theme"))
        self.close_button.setText(self.tr("&Close"))
        self.close_button.setAccessibleName(self.tr("Close settings"))

    def _language_chosen(self, index: int) -> None:
        language = Language(self.language_combo.itemData(index))
        try:
            self._appearance.set_language(language)
        except TranslationError as exc:
            self.error.show_message(
                self.tr("This language could not be loaded: {reason}").format(reason=exc))
            self.language_combo.blockSignals(True)
            self._show_current()
            self.language_combo.blockSignals(False)
            return
        self.error.clear_message()

    def _theme_chosen(self, index: int) -> None:
        self._appearance.set_theme(Theme(self.theme_combo.itemData(index)))
