"""Service errors reach the officer in the interface language, translated by code."""

from __future__ import annotations

import importlib
import pkgutil
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox, QWizard
from pytestqt.qtbot import QtBot

import liaison_client
from liaison_client.errors import (
    DeviceUnknownError,
    KeyChangedError,
    LiaisonError,
    MessageAlreadySentError,
    MessageTooLongError,
    NotCoordinatorError,
    StorageFullError,
    UsageError,
    WrongPassphraseError,
)
from liaison_client.net.errors import (
    AgencyMismatchError,
    EnrollmentRefusedError,
    RelayTLSError,
    RelayUnavailableError,
)
from liaison_client.profile import KeyStorageChoice, NewProfile, Profile
from tests.relay.conftest import relay, start_relay_process
from tests.relay.relay_process import RelayProcess
from ui.appearance import Appearance
from ui.error_text import code_text, error_text, translated_codes
from ui.operations import failure_message
from ui.preferences import Language
from ui.unlock.unlock_dialog import UnlockDialog
from ui.wizard.wizard import FirstRunWizard

__all__ = ["relay", "start_relay_process"]

#: The failures an officer actually meets, by the class that carries each code.
MET_BY_OFFICERS: tuple[type[LiaisonError], ...] = (
    RelayUnavailableError, RelayTLSError, EnrollmentRefusedError, AgencyMismatchError,
    WrongPassphraseError,
    StorageFullError, NotCoordinatorError, KeyChangedError, DeviceUnknownError,
    MessageTooLongError, MessageAlreadySentError,
)


def every_client_error() -> list[type[LiaisonError]]:
    """Every :class:`LiaisonError` subclass ``liaison_client`` defines, found by importing
    each of its modules and walking the subclasses (not a list kept by hand)."""
    for module in pkgutil.walk_packages(liaison_client.__path__, "liaison_client."):
        if not module.name.endswith(".__main__"):
            importlib.import_module(module.name)
    found: list[type[LiaisonError]] = []
    todo = [LiaisonError]
    while todo:
        kind = todo.pop()
        if kind not in found:
            found.append(kind)
            todo.extend(kind.__subclasses__())
    # Tests define throwaway subclasses of their own (FutureError below): not client codes.
    return sorted((kind for kind in found if kind.__module__.startswith("liaison_client.")),
                  key=lambda kind: kind.code)


class SampleParams(dict[str, str]):
    """Whatever parameter a sentence asks for, with a value that shows where it went."""

    def __missing__(self, key: str) -> str:
        return f"<{key}>"


SAMPLE_PARAMS = SampleParams()
CJK = re.compile(r"[\u4e00-\u9fff]")


def test_the_walk_finds_the_errors_of_every_layer() -> None:
    modules = {kind.__module__ for kind in every_client_error()}
    assert {"liaison_client.errors", "liaison_client.net.errors"} <= modules
    assert len(every_client_error()) > 30


def test_every_error_but_a_broad_family_has_a_code_of_its_own() -> None:
    inherited = [kind.__qualname__ for kind in every_client_error()
                 if not kind.broad and "code" not in vars(kind)]
    assert inherited == []
    codes = [kind.code for kind in every_client_error()]
    assert sorted(code for code in set(codes) if codes.count(code) > 1) == []


def test_every_code_has_a_sentence_in_english_and_in_chinese(appearance: Appearance) -> None:
    codes = sorted({kind.code for kind in every_client_error() if not kind.broad})
    english = {code: code_text(code, SAMPLE_PARAMS) for code in codes}
    appearance.set_language(Language.SIMPLIFIED_CHINESE)
    chinese = {code: code_text(code, SAMPLE_PARAMS) for code in codes}
    assert [code for code in codes if not english[code]] == []
    untranslated = [code for code in codes
                    if not chinese[code] or chinese[code] == english[code]
                    or not CJK.search(chinese[code] or "")]
    assert untranslated == []
    # Every parameter a sentence uses reaches the Chinese sentence too.
    lost = [code for code in codes
            if set(re.findall(r"<\w+>", english[code] or ""))
            != set(re.findall(r"<\w+>", chinese[code] or ""))]
    assert lost == []


def test_a_broad_family_shows_the_services_own_line(appearance: Appearance) -> None:
    appearance.set_language(Language.SIMPLIFIED_CHINESE)
    broad = [kind for kind in every_client_error() if kind.broad]
    assert {kind.code for kind in broad} >= {"usage", "unlock", "keyring", "relay"}
    for kind in broad:
        error = kind.__new__(kind)
        LiaisonError.__init__(error, "a line only the service can write")
        assert error_text(error) == "a line only the service can write"


def test_every_failure_an_officer_meets_has_a_sentence_of_its_own() -> None:
    assert {kind.code for kind in MET_BY_OFFICERS} <= translated_codes()


def test_codes_are_distinct_per_failure() -> None:
    codes = [kind.code for kind in MET_BY_OFFICERS]
    assert len(set(codes)) == len(codes)


def test_an_unknown_code_falls_back_to_the_english_message(appearance: Appearance) -> None:
    class FutureError(LiaisonError):
        code = "future.unheard_of"

    assert error_text(FutureError("the relay was renamed")) == "the relay was renamed"


def test_a_broad_code_shows_the_services_own_line(appearance: Appearance) -> None:
    appearance.set_language(Language.SIMPLIFIED_CHINESE)
    assert error_text(UsageError("--limit must be at least 1")) == "--limit must be at least 1"


def test_a_sentence_without_its_parameters_falls_back_to_english(
        appearance: Appearance) -> None:
    appearance.set_language(Language.SIMPLIFIED_CHINESE)
    assert error_text(KeyChangedError("key of Chen Jing changed")) == "key of Chen Jing changed"


def test_parameters_are_placed_in_the_chinese_sentence(appearance: Appearance) -> None:
    appearance.set_language(Language.SIMPLIFIED_CHINESE)
    text = failure_message(KeyChangedError("changed", name="Chen Jing", device_id="dev-42"))
    assert "Chen Jing" in text
    assert "dev-42" in text
    assert "changed" not in text


@pytest.mark.slow
def test_a_wrong_passphrase_is_explained_in_chinese(
        qtbot: QtBot, make_profile: Callable[..., tuple[NewProfile, Profile]],
        appearance: Appearance) -> None:
    created, profile = make_profile(key_storage=KeyStorageChoice.PASSPHRASE)
    profile.close()
    appearance.set_language(Language.SIMPLIFIED_CHINESE)
    dialog = UnlockDialog(created.root)
    qtbot.addWidget(dialog)
    dialog.show()
    QTest.keyClicks(dialog.passphrase_edit, "not the passphrase at all")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: not dialog._busy, timeout=20_000)

    assert dialog.error.text() == "口令错误：未解锁任何内容。"
    assert dialog.profile is None


def test_a_refused_enrollment_token_is_explained_in_chinese(
        qtbot: QtBot, tmp_path: Path, appearance: Appearance, relay: RelayProcess) -> None:
    appearance.set_language(Language.SIMPLIFIED_CHINESE)
    wizard = FirstRunWizard(tmp_path / "profile", "no OS keyring is available")
    qtbot.addWidget(wizard)
    wizard.show()
    # Relay and token come first: the relay's refusal is shown as Next is pressed.
    QTest.keyClicks(wizard.relay_page.url_edit, relay.url)
    QTest.keyClicks(wizard.relay_page.token_edit, "not-a-token-from-this-relay")
    QTest.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard._checking is None, timeout=30_000)

    assert wizard.currentId() == FirstRunWizard.RELAY
    assert wizard.relay_page.error.text().startswith("中继拒绝了注册令牌")
    assert not (tmp_path / "profile").exists()


def test_an_agency_mismatch_keeps_the_relays_enrolled_agency_in_the_chinese_sentence(
        appearance: Appearance) -> None:
    appearance.set_language(Language.SIMPLIFIED_CHINESE)
    refused = AgencyMismatchError(403, "agency_mismatch",
                                  "this device is enrolled for the agency 'Zoll Hamburg'")
    text = error_text(refused)
    assert "机构" in text
    assert "'Zoll Hamburg'" in text


def test_every_sentence_has_a_chinese_one_with_the_same_placeholders() -> None:
    """Read from the source and the catalogue as a translator sees them: every English
    sentence of ui/error_text.py has a Chinese translation that places the same
    parameters (a lost ``{field}`` would silently drop what the officer must fix)."""
    root = Path(__file__).resolve().parents[2]
    chinese = {message.findtext("source"): message.findtext("translation")
               for context in ET.parse(root / "resources/translations/liaison_zh_CN.ts")
               .iter("context") if context.findtext("name") == "ErrorText"
               for message in context.iter("message")}
    source = (root / "ui/error_text.py").read_text(encoding="utf-8")
    sentences = ["".join(re.findall(r'"((?:[^"\\]|\\.)*)"', literal))
                 for literal in re.findall(r'"ErrorText",\s*((?:"[^"]*"\s*)+)\)', source)]
    # Every translate("ErrorText", ...) call was read as a sentence, none skipped.
    assert len(sentences) == len(re.findall(r'translate\(\s*"ErrorText",\s*"', source)) > 0
    for sentence in sentences:
        translation = chinese.get(sentence)
        assert translation, sentence
        assert set(re.findall(r"\{\w+\}", translation)) == set(re.findall(r"\{\w+\}", sentence)), \
            sentence
