"""Settings → Relay says how the connection is protected (issue 11, item 14): a plain
http relay (allowed on loopback only) is not encrypted, and the section says so
instead of "trusted through the system's certificate authorities"."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from liaison_client.profile import NewProfile, Profile
from liaison_client.relay_connection import RelaySettings
from ui.appearance import Appearance
from ui.preferences import Language
from ui.settings.settings_dialog import SettingsDialog

MakeProfile = Callable[..., tuple[NewProfile, Profile]]


def shown_trust(qtbot: QtBot, appearance: Appearance, ui_settings: QSettings,
                profile: Profile) -> SettingsDialog:
    dialog = SettingsDialog(appearance, ui_settings=ui_settings, profile=profile)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.relay.relay is not None, timeout=10_000)
    return dialog


def test_a_plain_http_loopback_relay_is_said_to_be_unencrypted(
        qtbot: QtBot, appearance: Appearance, ui_settings: QSettings,
        make_profile: MakeProfile) -> None:
    _, profile = make_profile()
    RelaySettings(url="http://127.0.0.1:8765", ca_pem=None,
                  registration={}).save(profile.store.settings)
    dialog = shown_trust(qtbot, appearance, ui_settings, profile)
    trust = dialog.relay.trust_label
    assert trust.text() == ("Not encrypted: plain http to a relay on this computer "
                            "(loopback only).")
    appearance.set_language(Language.SIMPLIFIED_CHINESE)
    try:
        qtbot.waitUntil(lambda: trust.text().startswith("未加密"), timeout=5_000)
    finally:
        appearance.set_language(Language.ENGLISH)


def test_an_https_relay_without_a_pin_is_trusted_through_the_system(
        qtbot: QtBot, appearance: Appearance, ui_settings: QSettings,
        make_profile: MakeProfile) -> None:
    _, profile = make_profile()
    RelaySettings(url="https://relay.customs.example", ca_pem=None,
                  registration={}).save(profile.store.settings)
    dialog = shown_trust(qtbot, appearance, ui_settings, profile)
    assert dialog.relay.trust_label.text() == \
        "Trusted through the system's certificate authorities."
