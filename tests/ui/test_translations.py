"""Translations: the .ts sources compile with PySide6's own lrelease and are complete."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator

from ui.preferences import Language
from ui.translations import (
    LanguageSwitcher,
    TranslationError,
    compile_catalogue,
    compiled_catalogue,
    lrelease_path,
    source_path,
)


def test_pyside6_essentials_ships_lrelease() -> None:
    assert lrelease_path().is_file()


def test_every_chinese_message_is_translated() -> None:
    messages = list(ET.parse(source_path(Language.SIMPLIFIED_CHINESE)).iter("message"))
    assert len(messages) > 100
    unfinished = []
    for message in messages:
        translation = message.find("translation")
        if translation is None or translation.get("type") is not None or not translation.text:
            unfinished.append(message.findtext("source"))
    assert unfinished == []


def test_catalogue_is_compiled_into_the_cache_once_and_loads(tmp_path: Path) -> None:
    first = compiled_catalogue(Language.SIMPLIFIED_CHINESE, tmp_path)
    assert first.parent == tmp_path / "translations"
    modified = first.stat().st_mtime_ns
    again = compiled_catalogue(Language.SIMPLIFIED_CHINESE, tmp_path)
    assert again == first
    assert again.stat().st_mtime_ns == modified
    translator = QTranslator()
    assert translator.load(str(first))
    assert translator.translate("SettingsDialog", "Settings") == "设置"


def test_a_broken_source_raises_translation_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ts"
    broken.write_text("<TS this is not a catalogue")
    with pytest.raises(TranslationError, match="lrelease failed"):
        compile_catalogue(broken, tmp_path / "broken.qm")
    assert not (tmp_path / "broken.qm").exists()


def test_switching_to_english_removes_the_translators(tmp_path: Path) -> None:
    app = QCoreApplication.instance()
    assert app is not None
    switcher = LanguageSwitcher(app, cache_dir=tmp_path)
    switcher.switch_to(Language.SIMPLIFIED_CHINESE)
    assert QCoreApplication.translate("SettingsDialog", "Settings") == "设置"
    switcher.switch_to(Language.ENGLISH)
    assert QCoreApplication.translate("SettingsDialog", "Settings") == "Settings"


def test_packager_build_step_compiles_every_catalogue(tmp_path: Path) -> None:
    from ui.translations import main

    assert main(["--into", str(tmp_path)]) == 0
    assert (tmp_path / "liaison_zh_CN.qm").is_file()
