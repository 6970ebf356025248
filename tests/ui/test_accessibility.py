"""Accessibility: names for assistive technology, keyboard navigation, 200% scaling."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QPushButton, QWizard
from pytestqt.qtbot import QtBot

from liaison_client.profile import KeyStorageChoice, NewProfile, Profile, open_profile
from liaison_client.workspace import Workspace
from tests.conftest import fixed_passphrase
from tests.sync.conftest import OfficerFactory, make_officer, relay, start_relay_process
from tests.ui.conftest import SCREENS_DIR
from ui.appearance import Appearance
from ui.preferences import Language, Theme
from ui.wizard.wizard import FirstRunWizard

__all__ = ["make_officer", "relay", "start_relay_process"]

REPO = Path(__file__).resolve().parents[2]


def run_audit(profile: Profile, scale: str, channel_id: str | None = None,
              language: Language = Language.ENGLISH, theme: Theme = Theme.LIGHT) -> list[str]:
    """Audit every screen in a fresh process (see screen_audit.py); its report lines.
    With ``channel_id``, also the main window with that operation open, its search,
    the verify and the invite dialog."""
    root = profile.layout.root
    profile.close()
    env = dict(os.environ, QT_SCALE_FACTOR=scale, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-m", "tests.ui.screen_audit", str(root), str(SCREENS_DIR),
         *([channel_id] if channel_id else []), "--language", str(language),
         "--theme", str(theme)],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=180, check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


@dataclass(frozen=True)
class OpenChannel:
    root: Path
    channel_id: str


@pytest.fixture
def channel_with_members(make_officer: OfficerFactory) -> Iterator[OpenChannel]:
    """Li Wei's profile with an operation Anna Schmidt was invited to, messages both
    ways and an attachment, over a real relay; closed, for the audit process to open."""
    li = make_officer("Li Wei", "广州海关 Guangzhou Customs")
    anna = make_officer("Anna Schmidt", "Zoll Hamburg")
    channel = li.workspace.channels.create("Op Jade 翡翠行动").channel_id
    assert li.workspace.channels.invite(channel, anna.device_id, name=anna.name).accepted
    anna.sync()
    for text in ("Reefer MSKU 7654321 arrives Friday at berth 4.",
                 "冷藏集装箱周五抵达4号泊位，请安排查验。"):
        assert li.workspace.sending.send_text(channel, text).accepted
    anna.sync()
    assert anna.workspace.sending.send_text(channel,
                                            "Seal number checked: SEAL-0042. 收到。").accepted
    manifest = li.root.parent / "manifest 舱单 MSKU7654321.csv"
    manifest.write_bytes(b"container,seal\nMSKU7654321,SEAL-0042\n" * 40)
    assert li.workspace.sending.send_attachment(channel, manifest).accepted
    watchlists = li.workspace.watchlists
    watchlists.add(channel, "High-risk 高风险", "container", "CSQU3054383",
                   note="tiles 瓷砖", tags=["tobacco", "香烟"])
    watchlists.add(channel, "High-risk 高风险", "company", "广州翡翠贸易有限公司",
                   uscc="91350100M000100Y43")
    li.sync(2)
    li.workspace.close()
    li.profile.close()
    yield OpenChannel(li.root, channel)
    # The factory closes what it opened: give it an open profile again.
    li.profile = open_profile(li.root, passphrase=fixed_passphrase())
    li.workspace = Workspace(li.profile, None)


def run_channel_audit(opened: OpenChannel, scale: str,
                      language: Language = Language.ENGLISH,
                      theme: Theme = Theme.LIGHT) -> list[str]:
    profile = open_profile(opened.root, passphrase=fixed_passphrase())
    return run_audit(profile, scale, opened.channel_id, language, theme)


def problems(report: list[str]) -> list[str]:
    return [line for line in report
            if line.startswith(("unnamed", "clipped", "unreachable", "unreadable",
                                "faint", "untranslated", "english"))]


#: Every screen the audit reaches without an open operation.
SCREENS = ("main-window", "settings", "settings-join", "idle-lock", "unlock", "unlock-recovery",
           "wizard-identity", "wizard-relay", "wizard-passphrase", "wizard-recovery")


@pytest.mark.slow
def test_every_control_of_every_screen_has_an_accessible_name(
        make_profile: Callable[..., tuple[NewProfile, Profile]]) -> None:
    """Every Tab stop too, the wizard's own Back/Next/Create/Finish buttons included:
    a screen reader must not announce a bare "push button"."""
    report = run_audit(make_profile(key_storage=KeyStorageChoice.PASSPHRASE)[1], "1")
    assert problems(report) == []
    assert all((SCREENS_DIR / f"{screen}-100pct.png").is_file() for screen in SCREENS)


@pytest.mark.slow
def test_every_screen_is_named_and_unclipped_in_chinese_at_100_and_200_percent(
        make_profile: Callable[..., tuple[NewProfile, Profile]]) -> None:
    for scale in ("1", "2"):
        profile = make_profile(key_storage=KeyStorageChoice.PASSPHRASE,
                               dirname=f"zh-{scale}")[1]
        report = run_audit(profile, scale, language=Language.SIMPLIFIED_CHINESE)
        assert problems(report) == [], scale
        assert "tab wizard-identity ['机构与口岸'" in "\n".join(report)


@pytest.mark.slow
def test_everything_is_readable_at_200_percent_scaling(
        make_profile: Callable[..., tuple[NewProfile, Profile]]) -> None:
    report = run_audit(make_profile(key_storage=KeyStorageChoice.PASSPHRASE)[1], "2")
    assert "device-pixel-ratio 2.0" in report
    assert [line for line in report if line.startswith("clipped")] == []
    shot = QImage(str(SCREENS_DIR / "main-window-200pct.png"))
    assert shot.width() >= 2 * 1000


@pytest.mark.slow
def test_every_screen_is_named_unclipped_and_readable_in_the_dark_theme(
        make_profile: Callable[..., tuple[NewProfile, Profile]]) -> None:
    report = run_audit(make_profile(key_storage=KeyStorageChoice.PASSPHRASE)[1], "1",
                       theme=Theme.DARK)
    assert problems(report) == []
    assert (SCREENS_DIR / "wizard-passphrase-dark-100pct.png").is_file()


@pytest.mark.slow
def test_tab_order_follows_the_layout(
        make_profile: Callable[..., tuple[NewProfile, Profile]]) -> None:
    report = run_audit(make_profile(key_storage=KeyStorageChoice.PASSPHRASE)[1], "1")
    assert ("tab main-window ['Copy: Device ID', 'Fingerprint', 'Copy: Fingerprint']"
            in report)
    assert "tab wizard-identity ['Agency and post', 'Back', 'Next']" in report
    assert ("tab wizard-relay ['Pinned CA certificate file', "
            "'Choose CA certificate file', 'Enrollment token', 'Try a demo workspace']"
            in report)
    assert "tab wizard-passphrase ['Repeat passphrase', 'Back', 'Create profile']" in report


@pytest.mark.slow
def test_the_join_a_relay_section_is_audited_in_both_languages_and_themes(
        make_profile: Callable[..., tuple[NewProfile, Profile]]) -> None:
    """Settings → "Join a relay" (a profile made without a relay): named, reachable,
    unclipped, readable and translated, with a refusal shown in place; English light
    at 100 %, Chinese dark at 200 %."""
    runs = [(Language.ENGLISH, Theme.LIGHT, "1"), (Language.SIMPLIFIED_CHINESE, Theme.DARK, "2")]
    reports = []
    for language, theme, scale in runs:
        profile = make_profile(key_storage=KeyStorageChoice.PASSPHRASE,
                               dirname=f"join-{language}-{theme}")[1]
        report = run_audit(profile, scale, language=language, theme=theme)
        assert "join-section shown" in report, (language, theme)
        assert problems(report) == [], (language, theme)
        reports.append(report)
    assert ("tab settings-join ['Pinned CA certificate file for the relay', "
            "'Choose CA certificate file', 'Enrollment token', 'Join the relay']"
            in reports[0])
    assert (SCREENS_DIR / "settings-join-100pct.png").is_file()
    assert (SCREENS_DIR / "settings-join-zh_CN-dark-200pct.png").is_file()


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


@pytest.mark.slow
def test_the_idle_lock_is_keyboard_reachable_and_named(
        make_profile: Callable[..., tuple[NewProfile, Profile]]) -> None:
    report = run_audit(make_profile(key_storage=KeyStorageChoice.PASSPHRASE)[1], "1")
    assert any(line.startswith("tab idle-lock ['Unlock'") for line in report)
    assert [line for line in report if line.startswith(("unnamed idle-lock",
                                                        "clipped idle-lock",
                                                        "unreachable idle-lock"))] == []


def test_an_open_channel_shows_named_controls_and_unclipped_text_at_200_percent(
        channel_with_members: OpenChannel) -> None:
    """Timeline with messages and an attachment, the composer with an upload running,
    members and their actions: all named, no label clipped, at 200 %."""
    report = run_channel_audit(channel_with_members, "2")
    assert "device-pixel-ratio 2.0" in report
    assert problems(report) == []
    shot = QImage(str(SCREENS_DIR / "main-window-channel-200pct.png"))
    assert shot.width() >= 2 * 1000
    for screen in ("search", "verify", "invite", "message-menu", "message-details",
                   "attachment-confirm", "main-window-reply"):
        assert (SCREENS_DIR / f"{screen}-200pct.png").is_file()


@pytest.mark.slow
def test_an_open_channel_and_its_dialogs_are_readable_in_chinese_at_200_percent(
        channel_with_members: OpenChannel) -> None:
    """The members' rows (name, agency, role and verification state each on a line
    of its own), the search, verify and invite dialogs, in 简体中文 at 200 %."""
    report = run_channel_audit(channel_with_members, "2", Language.SIMPLIFIED_CHINESE)
    assert problems(report) == []
    assert (SCREENS_DIR / "verify-zh_CN-200pct.png").is_file()
    assert (SCREENS_DIR / "message-details-zh_CN-200pct.png").is_file()
    assert (SCREENS_DIR / "attachment-confirm-zh_CN-200pct.png").is_file()


@pytest.mark.slow
def test_an_open_channel_and_its_dialogs_are_readable_in_the_dark_theme_in_chinese(
        channel_with_members: OpenChannel) -> None:
    """The same screens in the dark theme (issue 11: the heading bar under the DEMO
    badge, message details with its read receipts line, the attachment confirmation),
    in 简体中文 at 100 %: named, unclipped, readable, nothing left in English."""
    report = run_channel_audit(channel_with_members, "1", Language.SIMPLIFIED_CHINESE,
                               Theme.DARK)
    assert problems(report) == []
    for screen in ("main-window-channel", "message-details", "attachment-confirm"):
        assert (SCREENS_DIR / f"{screen}-zh_CN-dark-100pct.png").is_file()


def test_tab_goes_from_the_operations_through_the_channel_to_the_members_actions(
        channel_with_members: OpenChannel) -> None:
    report = run_channel_audit(channel_with_members, "1")
    [chain] = [line for line in report if line.startswith("tab main-window-channel ")]
    assert chain == ("tab main-window-channel ['New operation', 'Messages', 'Attach files', "
                     "'New report', 'Message', 'Send message', 'Cancel this upload', "
                     "'Device ID', 'Copy: Device ID', "
                     "'Fingerprint', 'Copy: Fingerprint', 'Members', "
                     "'Verify the selected member', 'Invite an officer', "
                     "'Remove the selected member']")  # and round to the operations again
    assert [line for line in report if line.startswith(("unnamed main-window-channel",
                                                        "clipped main-window-channel"))] == []
