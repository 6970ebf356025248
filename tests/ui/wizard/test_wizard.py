"""The first-run wizard, driven like an officer would, against the real service."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QWizard
from pytestqt.qtbot import QtBot

from liaison_client.profile import KeyStorageChoice, open_profile, recover_profile
from liaison_client.store.layout import ProfileLayout
from liaison_client.store.manifest import KeyStorage
from tests.conftest import TEST_PASSPHRASE, fixed_passphrase
from tests.ui.screen_testing import Screenshot
from ui.appearance import Appearance
from ui.wizard.wizard import FirstRunWizard

NO_KEYRING = "no OS keyring is available"


@pytest.fixture
def make_wizard(qtbot: QtBot, tmp_path: Path,
                appearance: Appearance) -> Callable[..., FirstRunWizard]:
    def factory(keyring_unusable_reason: str | None = NO_KEYRING,
                root: Path | None = None) -> FirstRunWizard:
        wizard = FirstRunWizard(root or tmp_path / "profile", keyring_unusable_reason)
        qtbot.addWidget(wizard)
        wizard.show()
        qtbot.waitExposed(wizard)
        return wizard
    return factory


def click(qtbot: QtBot, wizard: FirstRunWizard, button: QWizard.WizardButton) -> None:
    QTest.mouseClick(wizard.button(button), Qt.MouseButton.LeftButton)


def type_text(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    """Type like a keyboard; Chinese arrives committed from an input method, like insert()."""
    if text.isascii():
        QTest.keyClicks(edit, text)
    else:
        edit.setFocus()
        edit.insert(text)


def fill_identity(qtbot: QtBot, wizard: FirstRunWizard,
                  name: str = "Li Wei", agency: str = "广州海关 Guangzhou Customs") -> None:
    """No relay (local use), then name and agency typed."""
    if wizard.currentId() == FirstRunWizard.RELAY:
        click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentId() == FirstRunWizard.IDENTITY
    type_text(qtbot, wizard.identity_page.name_edit, name)
    type_text(qtbot, wizard.identity_page.agency_edit, agency)
    click(qtbot, wizard, QWizard.WizardButton.NextButton)


def create(qtbot: QtBot, wizard: FirstRunWizard) -> None:
    """Press "Create profile" and wait until the service answered."""
    click(qtbot, wizard, QWizard.WizardButton.CommitButton)
    qtbot.waitUntil(lambda: not wizard._creating, timeout=20_000)


def test_empty_name_is_refused_inline(qtbot: QtBot, make_wizard: Callable[..., FirstRunWizard],
                                      screenshot: Screenshot) -> None:
    wizard = make_wizard()
    click(qtbot, wizard, QWizard.WizardButton.NextButton)  # no relay: local use
    screenshot(wizard, "wizard-2-identity")
    QTest.keyClicks(wizard.identity_page.agency_edit, "Guangzhou Customs")
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentId() == FirstRunWizard.IDENTITY
    assert wizard.identity_page.error.text() == "Enter your name."
    assert wizard.identity_page.agency_edit.text() == "Guangzhou Customs"


@pytest.mark.parametrize(("url", "token", "ca", "expected"), [
    ("relay.example.gov", "t0ken", "", "must look like https://"),
    ("http://relay.example.gov", "t0ken", "", "Use https://"),
    ("https://relay.example.gov", "", "", "enrollment token"),
    ("https://relay.example.gov", "t0ken", "/nonexistent/ca.pem", "does not exist"),
    ("", "t0ken", "", "relay address that goes with"),
])
def test_malformed_relay_fields_are_refused_inline(
        qtbot: QtBot, make_wizard: Callable[..., FirstRunWizard],
        url: str, token: str, ca: str, expected: str) -> None:
    wizard = make_wizard()
    page = wizard.relay_page
    QTest.keyClicks(page.url_edit, url)
    QTest.keyClicks(page.token_edit, token)
    QTest.keyClicks(page.ca_edit, ca)
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentId() == FirstRunWizard.RELAY
    assert expected in page.error.text()


def test_mismatched_passphrases_are_refused_inline(
        qtbot: QtBot, tmp_path: Path, make_wizard: Callable[..., FirstRunWizard]) -> None:
    wizard = make_wizard()
    fill_identity(qtbot, wizard)
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    QTest.keyClicks(wizard.security_page.passphrase_edit, TEST_PASSPHRASE)
    QTest.keyClicks(wizard.security_page.repeat_edit, TEST_PASSPHRASE + "!")
    click(qtbot, wizard, QWizard.WizardButton.CommitButton)
    assert wizard.currentId() == FirstRunWizard.SECURITY
    assert wizard.security_page.error.text() == "The two passphrases do not match."
    assert not (tmp_path / "profile").exists()


def test_weak_passphrase_is_refused_inline_by_the_service_and_nothing_is_created(
        qtbot: QtBot, tmp_path: Path, make_wizard: Callable[..., FirstRunWizard],
        screenshot: Screenshot) -> None:
    wizard = make_wizard()
    fill_identity(qtbot, wizard)
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    QTest.keyClicks(wizard.security_page.passphrase_edit, "short")
    QTest.keyClicks(wizard.security_page.repeat_edit, "short")
    create(qtbot, wizard)
    assert wizard.currentId() == FirstRunWizard.SECURITY
    assert wizard.security_page.error.text() == ("The passphrase is too short: use at least "
                                                 "12 characters.")
    assert not (tmp_path / "profile").exists()
    assert list(tmp_path.glob(".profile.creating-*")) == []
    screenshot(wizard, "wizard-3-passphrase-weak")


def test_existing_directory_is_refused_inline(
        qtbot: QtBot, tmp_path: Path, make_wizard: Callable[..., FirstRunWizard]) -> None:
    root = tmp_path / "occupied"
    root.mkdir()
    (root / "notes.txt").write_text("someone else's file")
    wizard = make_wizard(root=root)
    fill_identity(qtbot, wizard)
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    QTest.keyClicks(wizard.security_page.passphrase_edit, TEST_PASSPHRASE)
    QTest.keyClicks(wizard.security_page.repeat_edit, TEST_PASSPHRASE)
    create(qtbot, wizard)
    assert "already exists and is not empty" in wizard.security_page.error.text()
    assert sorted(p.name for p in root.iterdir()) == ["notes.txt"]


@pytest.mark.slow
def test_passphrase_profile_is_created_and_the_shown_recovery_key_really_recovers_it(
        qtbot: QtBot, tmp_path: Path, make_wizard: Callable[..., FirstRunWizard],
        screenshot: Screenshot) -> None:
    root = tmp_path / "profile"
    wizard = make_wizard(root=root)
    fill_identity(qtbot, wizard)
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    screenshot(wizard, "wizard-3-passphrase")
    QTest.keyClicks(wizard.security_page.passphrase_edit, TEST_PASSPHRASE)
    QTest.keyClicks(wizard.security_page.repeat_edit, TEST_PASSPHRASE)
    create(qtbot, wizard)
    assert wizard.currentId() == FirstRunWizard.RECOVERY
    assert wizard.security_page.passphrase_edit.text() == ""
    shown_key = wizard.recovery_page.key_label.text()
    screenshot(wizard, "wizard-4-recovery-key")

    finish = wizard.button(QWizard.WizardButton.FinishButton)
    assert not finish.isEnabled()
    wizard.recovery_page.stored_check.click()
    assert finish.isEnabled()
    with qtbot.waitSignal(wizard.finished, timeout=5000):
        click(qtbot, wizard, QWizard.WizardButton.FinishButton)
    profile = wizard.profile
    assert profile is not None
    try:
        assert profile.whoami().name == "Li Wei"
        assert profile.whoami().agency == "广州海关 Guangzhou Customs"
        assert profile.manifest.key_storage is KeyStorage.PASSPHRASE
    finally:
        profile.close()
    assert wizard.recovery_page.key_label.text() == ""
    # The key on screen is the profile's real recovery key.
    recover_profile(root, shown_key, passphrase=fixed_passphrase("a brand new passphrase 2"),
                    key_storage=KeyStorageChoice.PASSPHRASE)
    open_profile(root, passphrase=fixed_passphrase("a brand new passphrase 2")).close()


@pytest.mark.slow
def test_closing_on_the_recovery_page_is_refused_until_the_key_is_acknowledged(
        qtbot: QtBot, make_wizard: Callable[..., FirstRunWizard]) -> None:
    wizard = make_wizard()
    fill_identity(qtbot, wizard)
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    QTest.keyClicks(wizard.security_page.passphrase_edit, TEST_PASSPHRASE)
    QTest.keyClicks(wizard.security_page.repeat_edit, TEST_PASSPHRASE)
    create(qtbot, wizard)
    QTest.keyClick(wizard, Qt.Key.Key_Escape)
    wizard.close()
    assert wizard.isVisible()
    assert "cannot be shown again" in wizard.recovery_page.notice.text()
    wizard.recovery_page.stored_check.click()
    with qtbot.waitSignal(wizard.finished, timeout=5000):
        wizard.close()
    assert wizard.result() == QWizard.DialogCode.Accepted
    assert wizard.profile is not None
    wizard.profile.close()


def test_cancelling_before_creation_leaves_nothing(
        qtbot: QtBot, tmp_path: Path, make_wizard: Callable[..., FirstRunWizard]) -> None:
    wizard = make_wizard()
    fill_identity(qtbot, wizard)
    with qtbot.waitSignal(wizard.finished, timeout=5000):
        click(qtbot, wizard, QWizard.WizardButton.CancelButton)
    assert wizard.profile is None
    assert list(tmp_path.iterdir()) == [] or not ProfileLayout(tmp_path / "profile").exists()


@pytest.mark.keyring
@pytest.mark.usefixtures("real_keyring")
def test_with_a_usable_keyring_no_passphrase_is_asked(
        qtbot: QtBot, tmp_path: Path, make_wizard: Callable[..., FirstRunWizard],
        screenshot: Screenshot) -> None:
    wizard = make_wizard(keyring_unusable_reason=None)
    fill_identity(qtbot, wizard)
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.security_page.passphrase_edit.isHidden()
    screenshot(wizard, "wizard-3-keyring")
    create(qtbot, wizard)
    assert wizard.currentId() == FirstRunWizard.RECOVERY
    wizard.recovery_page.stored_check.click()
    with qtbot.waitSignal(wizard.finished, timeout=5000):
        click(qtbot, wizard, QWizard.WizardButton.FinishButton)
    assert wizard.profile is not None
    try:
        assert wizard.profile.manifest.key_storage is KeyStorage.KEYRING
    finally:
        wizard.profile.close()
