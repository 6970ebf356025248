"""Real plural forms (issue 11, item 14): "After 1 minute" / "After 10 minutes", never
"10 minute(s)", from Qt's numerus translations in English as in Chinese."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings
from pytestqt.qtbot import QtBot

from tests.ui.screen_audit import english_words
from ui.appearance import Appearance
from ui.notifications.preferences import NotificationPreferences
from ui.preferences import Language
from ui.settings.settings_dialog import SettingsDialog
from ui.sync.problem_text import problem_text
from ui.translations import source_path

UI = Path(__file__).resolve().parents[2] / "ui"


def test_the_idle_lock_choices_say_minute_and_minutes(
        qtbot: QtBot, appearance: Appearance, ui_settings: QSettings) -> None:
    NotificationPreferences(lock_after_minutes=1).save(ui_settings)
    dialog = SettingsDialog(appearance, ui_settings=ui_settings)
    qtbot.addWidget(dialog)
    combo = dialog.runtime.lock_combo
    texts = [combo.itemText(i) for i in range(combo.count())]
    assert "After 1 minute" in texts
    assert "After 10 minutes" in texts
    assert not [text for text in texts if "(s)" in text]
    dialog.show()
    appearance.set_language(Language.SIMPLIFIED_CHINESE)
    try:
        qtbot.waitUntil(lambda: "10 分钟后" in [combo.itemText(i) for i in range(combo.count())])
    finally:
        appearance.set_language(Language.ENGLISH)


def test_sync_problem_lines_use_plural_forms(appearance: Appearance) -> None:
    one = problem_text("relay refused a batch (the relay refused the request (413 "
                       "too_large): envelope over the cap): 1 envelope(s) kept in the outbox")
    assert one == ("The relay refused a batch (413 too_large); 1 envelope waits in the outbox "
                   "and will be retried.")
    assert "3 envelopes wait" in problem_text(
        "relay refused a batch (x (400 bad)): 3 envelope(s) kept in the outbox")


def test_every_plural_message_of_the_ui_has_its_english_forms(appearance: Appearance) -> None:
    """A ``tr("… %n …", "", n)`` without an English numerus entry would show "(s)" again."""
    sources = set()
    for path in UI.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for found in re.finditer(r'"([^"]*%n[^"]*)"((?:\s*\n\s*"[^"]*")*)', text):
            joined = found[1] + "".join(re.findall(r'"([^"]*)"', found[2]))
            sources.add(joined)
    english = {m.findtext("source") for m in ET.parse(source_path(Language.ENGLISH)).iter(
        "message") if m.get("numerus") == "yes"}
    assert sources
    assert sources - english == set()
    chinese = {m.findtext("source") for m in ET.parse(
        source_path(Language.SIMPLIFIED_CHINESE)).iter("message") if m.get("numerus") == "yes"}
    assert sources - chinese == set()
    assert QCoreApplication.translate("RuntimeSection", "After %n minute(s)", "", 2) \
        == "After 2 minutes"


def test_sync_problem_lines_are_chinese_in_the_chinese_interface(
        appearance: Appearance) -> None:
    """Issue 11, item 9: "this profile has no relay", "relay refused a batch …" were shown
    as the engine's English lines."""
    appearance.set_language(Language.SIMPLIFIED_CHINESE)
    try:
        lines = [problem_text("this profile has no relay"),
                 problem_text("relay refused a batch (the relay refused the request (413 "
                              "too_large): over the cap): 2 envelope(s) kept in the outbox; "
                              "the relay refused 1 envelope(s) for good and they were set "
                              "aside, not retried (the relay refused the request (422 "
                              "unknown_recipient): no such device)"),
                 problem_text("something the engine says one day")]
        assert [english_words(line) for line in lines] == [[], [], []]
        assert "413 too_large" in lines[1]
        assert "422 unknown_recipient" in lines[1]
    finally:
        appearance.set_language(Language.ENGLISH)
    assert problem_text("something the engine says one day").endswith(
        "(something the engine says one day)")
