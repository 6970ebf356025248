"""Settings: language and theme switch at runtime and persist."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from liaison_client.profile import NewProfile, Profile
from tests.ui.screen_testing import Screenshot
from ui import translations
from ui.appearance import Appearance
from ui.main_window.main_window import MainWindow
from ui.preferences import Language, Theme, load_preferences
from ui.settings.settings_dialog import SettingsDialog


@pytest.fixture
def window(qtbot: QtBot, make_profile: Callable[..., tuple[NewProfile, Profile]],
           appearance: Appearance) -> MainWindow:
    _, profile = make_profile()
    window = MainWindow(profile, appearance)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.operations_loaded, timeout=10_000):
        window.show()
    return window


def choose(combo_owner: SettingsDialog, language: Language | None = None,
           theme: Theme | None = None) -> None:
    if language is not None:
        combo_owner.language_combo.setCurrentIndex(
            combo_owner.language_combo.findData(str(language)))
    if theme is not None:
        combo_owner.theme_combo.setCurrentIndex(combo_owner.theme_combo.findData(str(theme)))


@pytest.mark.slow
def test_choosing_chinese_retranslates_every_open_window_at_once(
        qtbot: QtBot, window: MainWindow, screenshot: Screenshot) -> None:
    dialog = window.open_settings()
    screenshot(dialog, "settings")
    choose(dialog, language=Language.SIMPLIFIED_CHINESE)
    # Qt posts LanguageChange to every window; it arrives with the next event loop turn.
    qtbot.waitUntil(lambda: dialog.windowTitle() == "设置", timeout=5000)
    assert window.operations_screen.empty_state.title == "暂无行动"
    assert window._app_menu.title() == "&Liaison"
    assert window.settings_action.text() == "设置(&S)…"
    assert "未配置中继" in window.status_bar.relay_label.text()
    screenshot(window, "main-window-zh")
    screenshot(dialog, "settings-zh")
    choose(dialog, language=Language.ENGLISH)
    qtbot.waitUntil(lambda: window.operations_screen.empty_state.title == "No operations yet",
                    timeout=5000)


@pytest.mark.slow
def test_theme_switch_repaints_and_is_remembered(window: MainWindow, appearance: Appearance,
                                                 ui_settings: QSettings) -> None:
    dialog = window.open_settings()
    choose(dialog, theme=Theme.DARK)
    assert window.palette().window().color().name() == "#17181b"
    assert load_preferences(ui_settings).theme is Theme.DARK
    choose(dialog, theme=Theme.LIGHT)
    assert window.palette().window().color().name() == "#f4f5f7"


@pytest.mark.slow
def test_language_choice_survives_a_restart(window: MainWindow, ui_settings: QSettings) -> None:
    choose(window.open_settings(), language=Language.SIMPLIFIED_CHINESE)
    reread = QSettings(ui_settings.fileName(), QSettings.Format.IniFormat)
    assert load_preferences(reread).language is Language.SIMPLIFIED_CHINESE


@pytest.mark.slow
def test_language_that_cannot_be_loaded_is_reported_inline_and_nothing_changes(
        window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        appearance: Appearance) -> None:
    broken = tmp_path / "liaison_zh_CN.ts"
    broken.write_text("<TS this is not a catalogue")
    real_source = translations.source_path
    # Only Chinese is broken: English has a catalogue too (its plural forms), which the
    # fixture's teardown loads again.
    monkeypatch.setattr("ui.translations.source_path", lambda language: broken
                        if language is Language.SIMPLIFIED_CHINESE else real_source(language))
    monkeypatch.setattr("ui.translations.PRECOMPILED_DIR", tmp_path / "none")
    dialog = SettingsDialog(appearance, window)
    # Nothing cached for it.
    monkeypatch.setattr(dialog._appearance._switcher, "_cache_dir", tmp_path / "cache")
    choose(dialog, language=Language.SIMPLIFIED_CHINESE)
    assert "could not be loaded" in dialog.error.text()
    assert dialog.language_combo.currentData() == str(Language.ENGLISH)
    assert appearance.preferences.language is Language.ENGLISH
    assert window.operations_screen.empty_state.title == "No operations yet"


@pytest.mark.parametrize("theme", [Theme.LIGHT, Theme.DARK])
def test_every_drop_down_draws_its_arrow(window: MainWindow, theme: Theme,
                                        screenshot: Screenshot) -> None:
    """Issue 11, item 10: the styled drop-downs drew no arrow and read as text fields.
    The arrow's column (the right 28 px) must hold pixels of the text colour's
    contrast, not only the box's background."""
    dialog = window.open_settings()
    choose(dialog, theme=theme)
    combos = [dialog.language_combo, dialog.theme_combo, dialog.runtime.lock_combo]
    for combo in combos:
        image = combo.grab().toImage()
        background = image.pixelColor(image.width() // 2, 3).lightnessF()
        arrow_column = [image.pixelColor(x, y).lightnessF()
                        for x in range(image.width() - 28, image.width() - 4)
                        for y in range(4, image.height() - 4)]
        assert max(abs(value - background) for value in arrow_column) > 0.4, combo.objectName()
    screenshot(dialog, f"settings-{theme}")
