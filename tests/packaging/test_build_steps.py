"""The release build's steps that need no full build: signing with an encrypted key, the
deterministic tar, the lock file (fast; the full build is in test_release_build.py)."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from tests.packaging.release_build import ROOT
from tests.provenance.conftest import make_key_pair, run_minisign

sys.path.insert(0, str(ROOT / "packaging"))
from liaison_packaging.lockfile import lock_lines
from liaison_packaging.release import (
    SigningError,
    deterministic_tar_gz,
    sha256sums,
    sign,
    write_update_manifest,
)

from liaison_client.provenance.build_verification import verify_build
from liaison_client.provenance.minisign import PublicKey
from liaison_client.updates.update_check import check_for_update

PASSWORD = "release key password"


def _encrypted_key(directory: Path) -> tuple[Path, Path]:
    public, secret = directory / "enc.pub", directory / "enc.key"
    made = subprocess.run([shutil.which("minisign") or "minisign", "-G", "-p", str(public),
                           "-s", str(secret)], input=f"{PASSWORD}\n{PASSWORD}\n", text=True,
                          capture_output=True, timeout=60, check=False)
    assert made.returncode == 0, made.stderr
    return public, secret


def _release_dir(tmp_path: Path) -> Path:
    out = tmp_path / "dist"
    out.mkdir()
    (out / "artefact.bin").write_bytes(b"\x00liaison")
    sha256sums(out)
    return out


# Slow: 5-6 s each (an encrypted minisign key's scrypt, run-tests' --durations).
@pytest.mark.slow
def test_an_encrypted_key_signs_with_the_password_from_the_environment(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    public, secret = _encrypted_key(tmp_path)
    out = _release_dir(tmp_path)
    monkeypatch.setenv("LIAISON_RELEASE_KEY_PASSWORD", PASSWORD)
    sign(out, secret, "liaison test")
    checked = run_minisign("-Vm", out / "SHA256SUMS", "-p", public)
    assert checked.returncode == 0, checked.stderr
    assert "Trusted comment: liaison test" in checked.stdout


# Slow: as above.
@pytest.mark.slow
def test_a_wrong_password_fails_the_build_with_a_clear_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _, secret = _encrypted_key(tmp_path)
    out = _release_dir(tmp_path)
    monkeypatch.setenv("LIAISON_RELEASE_KEY_PASSWORD", "not the password")
    with pytest.raises(SigningError, match="minisign could not sign SHA256SUMS"):
        sign(out, secret, "liaison test")
    assert not (out / "SHA256SUMS.minisig").exists()


def test_an_unencrypted_test_key_signs_without_a_password(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pair = make_key_pair(tmp_path / "keys")
    out = _release_dir(tmp_path)
    monkeypatch.delenv("LIAISON_RELEASE_KEY_PASSWORD", raising=False)
    sign(out, pair.secret, "c")
    assert run_minisign("-Vm", out / "SHA256SUMS", "-p", pair.public).returncode == 0


def test_the_tarball_depends_only_on_the_tree(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    (tree / "b").mkdir(parents=True)
    (tree / "b" / "z.txt").write_text("z")
    (tree / "a.bin").write_bytes(b"a")
    (tree / "a.bin").chmod(0o750)
    first, second = tmp_path / "1.tar.gz", tmp_path / "2.tar.gz"
    deterministic_tar_gz(tree, "liaison", first, 1_700_000_000)
    (tree / "b" / "z.txt").touch()  # a new mtime must not change the archive
    deterministic_tar_gz(tree, "liaison", second, 1_700_000_000)
    assert first.read_bytes() == second.read_bytes()
    with tarfile.open(first) as tar:
        members = tar.getmembers()
    assert [m.name for m in members] == ["liaison", "liaison/a.bin", "liaison/b",
                                         "liaison/b/z.txt"]
    assert {(m.uid, m.gid, m.uname, m.gname, m.mtime) for m in members} == {
        (0, 0, "", "", 1_700_000_000)}
    assert members[1].mode == 0o755
    assert members[3].mode == 0o644


def test_the_lock_pins_every_wheel_by_its_sha256(tmp_path: Path) -> None:
    wheel = tmp_path / "Foo_Bar-1.2.3-py3-none-any.whl"
    wheel.write_bytes(b"wheel bytes")
    digest = hashlib.sha256(b"wheel bytes").hexdigest()
    assert lock_lines(tmp_path) == [f"foo-bar==1.2.3 \\\n    --hash=sha256:{digest}"]


def test_the_committed_lock_pins_hashes_for_every_requirement() -> None:
    lock = (ROOT / "packaging" / "requirements-bundle.lock").read_text()
    entries = [line for line in lock.splitlines() if "==" in line]
    hashes = [line for line in lock.splitlines() if "--hash=sha256:" in line]
    assert len(entries) == len(hashes) > 20
    assert any(e.startswith("pyinstaller==") for e in entries)
    assert any(e.startswith("pyside6-essentials==") for e in entries)


def test_the_update_manifest_is_signed_and_read_by_the_update_check(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The build's liaison-update.json is what a workstation's update check verifies
    (liaison_client/updates): IT copies dist/ to its update_source, nothing more."""
    pair = make_key_pair(tmp_path / "keys")
    out = tmp_path / "dist"
    out.mkdir()
    artefact = out / "liaison_9.1.0_amd64.deb"
    artefact.write_bytes(b"\x00deb")
    write_update_manifest(out, "9.1.0")
    sha256sums(out)
    monkeypatch.delenv("LIAISON_RELEASE_KEY_PASSWORD", raising=False)
    sign(out, pair.secret, "liaison 9.1.0")
    assert "liaison-update.json" in (out / "SHA256SUMS").read_text()
    public_line = pair.public.read_text().splitlines()[1]
    status = check_for_update(str(out), public_line, installed="0.1.0")
    assert status.available
    assert status.offered == "9.1.0"
    assert [(a.name, a.sha256) for a in status.artefacts] == [
        (artefact.name, hashlib.sha256(b"\x00deb").hexdigest())]
    # verify-build accepts the folder as published: the manifest's own signature is not
    # an unlisted file.
    verified = verify_build(out, PublicKey.from_base64(public_line, "test key"))
    assert verified.failures == ()
    assert sorted(verified.verified) == sorted([artefact.name, "liaison-update.json"])
