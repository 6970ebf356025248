"""Issue 11, item 3: the enrollment token fixes the agency, so the wizard asks the relay.

Relay and token are the first page; pressing Next asks the real relay (a process on
127.0.0.1, real tokens from ``liaison-relay enroll``) which agency the token is for,
spending nothing, and the identity page shows that agency read only. A refused
token is shown on the relay page right then, in the interface's language.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from liaison_client.relay_connection import RelaySettings
from tests.conftest import TEST_PASSPHRASE
from tests.relay.relay_process import RelayProcess
from tests.ui.screen_testing import Screenshot
from ui.appearance import Appearance
from ui.preferences import Language
from ui.wizard.wizard import FirstRunWizard

AGENCY = "广州海关 Guangzhou Customs"


@pytest.fixture
def wizard(qtbot: QtBot, tmp_path: Path, appearance: Appearance) -> FirstRunWizard:
    wizard = FirstRunWizard(tmp_path / "profile", "no OS keyring is available")
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    return wizard


def press(wizard: FirstRunWizard, button: QWizard.WizardButton) -> None:
    QTest.mouseClick(wizard.button(button), Qt.MouseButton.LeftButton)


def enter_relay(qtbot: QtBot, wizard: FirstRunWizard, url: str, token: str) -> None:
    QTest.keyClicks(wizard.relay_page.url_edit, url)
    QTest.keyClicks(wizard.relay_page.token_edit, token)
    press(wizard, QWizard.WizardButton.NextButton)
    qtbot.waitUntil(lambda: wizard._checking is None, timeout=30_000)


def test_the_first_page_asks_for_relay_and_token(wizard: FirstRunWizard) -> None:
    assert wizard.currentId() == FirstRunWizard.RELAY
    assert wizard.startId() == FirstRunWizard.RELAY
    assert wizard.relay_page.demo_button.isVisible()


def test_the_agency_the_token_was_issued_for_is_shown_read_only_and_registered(
        qtbot: QtBot, wizard: FirstRunWizard, relay: RelayProcess,
        screenshot: Screenshot) -> None:
    token = relay.enroll(AGENCY, uses=1)
    enter_relay(qtbot, wizard, relay.url, token)

    assert wizard.currentId() == FirstRunWizard.IDENTITY
    agency = wizard.identity_page.agency_edit
    assert agency.text() == AGENCY
    assert agency.isReadOnly()
    assert wizard.identity_page.agency_source.isVisible()
    assert "enrollment token" in agency.accessibleDescription()
    # Read only: typing changes nothing.
    agency.setFocus()
    QTest.keyClicks(agency, ", Huangpu Port")
    assert agency.text() == AGENCY
    screenshot(wizard, "wizard-2-identity-agency-from-token")

    # The check spent nothing: the single-use token still registers the profile.
    QTest.keyClicks(wizard.identity_page.name_edit, "Li Wei")
    press(wizard, QWizard.WizardButton.NextButton)
    QTest.keyClicks(wizard.security_page.passphrase_edit, TEST_PASSPHRASE)
    QTest.keyClicks(wizard.security_page.repeat_edit, TEST_PASSPHRASE)
    press(wizard, QWizard.WizardButton.CommitButton)
    qtbot.waitUntil(lambda: not wizard._creating, timeout=30_000)
    assert wizard.currentId() == FirstRunWizard.RECOVERY
    wizard.recovery_page.stored_check.click()
    with qtbot.waitSignal(wizard.finished, timeout=5000):
        press(wizard, QWizard.WizardButton.FinishButton)
    profile = wizard.profile
    assert profile is not None
    try:
        assert profile.whoami().agency == AGENCY
        settings = RelaySettings.load(profile.store.settings)
        assert settings is not None
        assert settings.registration["agency"] == AGENCY
    finally:
        profile.close()


def test_going_back_to_local_use_gives_the_agency_field_back(
        qtbot: QtBot, wizard: FirstRunWizard, relay: RelayProcess) -> None:
    enter_relay(qtbot, wizard, relay.url, relay.enroll(AGENCY))
    assert wizard.identity_page.agency_edit.isReadOnly()
    press(wizard, QWizard.WizardButton.BackButton)
    wizard.relay_page.url_edit.clear()
    wizard.relay_page.token_edit.clear()
    press(wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentId() == FirstRunWizard.IDENTITY
    agency = wizard.identity_page.agency_edit
    assert not agency.isReadOnly()
    assert agency.text() == ""
    assert not wizard.identity_page.agency_source.isVisible()


def test_a_refused_token_is_shown_on_the_relay_page_in_chinese_before_anything_else(
        qtbot: QtBot, tmp_path: Path, wizard: FirstRunWizard, relay: RelayProcess,
        appearance: Appearance, screenshot: Screenshot) -> None:
    appearance.set_language(Language.SIMPLIFIED_CHINESE)
    enter_relay(qtbot, wizard, relay.url, "not-a-token-from-this-relay")

    assert wizard.currentId() == FirstRunWizard.RELAY
    error = wizard.relay_page.error.text()
    assert error.startswith("中继拒绝了注册令牌")
    assert re.search(r"[A-Za-z]{3,}", error) is None, error  # no English left in it
    assert wizard.focusWidget() is wizard.relay_page.token_edit
    assert not (tmp_path / "profile").exists()
    screenshot(wizard, "wizard-1-relay-token-refused-zh_CN")


def test_a_token_spent_meanwhile_is_still_refused_at_creation_on_the_relay_page(
        qtbot: QtBot, tmp_path: Path, wizard: FirstRunWizard, relay: RelayProcess) -> None:
    """The check is advice, not a reservation: the registration's answer rules."""
    token = relay.enroll(AGENCY, uses=1)
    enter_relay(qtbot, wizard, relay.url, token)
    assert wizard.currentId() == FirstRunWizard.IDENTITY
    from liaison_client.crypto.identity import DeviceIdentity, new_device_id
    from liaison_client.net.client import RelayClient
    with RelayClient(relay.url, ca_pem=relay.ca_pem) as other:
        other.register(token, DeviceIdentity.generate(), new_device_id())
    QTest.keyClicks(wizard.identity_page.name_edit, "Li Wei")
    press(wizard, QWizard.WizardButton.NextButton)
    QTest.keyClicks(wizard.security_page.passphrase_edit, TEST_PASSPHRASE)
    QTest.keyClicks(wizard.security_page.repeat_edit, TEST_PASSPHRASE)
    press(wizard, QWizard.WizardButton.CommitButton)
    qtbot.waitUntil(lambda: not wizard._creating, timeout=30_000)
    assert wizard.currentId() == FirstRunWizard.RELAY
    assert "token" in wizard.relay_page.error.text().lower()
    assert not (tmp_path / "profile").exists()
