"""Fixtures for the desktop app's tests: a themed QApplication, isolated preferences,
screenshots of every screen.

Everything is real: the profile (SQLCipher, key custody), the Qt widgets
(offscreen platform), the translations (compiled by the bundled lrelease).
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QSettings
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from ui.appearance import Appearance
from ui.fonts import apply_interface_font
from ui.preferences import Language, Theme
from ui.theme import apply_theme
from ui.translations import LanguageSwitcher

SCREENS_DIR = Path(__file__).resolve().parents[1] / "artifacts" / "screens"


@pytest.fixture(scope="session", autouse=True)
def themed_app(qapp: QApplication) -> QApplication:
    qapp.setApplicationName("Liaison-tests")
    apply_interface_font(qapp)
    apply_theme(qapp, Theme.LIGHT)
    # Everything alive now (every imported module, class and function of the client,
    # Qt and the test modules: most of the heap) lives until the process ends, so
    # the collector is told to stop walking it: ``gc.freeze`` moves it to the
    # permanent generation. The full ``gc.collect()`` after each test (below) then
    # walks only what tests made, ~5 ms instead of ~100 ms a test
    # (docs/PERFORMANCE.md, "Test suite"). The price: a frozen object that later
    # becomes cyclic garbage is never collected; for this set that is next to nothing.
    gc.collect()
    gc.freeze()
    return qapp


@pytest.fixture(autouse=True)
def settle_qt_objects(qapp: QApplication) -> Iterator[None]:
    """Delete what tests scheduled for deletion, then collect Python garbage, at one
    known point after each test. Left to chance, the cyclic GC could free a
    widget's wrapper in the middle of Qt's DeferredDelete processing, which
    crashed PySide6 6.12 intermittently in this long-lived test process."""
    yield
    qapp.processEvents()
    qapp.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
    qapp.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture(scope="session")
def translation_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("translations")


@pytest.fixture
def ui_settings(tmp_path: Path) -> QSettings:
    """Preferences in a file of this test's own, never the user's real settings."""
    return QSettings(str(tmp_path / "liaison-ui.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def appearance(themed_app: QApplication, ui_settings: QSettings,
               translation_cache: Path) -> Iterator[Appearance]:
    switcher = LanguageSwitcher(themed_app, cache_dir=translation_cache)
    appearance = Appearance(themed_app, ui_settings, switcher)
    appearance.set_language(Language.ENGLISH)
    appearance.set_theme(Theme.LIGHT)
    yield appearance
    switcher.switch_to(Language.ENGLISH)
    # Only if the test switched: a style sheet set again re-polishes every widget still
    # alive (the test's windows are), ~50 ms a test for nothing (docs/PERFORMANCE.md).
    if themed_app.property("liaisonTheme") != str(Theme.LIGHT):
        apply_theme(themed_app, Theme.LIGHT)


@pytest.fixture
def screenshot(qtbot: QtBot) -> Callable[[QWidget, str], Path]:
    """Save ``widget`` as ``tests/artifacts/screens/<name>.png`` (look at them)."""
    SCREENS_DIR.mkdir(parents=True, exist_ok=True)

    def save(widget: QWidget, name: str) -> Path:
        qtbot.waitExposed(widget)
        QApplication.processEvents()
        path = SCREENS_DIR / f"{name}.png"
        assert widget.grab().save(str(path)), f"could not write {path}"
        return path

    return save
