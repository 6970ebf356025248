"""Language and theme in force, applied to the running app and remembered.

One object owns both so the settings dialog, start-up and tests change them
the same way: apply to the application, then persist (see
``ui/preferences.py`` for why that is ``QSettings``).
"""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from ui.preferences import Language, Theme, UiPreferences, load_preferences, save_preferences
from ui.theme import apply_theme
from ui.translations import LanguageSwitcher, TranslationError


class Appearance:
    def __init__(self, app: QApplication, settings: QSettings,
                 switcher: LanguageSwitcher | None = None) -> None:
        self._app = app
        self._settings = settings
        self._switcher = switcher or LanguageSwitcher(app)
        self.preferences = load_preferences(settings)

    def apply_saved(self) -> None:
        """At start-up: apply what was saved. A broken catalogue leaves English in
        place rather than stopping the app (the error is the packager's to fix)."""
        apply_theme(self._app, self.preferences.theme)
        try:
            self._switcher.switch_to(self.preferences.language)
        except TranslationError:
            self.preferences = UiPreferences(Language.ENGLISH, self.preferences.theme)

    def set_language(self, language: Language) -> None:
        """Raises :class:`TranslationError` (and changes nothing) if it cannot be loaded."""
        self._switcher.switch_to(language)
        self._save(UiPreferences(language, self.preferences.theme))

    def set_theme(self, theme: Theme) -> None:
        apply_theme(self._app, theme)
        self._save(UiPreferences(self.preferences.language, theme))

    def _save(self, preferences: UiPreferences) -> None:
        self.preferences = preferences
        save_preferences(self._settings, preferences)
