"""The version is read from the installed package's metadata, in one place."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest

from liaison_client.cli.main import main
from liaison_client.version import (
    BUILD_INFO_FILE,
    MANIFEST_FILE,
    UNKNOWN_VERSION,
    app_version,
)

ROOT = Path(__file__).resolve().parents[1]


def test_the_installed_version_is_the_one_pyproject_declares() -> None:
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert app_version() == version("liaison") == declared


def test_a_source_tree_that_was_never_installed_says_its_version_is_unknown(
        tmp_path: Path) -> None:
    """The module copied into a bare tree (the checkout has an egg-info beside it) and
    run without site-packages (-I -S): there is no metadata to read."""
    package = tmp_path / "liaison_client"
    package.mkdir()
    for name in ("__init__.py", "version.py"):
        shutil.copy(ROOT / "liaison_client" / name, package / name)
    probe = (f"import sys; sys.path.insert(0, {str(tmp_path)!r}); "
             "from liaison_client.version import app_version; print(app_version())")
    run = subprocess.run([sys.executable, "-I", "-S", "-c", probe], capture_output=True,
                         text=True, timeout=60, check=True, cwd=tmp_path)
    assert run.stdout.strip() == UNKNOWN_VERSION


def test_the_cli_prints_the_installed_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out.strip() == f"liaison {version('liaison')} (source install)"


def test_the_cli_prints_a_bundles_version_and_manifest_digest_unwrapped(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Laid out as PyInstaller does; a narrow terminal must not split the digest."""
    internal = tmp_path / "_internal"
    internal.mkdir()
    (internal / BUILD_INFO_FILE).write_text(json.dumps(
        {"version": "9.8.7", "commit": "a" * 40, "build_date": "2026-12-04T20:47:13Z"}))
    (tmp_path / MANIFEST_FILE).write_bytes(b"0000  liaison\n")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(internal), raising=False)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "liaison"))
    monkeypatch.setenv("COLUMNS", "40")
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out.splitlines() == [
        f"liaison 9.8.7 (commit {'a' * 40}, built 2026-12-04T20:47:13Z)",
        f"bundle manifest SHA-256 {hashlib.sha256(b'0000  liaison' + bytes([10])).hexdigest()}",
    ]
