"""Issue 11, item 14: a forgotten passphrase is recovered in the app, not in a terminal.

Real passphrase profiles (SQLCipher, Argon2id), their real recovery keys, the real
core recovery (``recover_profile``): the unlock screen's "Use recovery key…" sets a
new passphrase and opens the profile; mistakes are shown in place, translated, and
change nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from liaison_client.errors import WrongPassphraseError
from liaison_client.profile import KeyStorageChoice, NewProfile, Profile, open_profile
from tests.conftest import TEST_PASSPHRASE, fixed_passphrase
from tests.ui.screen_testing import Screenshot
from ui.appearance import Appearance
from ui.preferences import Language
from ui.unlock.recovery_dialog import RecoveryDialog
from ui.unlock.unlock_dialog import UnlockDialog

NEW_PASSPHRASE = "a brand new passphrase 2"


def passphrase_profile(make_profile: Callable[..., tuple[NewProfile, Profile]]) -> NewProfile:
    created, profile = make_profile(key_storage=KeyStorageChoice.PASSPHRASE)
    profile.close()
    return created


def open_recovery(qtbot: QtBot, created: NewProfile) -> tuple[UnlockDialog, RecoveryDialog]:
    unlock = UnlockDialog(created.root)
    qtbot.addWidget(unlock)
    unlock.show()
    qtbot.waitExposed(unlock)
    unlock.recover_button.click()
    recovery = unlock.findChild(RecoveryDialog)
    assert isinstance(recovery, RecoveryDialog)
    qtbot.waitExposed(recovery)
    return unlock, recovery


def fill(recovery: RecoveryDialog, key: str, passphrase: str,
         repeat: str | None = None) -> None:
    recovery.key_edit.setFocus()
    QTest.keyClicks(recovery.key_edit, key)
    QTest.keyClicks(recovery.passphrase_edit, passphrase)
    QTest.keyClicks(recovery.repeat_edit, passphrase if repeat is None else repeat)


def press_recover(qtbot: QtBot, recovery: RecoveryDialog) -> None:
    recovery.recover_button.click()
    qtbot.waitUntil(lambda: not recovery._busy, timeout=60_000)


def old_passphrase_still_opens(created: NewProfile) -> None:
    open_profile(created.root, passphrase=fixed_passphrase(TEST_PASSPHRASE)).close()


@pytest.mark.slow
def test_the_recovery_key_sets_a_new_passphrase_and_opens_the_profile(
        qtbot: QtBot, make_profile: Callable[..., tuple[NewProfile, Profile]],
        appearance: Appearance, screenshot: Screenshot) -> None:
    created = passphrase_profile(make_profile)
    unlock, recovery = open_recovery(qtbot, created)
    assert recovery.key_edit.echoMode() == recovery.key_edit.EchoMode.Password
    fill(recovery, created.recovery_key.formatted(), NEW_PASSPHRASE)
    screenshot(recovery, "unlock-recovery")  # the key masked, as typed
    recovery.show_key.click()  # checked against the paper
    assert recovery.key_edit.echoMode() == recovery.key_edit.EchoMode.Normal
    with qtbot.waitSignal(unlock.finished, timeout=60_000):
        recovery.recover_button.click()
    assert unlock.result() == QDialog.DialogCode.Accepted
    profile = unlock.profile
    assert profile is not None
    try:
        assert profile.whoami().name == "Li Wei"
    finally:
        profile.close()
    # The new passphrase opens it; the old one no longer does.
    open_profile(created.root, passphrase=fixed_passphrase(NEW_PASSPHRASE)).close()
    with pytest.raises(WrongPassphraseError):
        old_passphrase_still_opens(created)


@pytest.mark.slow
def test_a_mistyped_key_is_refused_on_the_key_field_in_chinese_and_nothing_changes(
        qtbot: QtBot, make_profile: Callable[..., tuple[NewProfile, Profile]],
        appearance: Appearance, screenshot: Screenshot) -> None:
    appearance.set_language(Language.SIMPLIFIED_CHINESE)
    created = passphrase_profile(make_profile)
    _unlock, recovery = open_recovery(qtbot, created)
    key = created.recovery_key.formatted()
    mistyped = ("A" if key[0] != "A" else "B") + key[1:]
    fill(recovery, mistyped, NEW_PASSPHRASE)
    press_recover(qtbot, recovery)
    error = recovery.error.text()
    assert error, "no error shown"
    assert error.startswith("这不是 Liaison 格式的恢复密钥")
    # No English left, the product's name aside.
    assert re.search(r"[A-Za-z]{3,}", error.replace("Liaison", "")) is None, error
    assert recovery.focusWidget() is recovery.key_edit
    assert recovery.isVisible()
    screenshot(recovery, "unlock-recovery-mistyped-zh_CN")
    old_passphrase_still_opens(created)


@pytest.mark.slow
def test_a_weak_new_passphrase_is_refused_on_its_field_and_nothing_changes(
        qtbot: QtBot, make_profile: Callable[..., tuple[NewProfile, Profile]],
        appearance: Appearance) -> None:
    created = passphrase_profile(make_profile)
    _unlock, recovery = open_recovery(qtbot, created)
    fill(recovery, created.recovery_key.formatted(), "short")
    press_recover(qtbot, recovery)
    assert recovery.error.text() == ("The passphrase is too short: use at least "
                                     "12 characters.")
    assert recovery.focusWidget() is recovery.passphrase_edit
    old_passphrase_still_opens(created)


def test_mismatched_new_passphrases_are_refused_before_any_work(
        qtbot: QtBot, tmp_path: object, appearance: Appearance) -> None:
    from pathlib import Path
    recovery = RecoveryDialog(Path(str(tmp_path)) / "profile")
    qtbot.addWidget(recovery)
    recovery.show()
    fill(recovery, "ABCD-EFGH", NEW_PASSPHRASE, NEW_PASSPHRASE + "!")
    recovery.recover_button.click()
    assert not recovery._busy
    assert recovery.error.text() == "The two passphrases do not match."
    assert recovery.repeat_edit.text() == ""
