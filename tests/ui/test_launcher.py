"""Start-up: the launcher shows the wizard, the unlock dialog, the failure screen or the
main window, decided by the real profile on disk."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QSettings
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox, QWidget
from pytestqt.qtbot import QtBot

from liaison_client.profile import KeyStorageChoice, NewProfile, Profile
from liaison_client.store.key_custody import keyring_delete
from tests.conftest import fixed_passphrase
from tests.ui.screen_testing import Screenshot
from ui.appearance import Appearance
from ui.launcher import Launcher
from ui.main_window.main_window import MainWindow
from ui.profile_probe import PASSPHRASE_ENV, ProfileProbe, begin_probe
from ui.unlock.open_failure_dialog import OpenFailureDialog
from ui.unlock.recovery_dialog import RecoveryDialog
from ui.unlock.unlock_dialog import UnlockDialog
from ui.wizard.wizard import FirstRunWizard


@pytest.fixture(autouse=True)
def close_what_launchers_left() -> Iterator[None]:
    """Screens the launcher shows are its own (it deletes them when done); close the
    ones a test left open, and close any profile it opened."""
    yield
    for launcher in _started:
        for widget in (launcher.screen, launcher.main_window):
            if widget is not None and shiboken6.isValid(widget):
                widget.close()
                widget.deleteLater()
        launcher.shutdown()
    _started.clear()


_started: list[Launcher] = []


def start(qtbot: QtBot, root: Path, appearance: Appearance,
          probe: ProfileProbe | None = None) -> tuple[Launcher, QWidget]:
    launcher = Launcher(root, appearance, probe=probe)
    _started.append(launcher)
    seen: list[QWidget] = []
    launcher.screen_shown.connect(seen.append)
    launcher.main_window_shown.connect(seen.append)
    launcher.start()
    qtbot.waitUntil(lambda: len(seen) == 1, timeout=20_000)
    return launcher, seen[0]


def test_no_profile_starts_the_first_run_wizard(qtbot: QtBot, tmp_path: Path,
                                                appearance: Appearance) -> None:
    _, shown = start(qtbot, tmp_path / "new-profile", appearance)
    assert isinstance(shown, FirstRunWizard)


@pytest.mark.slow
def test_passphrase_profile_asks_for_the_passphrase(
        qtbot: QtBot, make_profile: Callable[..., tuple[NewProfile, Profile]],
        appearance: Appearance) -> None:
    created, profile = make_profile(key_storage=KeyStorageChoice.PASSPHRASE)
    profile.close()
    _, shown = start(qtbot, created.root, appearance)
    assert isinstance(shown, UnlockDialog)


@pytest.mark.slow
def test_damaged_profile_shows_the_failure_screen_with_the_recovery_hint(
        qtbot: QtBot, make_profile: Callable[..., tuple[NewProfile, Profile]],
        appearance: Appearance, screenshot: Screenshot) -> None:
    created, profile = make_profile(key_storage=KeyStorageChoice.PASSPHRASE)
    profile.close()
    (created.root / "profile.json").write_text("{ not json")
    _, shown = start(qtbot, created.root, appearance)
    assert isinstance(shown, OpenFailureDialog)
    assert "profile manifest" in shown.reason.text()
    assert "recovery key" in shown._hint.text()
    assert shown.recover_button.isVisible()
    screenshot(shown, "open-failure")


@pytest.mark.slow
def test_a_lost_key_file_is_recovered_from_the_failure_screen_into_the_main_window(
        qtbot: QtBot, make_profile: Callable[..., tuple[NewProfile, Profile]],
        appearance: Appearance) -> None:
    """Issue 11, item 14: the failure screen's "Use recovery key…" sets a passphrase and
    the launcher goes on to the main window with that profile."""
    created, profile = make_profile(key_storage=KeyStorageChoice.PASSPHRASE)
    profile.close()
    (created.root / "keys.passphrase.json").unlink()  # the passphrase no longer opens it
    launcher, shown = start(qtbot, created.root, appearance)
    assert isinstance(shown, OpenFailureDialog)
    windows: list[QWidget] = []
    launcher.main_window_shown.connect(windows.append)
    shown.recover_button.click()
    recovery = shown.findChild(RecoveryDialog)
    assert isinstance(recovery, RecoveryDialog)
    QTest.keyClicks(recovery.key_edit, created.recovery_key.formatted())
    QTest.keyClicks(recovery.passphrase_edit, "a brand new passphrase 2")
    QTest.keyClicks(recovery.repeat_edit, "a brand new passphrase 2")
    recovery.recover_button.click()
    qtbot.waitUntil(lambda: bool(windows), timeout=60_000)
    assert launcher.profile is not None
    assert launcher.profile.whoami().name == "Li Wei"
    windows[0].close()


@pytest.mark.slow
def test_retry_on_the_failure_screen_probes_again(
        qtbot: QtBot, make_profile: Callable[..., tuple[NewProfile, Profile]],
        appearance: Appearance) -> None:
    created, profile = make_profile(key_storage=KeyStorageChoice.PASSPHRASE)
    profile.close()
    manifest = created.root / "profile.json"
    good = manifest.read_bytes()
    manifest.write_text("{ not json")
    launcher, shown = start(qtbot, created.root, appearance)
    manifest.write_bytes(good)  # the officer restored the file
    with qtbot.waitSignal(launcher.screen_shown, timeout=20_000) as blocker:
        assert isinstance(shown, OpenFailureDialog)
        shown.buttons.button(QDialogButtonBox.StandardButton.Retry).click()
    assert isinstance(blocker.args[0], UnlockDialog)


@pytest.mark.slow
def test_quitting_the_failure_screen_ends_the_session(
        qtbot: QtBot, tmp_path: Path, make_profile: Callable[..., tuple[NewProfile, Profile]],
        appearance: Appearance) -> None:
    created, profile = make_profile(key_storage=KeyStorageChoice.PASSPHRASE)
    profile.close()
    (created.root / "profile.json").write_text("{ not json")
    launcher, shown = start(qtbot, created.root, appearance)
    with qtbot.waitSignal(launcher.quit_requested, timeout=5000):
        assert isinstance(shown, OpenFailureDialog)
        shown.buttons.button(QDialogButtonBox.StandardButton.Close).click()


@pytest.mark.keyring
@pytest.mark.usefixtures("real_keyring")
def test_keyring_profile_opens_the_main_window_without_asking(
        qtbot: QtBot, make_profile: Callable[..., tuple[NewProfile, Profile]],
        appearance: Appearance) -> None:
    created, profile = make_profile(key_storage=KeyStorageChoice.KEYRING)
    profile.close()
    _, shown = start(qtbot, created.root, appearance)
    assert isinstance(shown, MainWindow)


@pytest.mark.keyring
@pytest.mark.usefixtures("real_keyring")
def test_missing_keyring_entry_shows_the_failure_screen(
        qtbot: QtBot, make_profile: Callable[..., tuple[NewProfile, Profile]],
        appearance: Appearance) -> None:
    created, profile = make_profile(key_storage=KeyStorageChoice.KEYRING)
    profile_id = profile.manifest.profile_id
    profile.close()
    keyring_delete(profile_id)
    _, shown = start(qtbot, created.root, appearance)
    assert isinstance(shown, OpenFailureDialog)
    assert "not in the OS keyring" in shown.reason.text()


@pytest.mark.slow
def test_a_passphrase_from_the_environment_opens_the_profile_begun_before_qt(
        qtbot: QtBot, make_profile: Callable[..., tuple[NewProfile, Profile]],
        appearance: Appearance, monkeypatch: pytest.MonkeyPatch) -> None:
    _, profile = make_profile(key_storage=KeyStorageChoice.PASSPHRASE)
    root = profile.layout.root
    profile.close()
    monkeypatch.setenv(PASSPHRASE_ENV, fixed_passphrase()(False))
    probe = begin_probe(root)
    assert PASSPHRASE_ENV not in os.environ  # read once; child processes never see it
    launcher, shown = start(qtbot, root, appearance, probe)
    assert isinstance(shown, MainWindow)
    assert launcher.profile is not None
    assert probe.finished_at is not None


@pytest.mark.slow
def test_a_wrong_passphrase_from_the_environment_asks_the_officer(
        qtbot: QtBot, make_profile: Callable[..., tuple[NewProfile, Profile]],
        appearance: Appearance, monkeypatch: pytest.MonkeyPatch) -> None:
    _, profile = make_profile(key_storage=KeyStorageChoice.PASSPHRASE)
    root = profile.layout.root
    profile.close()
    monkeypatch.setenv(PASSPHRASE_ENV, "not the passphrase at all")
    _, shown = start(qtbot, root, appearance, begin_probe(root))
    assert isinstance(shown, UnlockDialog)


@pytest.mark.slow
def test_without_a_passphrase_the_early_probe_asks_for_it(
        qtbot: QtBot, make_profile: Callable[..., tuple[NewProfile, Profile]],
        appearance: Appearance, monkeypatch: pytest.MonkeyPatch) -> None:
    _, profile = make_profile(key_storage=KeyStorageChoice.PASSPHRASE)
    root = profile.layout.root
    profile.close()
    monkeypatch.delenv(PASSPHRASE_ENV, raising=False)
    _, shown = start(qtbot, root, appearance, begin_probe(root))
    assert isinstance(shown, UnlockDialog)


@pytest.mark.keyring
@pytest.mark.usefixtures("real_keyring")
def test_an_idle_lock_delay_chosen_in_settings_applies_at_once(
        qtbot: QtBot, make_profile: Callable[..., tuple[NewProfile, Profile]],
        appearance: Appearance, ui_settings: QSettings) -> None:
    """Issue 11, item 8: choosing "after 1 minute" used to take effect only when the
    countdown of the old delay (5 minutes) ended."""
    created, profile = make_profile(key_storage=KeyStorageChoice.KEYRING)
    profile.close()
    launcher = Launcher(created.root, appearance, ui_settings=ui_settings)
    _started.append(launcher)
    launcher.start()
    qtbot.waitUntil(lambda: launcher.main_window is not None, timeout=20_000)
    window, lock = launcher.main_window, launcher.idle_lock
    assert window is not None
    assert lock is not None
    assert lock.delay_ms != 60_000
    runtime = window.open_settings().runtime
    runtime.lock_combo.setCurrentIndex(runtime.lock_combo.findData(1))
    assert lock.delay_ms == 60_000
    runtime.lock_combo.setCurrentIndex(runtime.lock_combo.findData(0))
    assert lock.delay_ms == 0
