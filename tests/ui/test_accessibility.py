"""Accessibility: names for assistive technology, keyboard navigation, 200% scaling."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QPushButton, QWizard
from pytestqt.qtbot import QtBot

from liaison_client.profile import KeyStorageChoice, NewProfile, Profile
from tests.ui.conftest import SCREENS_DIR
from ui.appearance import Appearance
from ui.wizard.wizard import FirstRunWizard

REPO = Path(__file__).resolve().parents[2]


def run_audit(profile: Profile, scale: str) -> list[str]:
    """Audit every screen in a fresh process (see screen_audit.py); its report lines."""
    root = profile.layout.root
    profile.close()
    env = dict(os.environ, QT_SCALE_FACTOR=scale, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-m", "tests.ui.screen_audit", str(root), str(SCREENS_DIR)],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_every_control_of_every_screen_has_an_accessible_name(
        make_profile: Callable[..., tuple[NewProfile, Profile]]) -> None:
    report = run_audit(make_profile(key_storage=KeyStorageChoice.PASSPHRASE)[1], "1")
    assert [line for line in report if line.startswith("unnamed")] == []
    assert [line for line in report if line.startswith("clipped")] == []


@pytest.mark.slow
def test_everything_is_readable_at_200_percent_scaling(
        make_profile: Callable[..., tuple[NewProfile, Profile]]) -> None:
    report = run_audit(make_profile(key_storage=KeyStorageChoice.PASSPHRASE)[1], "2")
    assert "device-pixel-ratio 2.0" in report
    assert [line for line in report if line.startswith("clipped")] == []
    shot = QImage(str(SCREENS_DIR / "main-window-200pct.png"))
    assert shot.width() >= 2 * 1000


def test_tab_order_follows_the_layout(
        make_profile: Callable[..., tuple[NewProfile, Profile]]) -> None:
    report = run_audit(make_profile(key_storage=KeyStorageChoice.PASSPHRASE)[1], "1")
    assert ("tab main-window ['Copy: Device ID', 'Fingerprint', 'Copy: Fingerprint']"
            in report)
    assert "tab wizard-identity ['Agency and post', 'Next >'" in "\n".join(report) or any(
        line.startswith("tab wizard-identity ['Agency and post'") for line in report)
    assert any(line.startswith("tab wizard-relay ['Pinned CA certificate file', "
                               "'Choose CA certificate file', 'Enrollment token']")
               for line in report)
    assert any(line.startswith("tab wizard-passphrase ['Repeat passphrase'")
               for line in report)


def test_wizard_labels_lead_to_their_fields_by_mnemonic(
        qtbot: QtBot, tmp_path: Path, appearance: Appearance) -> None:
    wizard = FirstRunWizard(tmp_path / "new", "no OS keyring is available")
    qtbot.addWidget(wizard)
    wizard.show()
    relay = wizard.relay_page
    buddies = {label.text(): label.buddy() for label in
               (relay._url_label, relay._ca_label, relay._token_label)}
    assert buddies == {"Relay &address (optional)": relay.url_edit,
                       "Pinned &CA certificate (optional)": relay.ca_edit,
                       "Enrollment &token": relay.token_edit}
    # Enter in a field presses the default button: Next, then Create profile.
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    assert isinstance(next_button, QPushButton)
    assert next_button.isDefault()


def test_the_idle_lock_is_keyboard_reachable_and_named(
        make_profile: Callable[..., tuple[NewProfile, Profile]]) -> None:
    report = run_audit(make_profile(key_storage=KeyStorageChoice.PASSPHRASE)[1], "1")
    assert any(line.startswith("tab idle-lock ['Unlock'") for line in report)
    assert [line for line in report if line.startswith(("unnamed idle-lock",
                                                        "clipped idle-lock"))] == []
