"""The wizard's "no usable keyring" sentence carries its reason in the interface
language (issue 11, item 9: "(no OS keyring is available)" sat in a Chinese sentence)."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from tests.ui.screen_audit import english_words
from ui.appearance import Appearance
from ui.preferences import Language
from ui.wizard.security_page import keyring_reason_text
from ui.wizard.wizard import FirstRunWizard


def test_the_keyring_reason_is_translated_inside_the_chinese_sentence(
        qtbot: QtBot, tmp_path: Path, appearance: Appearance) -> None:
    appearance.set_language(Language.SIMPLIFIED_CHINESE)
    try:
        wizard = FirstRunWizard(tmp_path / "new", "no OS keyring is available")
        qtbot.addWidget(wizard)
        explanation = wizard.security_page._explanation.text()
        assert "no OS keyring" not in explanation
        assert english_words(explanation) == []
        assert "此计算机没有系统密钥环" in explanation
        assert keyring_reason_text("keyring backend PlaintextKeyring stores secrets in "
                                   "plain files") == "密钥环 PlaintextKeyring 以明文文件保存机密"
    finally:
        appearance.set_language(Language.ENGLISH)
    assert keyring_reason_text("no OS keyring is available") == \
        "this computer offers no system keyring"
    assert keyring_reason_text("something new") == "something new"
