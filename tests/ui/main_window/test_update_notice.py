"""The main window says a verified update is available, and only then (pytest-qt)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from liaison_client.profile import NewProfile, Profile
from tests.provenance.conftest import MinisignKeyPair, make_key_pair
from tests.updates.test_update_check import publish
from ui.appearance import Appearance
from ui.main_window.main_window import MainWindow


@pytest.fixture
def publisher(tmp_path: Path) -> MinisignKeyPair:
    return make_key_pair(tmp_path / "publisher")


def _provision(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, share: Path,
               pair: MinisignKeyPair) -> None:
    key = pair.public.read_text().splitlines()[1].strip()
    config = tmp_path / "etc.toml"
    config.write_text(f'update_source = "{share}"\nupdate_publisher_key = "{key}"\n')
    monkeypatch.setenv("LIAISON_SYSTEM_CONFIG", str(config))


def _window(qtbot: QtBot, make_profile: Callable[..., tuple[NewProfile, Profile]],
            appearance: Appearance) -> MainWindow:
    _, profile = make_profile(name="Li Wei", agency="Guangzhou Customs")
    window = MainWindow(profile, appearance)
    qtbot.addWidget(window)
    window.show()
    return window


def test_a_verified_newer_version_is_announced(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        publisher: MinisignKeyPair, appearance: Appearance,
        make_profile: Callable[..., tuple[NewProfile, Profile]]) -> None:
    publish(tmp_path / "share", publisher, "99.0.0")
    _provision(tmp_path, monkeypatch, tmp_path / "share", publisher)
    window = _window(qtbot, make_profile, appearance)
    qtbot.waitUntil(window.update_notice.isVisible, timeout=10_000)
    assert window.update_notice.text() == ("A verified update is available: Liaison 99.0.0. "
                                           "Ask IT to install it.")


def test_a_manifest_by_another_key_is_not_offered(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        publisher: MinisignKeyPair, appearance: Appearance,
        make_profile: Callable[..., tuple[NewProfile, Profile]]) -> None:
    publish(tmp_path / "share", make_key_pair(tmp_path / "intruder"), "99.0.0")
    _provision(tmp_path, monkeypatch, tmp_path / "share", publisher)
    window = _window(qtbot, make_profile, appearance)
    qtbot.waitUntil(window.update_notice.isVisible, timeout=10_000)
    assert window.update_notice.text() == "An update was published but did not verify: tell IT."
    assert "99.0.0" not in window.update_notice.text()


def test_without_an_update_source_nothing_is_shown(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        appearance: Appearance,
        make_profile: Callable[..., tuple[NewProfile, Profile]]) -> None:
    monkeypatch.setenv("LIAISON_SYSTEM_CONFIG", str(tmp_path / "none.toml"))
    window = _window(qtbot, make_profile, appearance)
    assert not window.update_notice.start(tmp_path / "profile")
    assert not window.update_notice.isVisible()
