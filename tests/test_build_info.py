"""liaison_client.version.build_info: a bundle's baked-in record, or "source install"."""

from __future__ import annotations

import hashlib
import json
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

from liaison_client.version import BUILD_INFO_FILE, MANIFEST_FILE, app_version, build_info


def test_a_source_install_has_no_build_record() -> None:
    info = build_info()
    assert info == build_info()
    assert not info.bundled
    assert info.version == version("liaison")
    assert info.describe() == f"liaison {version('liaison')} (source install)"


def test_a_frozen_bundle_reads_its_record_and_hashes_its_manifest(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Laid out as PyInstaller does: the programs and MANIFEST at the top, _internal below."""
    internal = tmp_path / "_internal"
    internal.mkdir()
    (internal / BUILD_INFO_FILE).write_text(json.dumps(
        {"version": "9.8.7", "commit": "a" * 40, "build_date": "2026-12-04T20:47:13Z"}))
    (tmp_path / MANIFEST_FILE).write_bytes(b"0000  liaison\n")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(internal), raising=False)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "liaison"))
    info = build_info()
    assert info.bundled
    assert app_version() == "9.8.7"
    assert info.manifest_sha256 == hashlib.sha256(b"0000  liaison\n").hexdigest()
    assert info.describe() == (
        f"liaison 9.8.7 (commit {'a' * 40}, built 2026-12-04T20:47:13Z)\n"
        f"bundle manifest SHA-256 {hashlib.sha256(b'0000  liaison' + bytes([10])).hexdigest()}")
