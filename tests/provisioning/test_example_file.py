"""The example file IT copies (packaging/config.example.toml) loads as documented."""

from __future__ import annotations

from pathlib import Path

import pytest

from liaison_client.provisioning.config import KEYS, LOCK_KEY, load_provisioning

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "packaging" / "config.example.toml"


def test_the_example_sets_every_key_and_loads(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIAISON_SYSTEM_CONFIG", str(EXAMPLE))
    config = load_provisioning(tmp_path / "profile")
    assert {k for k, s in config.settings.items() if s.source == str(EXAMPLE)} == set(KEYS)
    assert config.locked("relay_url")
    assert not config.locked("idle_lock_minutes")


def test_install_md_documents_every_key() -> None:
    install = (ROOT / "docs" / "INSTALL.md").read_text(encoding="utf-8")
    for key in [*KEYS, LOCK_KEY]:
        assert f"`{key}`" in install
