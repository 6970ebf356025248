"""IT's provisioning reaches the first-run wizard: defaults filled, locked fields locked."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from ui.appearance import Appearance
from ui.wizard.wizard import FirstRunWizard

SYSTEM = """\
relay_url = "https://relay.customs.example:8443"
relay_ca = "/etc/liaison/relay-ca.pem"
allowed_agencies = ["Douane Rotterdam"]
officer_may_change = ["relay_ca", "idle_lock_minutes"]
"""


def _wizard(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
            system: str) -> FirstRunWizard:
    config = tmp_path / "etc.toml"
    config.write_text(system, encoding="utf-8")
    monkeypatch.setenv("LIAISON_SYSTEM_CONFIG", str(config))
    wizard = FirstRunWizard(tmp_path / "home" / "profile", "no OS keyring is available")
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    return wizard


def test_provisioned_values_fill_the_wizard_and_locked_ones_cannot_be_typed_over(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        appearance: Appearance) -> None:
    wizard = _wizard(qtbot, tmp_path, monkeypatch, SYSTEM)
    relay = wizard.relay_page
    assert relay.url_edit.text() == "https://relay.customs.example:8443"
    assert relay.url_edit.isReadOnly()
    assert "IT department" in relay.url_edit.accessibleDescription()
    relay.url_edit.setFocus()
    QTest.keyClick(relay.url_edit, Qt.Key.Key_End)
    QTest.keyClicks(relay.url_edit, "x")
    QTest.keyClick(relay.url_edit, Qt.Key.Key_Backspace)
    assert relay.url_edit.text() == "https://relay.customs.example:8443"
    # The officer may change the CA path: filled in, still editable.
    assert relay.ca_edit.text() == "/etc/liaison/relay-ca.pem"
    assert not relay.ca_edit.isReadOnly()
    assert relay.browse_button.isEnabled()
    agency = wizard.identity_page.agency_edit
    assert agency.text() == "Douane Rotterdam"
    assert agency.isReadOnly()
    assert wizard.provisioning_error is None


def test_a_malformed_provisioning_file_stops_the_wizard_with_a_clear_error(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        appearance: Appearance) -> None:
    wizard = _wizard(qtbot, tmp_path, monkeypatch, 'relay_url = "ftp://x"\n')
    assert wizard.provisioning_error == (
        f"{tmp_path / 'etc.toml'}, line 1: key 'relay_url': must be an https:// URL")
    assert wizard.relay_page.error.isVisible()  # on the first page
    QTest.mouseClick(wizard.button(QWizard.WizardButton.NextButton),
                     Qt.MouseButton.LeftButton)
    assert wizard.currentId() == FirstRunWizard.RELAY


def _next(wizard: FirstRunWizard) -> None:
    QTest.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)


def _to_security_page(qtbot: QtBot, wizard: FirstRunWizard) -> None:
    _next(wizard)  # relay → identity (no relay: local use)
    wizard.identity_page.name_edit.setText("Ada Officer")
    if not wizard.identity_page.agency_edit.isReadOnly():
        wizard.identity_page.agency_edit.setText("Test Customs")
    _next(wizard)  # identity → security
    assert wizard.currentId() == FirstRunWizard.SECURITY


def _commit(wizard: FirstRunWizard) -> None:
    QTest.mouseClick(wizard.button(QWizard.WizardButton.CommitButton), Qt.MouseButton.LeftButton)


def test_a_required_keyring_refuses_a_passphrase_profile(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        appearance: Appearance) -> None:
    wizard = _wizard(qtbot, tmp_path, monkeypatch, 'key_storage = "keyring"\n')
    _to_security_page(qtbot, wizard)
    wizard.security_page.passphrase_edit.setText("a long enough passphrase 1")
    wizard.security_page.repeat_edit.setText("a long enough passphrase 1")
    _commit(wizard)
    assert wizard.currentId() == FirstRunWizard.SECURITY
    assert wizard.security_page.error.isVisible()
    assert not (tmp_path / "home" / "profile").exists()


def test_it_s_minimum_passphrase_length_is_enforced(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        appearance: Appearance) -> None:
    wizard = _wizard(qtbot, tmp_path, monkeypatch, "min_passphrase_length = 30\n")
    _to_security_page(qtbot, wizard)
    short = "only twenty-odd chars here"
    wizard.security_page.passphrase_edit.setText(short)
    wizard.security_page.repeat_edit.setText(short)
    _commit(wizard)
    assert wizard.currentId() == FirstRunWizard.SECURITY
    assert not (tmp_path / "home" / "profile").exists()
    long_enough = "a passphrase of more than thirty characters"
    wizard.security_page.passphrase_edit.setText(long_enough)
    wizard.security_page.repeat_edit.setText(long_enough)
    _commit(wizard)
    qtbot.waitUntil(lambda: wizard.currentId() == FirstRunWizard.RECOVERY, timeout=30_000)


def test_only_an_allowed_agency_is_accepted(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        appearance: Appearance) -> None:
    wizard = _wizard(qtbot, tmp_path, monkeypatch,
                     'allowed_agencies = ["Douane Rotterdam", "HMRC Felixstowe"]\n')
    _next(wizard)  # no relay: the agency is typed, and IT's list applies
    wizard.identity_page.name_edit.setText("Ada Officer")
    wizard.identity_page.agency_edit.setText("Some Other Agency")
    QTest.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    assert wizard.currentId() == FirstRunWizard.IDENTITY
    assert wizard.identity_page.error.isVisible()
    wizard.identity_page.agency_edit.setText("HMRC Felixstowe")
    QTest.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    assert wizard.currentId() == FirstRunWizard.SECURITY
