"""The wizard registers the new profile with a real relay, or creates nothing.

Real relay process on 127.0.0.1, real enrollment tokens from ``liaison-relay
enroll``, real profile creation: a refused, spent or unreachable enrollment is
shown on the relay page with the fields kept, and no profile directory exists.
"""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from liaison_client.profile import create_profile
from liaison_client.relay_connection import RelayEnrollment as ServiceEnrollment
from liaison_client.relay_connection import RelaySettings
from tests.conftest import TEST_PASSPHRASE, fixed_passphrase
from tests.relay.relay_process import RelayProcess
from tests.ui.screen_testing import Screenshot
from ui.appearance import Appearance
from ui.wizard.wizard import FirstRunWizard


@pytest.fixture
def wizard(qtbot: QtBot, tmp_path: Path, appearance: Appearance) -> FirstRunWizard:
    wizard = FirstRunWizard(tmp_path / "profile", "no OS keyring is available")
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    return wizard


def press(wizard: FirstRunWizard, button: QWizard.WizardButton) -> None:
    QTest.mouseClick(wizard.button(button), Qt.MouseButton.LeftButton)


def enter_relay(qtbot: QtBot, wizard: FirstRunWizard, url: str, token: str,
                ca_file: Path | None = None) -> None:
    """Fill the relay page (the first) and press Next: the wizard asks the relay which
    agency the token is for; wait for its answer."""
    assert wizard.currentId() == FirstRunWizard.RELAY
    QTest.keyClicks(wizard.relay_page.url_edit, url)
    if ca_file is not None:
        QTest.keyClicks(wizard.relay_page.ca_edit, str(ca_file))
    QTest.keyClicks(wizard.relay_page.token_edit, token)
    press(wizard, QWizard.WizardButton.NextButton)
    qtbot.waitUntil(lambda: wizard._checking is None, timeout=30_000)


def create_with_relay(qtbot: QtBot, wizard: FirstRunWizard, url: str, token: str,
                      ca_file: Path | None = None) -> None:
    """Fill every page like an officer and press "Create profile" (or stop on the
    relay page when the relay refused what it was asked)."""
    enter_relay(qtbot, wizard, url, token, ca_file)
    if wizard.currentId() == FirstRunWizard.RELAY:
        return
    QTest.keyClicks(wizard.identity_page.name_edit, "Li Wei")
    press(wizard, QWizard.WizardButton.NextButton)
    QTest.keyClicks(wizard.security_page.passphrase_edit, TEST_PASSPHRASE)
    QTest.keyClicks(wizard.security_page.repeat_edit, TEST_PASSPHRASE)
    press(wizard, QWizard.WizardButton.CommitButton)
    qtbot.waitUntil(lambda: not wizard._creating, timeout=30_000)


def assert_refused_on_relay_page(wizard: FirstRunWizard, tmp_path: Path, url: str,
                                 expected: str) -> None:
    assert wizard.currentId() == FirstRunWizard.RELAY
    assert expected in wizard.relay_page.error.text().lower()
    assert wizard.relay_page.url_edit.text() == url
    assert not (tmp_path / "profile").exists()
    assert wizard.profile is None


def test_a_real_enrollment_token_registers_the_new_profile_with_the_relay(
        qtbot: QtBot, tmp_path: Path, wizard: FirstRunWizard, relay: RelayProcess) -> None:
    create_with_relay(qtbot, wizard, relay.url, relay.enroll("Guangzhou Customs"))

    assert wizard.currentId() == FirstRunWizard.RECOVERY
    wizard.recovery_page.stored_check.click()
    with qtbot.waitSignal(wizard.finished, timeout=5000):
        press(wizard, QWizard.WizardButton.FinishButton)
    profile = wizard.profile
    assert profile is not None
    try:
        settings = RelaySettings.load(profile.store.settings)
        assert settings is not None
        assert settings.url == relay.url
        assert settings.registration["agency"] == "Guangzhou Customs"
    finally:
        profile.close()


def test_a_bad_token_is_shown_on_the_relay_page_and_nothing_is_created(
        qtbot: QtBot, tmp_path: Path, wizard: FirstRunWizard, relay: RelayProcess,
        screenshot: Screenshot) -> None:
    create_with_relay(qtbot, wizard, relay.url, "not-a-token-from-this-relay")

    assert_refused_on_relay_page(wizard, tmp_path, relay.url, "token")
    screenshot(wizard, "wizard-2-relay-bad-token")


def test_a_spent_token_is_refused_and_nothing_is_created(
        qtbot: QtBot, tmp_path: Path, wizard: FirstRunWizard, relay: RelayProcess) -> None:
    token = relay.enroll("Guangzhou Customs", uses=1)
    create_profile(tmp_path / "first-officer", name="Wang Fang", agency="Guangzhou Customs",
                   passphrase=fixed_passphrase(), before_commit=ServiceEnrollment(relay.url, token))

    create_with_relay(qtbot, wizard, relay.url, token)

    assert_refused_on_relay_page(wizard, tmp_path, relay.url, "token")


@pytest.mark.slow
def test_an_unreachable_relay_is_shown_on_the_relay_page_and_nothing_is_created(
        qtbot: QtBot, tmp_path: Path, wizard: FirstRunWizard, screenshot: Screenshot) -> None:
    with socket.socket() as probe:  # a port nobody listens on once closed
        probe.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{probe.getsockname()[1]}"

    create_with_relay(qtbot, wizard, url, "enroll-123")

    assert_refused_on_relay_page(wizard, tmp_path, url, "cannot be reached")
    screenshot(wizard, "wizard-2-relay-unreachable")


def test_a_ca_file_that_is_not_a_certificate_is_refused_before_any_network_call(
        qtbot: QtBot, tmp_path: Path, wizard: FirstRunWizard) -> None:
    ca = tmp_path / "relay-ca.pem"
    ca.write_text("this is not a certificate\n")

    create_with_relay(qtbot, wizard, "https://relay.example.gov", "enroll-123", ca)

    assert_refused_on_relay_page(wizard, tmp_path, "https://relay.example.gov",
                                 "not a pem certificate")
