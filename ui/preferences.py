"""The officer's cosmetic preferences: interface language and colour theme.

They are kept with ``QSettings`` (the platform's per-user settings store),
not in the profile's encrypted ``settings`` table, for two reasons:

* they are needed *before* the profile is unlocked: the first-run wizard and
  the unlock dialog must already speak the officer's language;
* they are not sensitive: a language and a light/dark choice reveal nothing
  about operations, contacts or messages.

Anything that is about the officer's work (relay URL, pinned CA, operations)
belongs in the encrypted store, never here.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtCore import QLocale, QSettings


class Language(StrEnum):
    """Interface languages; the value is the Qt locale name of the translation."""

    ENGLISH = "en"
    SIMPLIFIED_CHINESE = "zh_CN"

    @property
    def native_name(self) -> str:
        """The language's name in itself: what a reader of it looks for in a list."""
        return _NATIVE_NAMES[self]

    @classmethod
    def for_system_locale(cls) -> Language:
        """Chinese when the system locale is Chinese, else English (the source language)."""
        if QLocale.system().language() == QLocale.Language.Chinese:
            return cls.SIMPLIFIED_CHINESE
        return cls.ENGLISH


_NATIVE_NAMES = {Language.ENGLISH: "English", Language.SIMPLIFIED_CHINESE: "简体中文"}


class Theme(StrEnum):
    LIGHT = "light"
    DARK = "dark"


@dataclass(frozen=True)
class UiPreferences:
    language: Language
    theme: Theme


_LANGUAGE_KEY = "appearance/language"
_THEME_KEY = "appearance/theme"


def load_preferences(settings: QSettings) -> UiPreferences:
    """Read preferences; a missing or unknown value falls back to the default, never fails."""
    language_value = str(settings.value(_LANGUAGE_KEY, ""))
    theme_value = str(settings.value(_THEME_KEY, ""))
    language = (
        Language(language_value) if language_value in Language._value2member_map_
        else Language.for_system_locale()
    )
    theme = Theme(theme_value) if theme_value in Theme._value2member_map_ else Theme.LIGHT
    return UiPreferences(language=language, theme=theme)


def save_preferences(settings: QSettings, preferences: UiPreferences) -> None:
    settings.setValue(_LANGUAGE_KEY, str(preferences.language))
    settings.setValue(_THEME_KEY, str(preferences.theme))
    settings.sync()
