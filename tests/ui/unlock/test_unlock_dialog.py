"""The unlock dialog against a real passphrase-protected profile."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QDialogButtonBox
from pytestqt.qtbot import QtBot

from liaison_client.profile import KeyStorageChoice, NewProfile, Profile
from tests.conftest import TEST_PASSPHRASE
from tests.ui.screen_testing import Screenshot
from ui.appearance import Appearance
from ui.unlock.unlock_dialog import UnlockDialog


def passphrase_profile(make_profile: Callable[..., tuple[NewProfile, Profile]]) -> Path:
    created, profile = make_profile(key_storage=KeyStorageChoice.PASSPHRASE)
    profile.close()
    return created.root


def open_dialog(qtbot: QtBot, root: Path) -> UnlockDialog:
    dialog = UnlockDialog(root)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def submit(qtbot: QtBot, dialog: UnlockDialog, passphrase: str) -> None:
    dialog.passphrase_edit.clear()
    QTest.keyClicks(dialog.passphrase_edit, passphrase)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: not dialog._busy, timeout=20_000)


@pytest.mark.slow
def test_wrong_passphrase_is_an_inline_error_and_a_retry_opens(
        qtbot: QtBot, make_profile: Callable[..., tuple[NewProfile, Profile]],
        appearance: Appearance, screenshot: Screenshot) -> None:
    dialog = open_dialog(qtbot, passphrase_profile(make_profile))
    screenshot(dialog, "unlock")
    submit(qtbot, dialog, "not the passphrase at all")
    assert dialog.isVisible()
    assert "wrong passphrase" in dialog.error.text().lower()
    assert dialog.passphrase_edit.selectedText() == "not the passphrase at all"
    screenshot(dialog, "unlock-wrong-passphrase")
    with qtbot.waitSignal(dialog.finished, timeout=20_000):
        submit(qtbot, dialog, TEST_PASSPHRASE)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.profile is not None
    assert dialog.profile.whoami().name == "Li Wei"
    assert dialog.passphrase_edit.text() == ""
    dialog.profile.close()


@pytest.mark.slow
def test_empty_passphrase_is_refused_without_calling_the_service(
        qtbot: QtBot, make_profile: Callable[..., tuple[NewProfile, Profile]],
        appearance: Appearance) -> None:
    dialog = open_dialog(qtbot, passphrase_profile(make_profile))
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.error.text() == "Enter your passphrase."
    assert not dialog._busy


@pytest.mark.slow
def test_missing_database_is_shown_inline_with_the_recovery_hint(
        qtbot: QtBot, make_profile: Callable[..., tuple[NewProfile, Profile]],
        appearance: Appearance) -> None:
    root = passphrase_profile(make_profile)
    (root / "liaison.db").unlink()
    dialog = open_dialog(qtbot, root)
    submit(qtbot, dialog, TEST_PASSPHRASE)
    assert dialog.isVisible()
    assert "is missing" in dialog.error.text()
    assert "recovery key" in dialog._hint.text()
    assert dialog.recover_button.isVisible()
