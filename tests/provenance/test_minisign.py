"""minisign's formats in Python, checked against the real ``minisign`` tool both ways."""

from __future__ import annotations

import base64
from pathlib import Path

import nacl.signing
import pytest

from liaison_client.crypto.identity import DeviceIdentity
from liaison_client.provenance.errors import (
    MinisignBadSignatureError,
    MinisignBadTrustedCommentError,
    MinisignEncryptedKeyError,
    MinisignKeyIdMismatchError,
    MinisignMalformedError,
    MinisignUnsupportedAlgorithmError,
)
from liaison_client.provenance.minisign import (
    CHUNK_BYTES,
    PublicKey,
    SecretKey,
    Signature,
    account_signer,
    format_key_id,
    sign_data,
    sign_file,
    signing_key_signer,
    verify_data,
    verify_file,
)
from tests.provenance.conftest import MinisignKeyPair, run_minisign

CONTENT = "Seizure report: 12 kg ivory, container TGHU8812341 / 海关查获走私象牙\n".encode()


@pytest.fixture
def signed_file(tmp_path: Path) -> Path:
    path = tmp_path / "report.txt"
    path.write_bytes(CONTENT)
    return path


def minisign_sign(key_pair: MinisignKeyPair, path: Path, *extra: str) -> Path:
    signed = run_minisign("-S", "-s", key_pair.secret, "-m", path, *extra)
    assert signed.returncode == 0, signed.stderr
    return Path(f"{path}.minisig")


def minisign_verifies(key_pair: MinisignKeyPair, path: Path, signature: Path) -> bool:
    return run_minisign("-V", "-p", key_pair.public, "-m", path, "-x", signature).returncode == 0


def with_signature_line(signature: Path, index: int, transform: bytes) -> None:
    """Flip one bit of byte ``transform[0]`` in the base64 payload of line ``index``."""
    lines = signature.read_bytes().split(b"\n")
    raw = bytearray(base64.b64decode(lines[index]))
    raw[transform[0]] ^= 0x01
    lines[index] = base64.b64encode(bytes(raw))
    signature.write_bytes(b"\n".join(lines))


# --- interoperability ---


def test_a_signature_made_by_minisign_verifies_and_yields_its_trusted_comment(
        key_pair: MinisignKeyPair, signed_file: Path) -> None:
    signature = minisign_sign(key_pair, signed_file, "-t", "release 1.4.0 commit 3899b84")

    comment = verify_file(signed_file, Signature.load(signature), PublicKey.load(key_pair.public))

    assert comment == "release 1.4.0 commit 3899b84"


def test_minisigns_default_trusted_comment_and_untrusted_comment_are_read(
        key_pair: MinisignKeyPair, signed_file: Path) -> None:
    signature = Signature.load(minisign_sign(key_pair, signed_file))

    assert signature.algorithm == b"ED"
    assert signature.untrusted_comment == "signature from minisign secret key"
    assert signature.trusted_comment_text.startswith("timestamp:")
    assert signature.trusted_comment_text.endswith("\tfile:report.txt\thashed")


def test_our_signature_with_minisigns_secret_key_verifies_with_minisign(
        key_pair: MinisignKeyPair, signed_file: Path) -> None:
    secret = SecretKey.load(key_pair.secret)
    ours = sign_file(signed_file, secret.signer, secret.key_id,
                     trusted_comment="transcript of operation 寒潮")
    ours.write(signed_file.with_name("ours.minisig"))

    checked = run_minisign("-V", "-p", key_pair.public, "-m", signed_file,
                           "-x", signed_file.with_name("ours.minisig"))

    assert checked.returncode == 0, checked.stderr
    assert "Trusted comment: transcript of operation 寒潮" in checked.stdout


def test_our_default_trusted_comment_is_minisigns(key_pair: MinisignKeyPair,
                                                   signed_file: Path) -> None:
    secret = SecretKey.load(key_pair.secret)
    ours = sign_file(signed_file, secret.signer, secret.key_id)

    assert ours.trusted_comment_text.endswith("\tfile:report.txt\thashed")
    assert ours.trusted_comment_text.startswith("timestamp:")


def test_the_secret_keys_public_half_is_the_public_key_file_byte_for_byte(
        key_pair: MinisignKeyPair) -> None:
    public = SecretKey.load(key_pair.secret).public_key

    assert public.to_text() == key_pair.public.read_text()
    assert PublicKey.load(key_pair.public) == PublicKey.parse(public.to_text().encode(), "x")
    assert f"minisign public key {public.key_id_hex}" in key_pair.public.read_text()


def test_a_device_identity_signs_what_minisign_verifies(tmp_path: Path,
                                                        signed_file: Path) -> None:
    identity = DeviceIdentity.generate()
    ed25519 = base64.b64decode(identity.ed25519_key + "=")
    public = PublicKey.from_ed25519(ed25519)
    (tmp_path / "exporter.pub").write_text(public.to_text())
    sign_file(signed_file, account_signer(identity.account), public.key_id,
              trusted_comment="exported by device ABCD").write(tmp_path / "t.minisig")

    checked = run_minisign("-V", "-p", tmp_path / "exporter.pub", "-m", signed_file,
                           "-x", tmp_path / "t.minisig")

    assert checked.returncode == 0, checked.stderr
    assert verify_file(signed_file, Signature.load(tmp_path / "t.minisig"),
                       public) == "exported by device ABCD"


def test_a_pynacl_signing_key_and_bytes_in_memory_sign_like_a_file(
        tmp_path: Path, signed_file: Path) -> None:
    key = nacl.signing.SigningKey.generate()
    public = PublicKey.from_ed25519(bytes(key.verify_key))
    in_memory = sign_data(CONTENT, signing_key_signer(key), public.key_id, trusted_comment="m")
    in_memory.write(tmp_path / "m.minisig")
    (tmp_path / "m.pub").write_text(public.to_text())

    assert verify_data(CONTENT, in_memory, public) == "m"
    assert verify_file(signed_file, in_memory, public) == "m"
    assert run_minisign("-V", "-p", tmp_path / "m.pub", "-m", signed_file,
                        "-x", tmp_path / "m.minisig").returncode == 0


def test_a_file_larger_than_one_read_is_hashed_in_chunks_and_verifies_both_ways(
        key_pair: MinisignKeyPair, tmp_path: Path) -> None:
    large = tmp_path / "bundle.tar.gz"
    large.write_bytes(bytes(range(256)) * (CHUNK_BYTES * 2 // 256 + 17))
    secret = SecretKey.load(key_pair.secret)
    sign_file(large, secret.signer, secret.key_id).write(tmp_path / "ours.minisig")
    theirs = minisign_sign(key_pair, large)

    assert minisign_verifies(key_pair, large, tmp_path / "ours.minisig")
    assert verify_file(large, Signature.load(theirs), PublicKey.load(key_pair.public))


def test_a_legacy_non_prehashed_signature_from_minisign_verifies(
        key_pair: MinisignKeyPair, signed_file: Path) -> None:
    signature = Signature.load(minisign_sign(key_pair, signed_file, "-l", "-t", "legacy"))

    assert signature.algorithm == b"Ed"
    assert verify_file(signed_file, signature, PublicKey.load(key_pair.public)) == "legacy"
    signed_file.write_bytes(CONTENT + b"!")
    with pytest.raises(MinisignBadSignatureError):
        verify_file(signed_file, signature, PublicKey.load(key_pair.public))


def test_key_ids_print_as_minisign_prints_them() -> None:
    assert format_key_id(bytes.fromhex("215cf30c32a0459b")) == "9B45A0320CF35C21"


# --- what fails, and that minisign agrees ---


def test_one_changed_byte_in_the_file_is_a_bad_signature(
        key_pair: MinisignKeyPair, signed_file: Path) -> None:
    signature = minisign_sign(key_pair, signed_file)
    changed = bytearray(CONTENT)
    changed[10] ^= 0x20
    signed_file.write_bytes(bytes(changed))

    with pytest.raises(MinisignBadSignatureError) as failure:
        verify_file(signed_file, Signature.load(signature), PublicKey.load(key_pair.public))

    assert failure.value.code == "minisign.bad_signature"
    assert failure.value.params == {"file": str(signed_file), "signature": str(signature)}
    assert not minisign_verifies(key_pair, signed_file, signature)


def test_one_changed_byte_in_the_signature_is_a_bad_signature(
        key_pair: MinisignKeyPair, signed_file: Path) -> None:
    signature = minisign_sign(key_pair, signed_file)
    with_signature_line(signature, 1, bytes([40]))

    with pytest.raises(MinisignBadSignatureError):
        verify_file(signed_file, Signature.load(signature), PublicKey.load(key_pair.public))
    assert not minisign_verifies(key_pair, signed_file, signature)


def test_a_changed_trusted_comment_is_reported_as_such(
        key_pair: MinisignKeyPair, signed_file: Path) -> None:
    signature = minisign_sign(key_pair, signed_file, "-t", "version 1.4.0")
    signature.write_bytes(signature.read_bytes().replace(b"version 1.4.0", b"version 9.4.0"))

    with pytest.raises(MinisignBadTrustedCommentError) as failure:
        verify_file(signed_file, Signature.load(signature), PublicKey.load(key_pair.public))

    assert failure.value.code == "minisign.bad_trusted_comment"
    assert not minisign_verifies(key_pair, signed_file, signature)


def test_one_changed_byte_in_the_global_signature_is_a_bad_trusted_comment(
        key_pair: MinisignKeyPair, signed_file: Path) -> None:
    signature = minisign_sign(key_pair, signed_file)
    with_signature_line(signature, 3, bytes([5]))

    with pytest.raises(MinisignBadTrustedCommentError):
        verify_file(signed_file, Signature.load(signature), PublicKey.load(key_pair.public))
    assert not minisign_verifies(key_pair, signed_file, signature)


def test_another_keys_signature_is_a_key_id_mismatch_naming_both_ids(
        key_pair: MinisignKeyPair, other_key_pair: MinisignKeyPair, signed_file: Path) -> None:
    signature = minisign_sign(other_key_pair, signed_file)
    expected = PublicKey.load(key_pair.public)
    signer = PublicKey.load(other_key_pair.public)

    with pytest.raises(MinisignKeyIdMismatchError) as failure:
        verify_file(signed_file, Signature.load(signature), expected)

    assert failure.value.params["signature_key_id"] == signer.key_id_hex
    assert failure.value.params["public_key_id"] == expected.key_id_hex
    assert not minisign_verifies(key_pair, signed_file, signature)


def test_a_wrong_key_carrying_the_right_id_is_a_bad_signature(
        key_pair: MinisignKeyPair, signed_file: Path) -> None:
    signature = Signature.load(minisign_sign(key_pair, signed_file))
    impostor = PublicKey(signature.key_id, bytes(nacl.signing.SigningKey.generate().verify_key))

    with pytest.raises(MinisignBadSignatureError):
        verify_file(signed_file, signature, impostor)


def test_a_re_signed_file_with_another_key_and_the_expected_id_fails(
        key_pair: MinisignKeyPair, signed_file: Path) -> None:
    expected = PublicKey.load(key_pair.public)
    forger = nacl.signing.SigningKey.generate()
    forged = sign_file(signed_file, signing_key_signer(forger), expected.key_id,
                       trusted_comment="looks official")

    with pytest.raises(MinisignBadSignatureError):
        verify_file(signed_file, forged, expected)


@pytest.mark.parametrize("lines_kept", [0, 1, 2, 3])
def test_a_truncated_signature_file_is_malformed(
        key_pair: MinisignKeyPair, signed_file: Path, lines_kept: int) -> None:
    signature = minisign_sign(key_pair, signed_file)
    signature.write_bytes(b"\n".join(signature.read_bytes().split(b"\n")[:lines_kept]))

    with pytest.raises(MinisignMalformedError) as failure:
        Signature.load(signature)

    assert "truncated" in str(failure.value)
    assert not minisign_verifies(key_pair, signed_file, signature)


def test_a_signature_cut_inside_its_base64_line_is_malformed(
        key_pair: MinisignKeyPair, signed_file: Path) -> None:
    signature = minisign_sign(key_pair, signed_file)
    lines = signature.read_bytes().split(b"\n")
    lines[3] = lines[3][:40]
    signature.write_bytes(b"\n".join(lines))

    with pytest.raises(MinisignMalformedError):
        Signature.load(signature)
    assert not minisign_verifies(key_pair, signed_file, signature)


def test_signature_lines_without_their_prefixes_are_malformed(
        key_pair: MinisignKeyPair, signed_file: Path) -> None:
    text = minisign_sign(key_pair, signed_file).read_bytes()

    with pytest.raises(MinisignMalformedError, match="untrusted comment"):
        Signature.parse(text.replace(b"untrusted comment: ", b"comment: "), "sig")
    with pytest.raises(MinisignMalformedError, match="trusted comment"):
        Signature.parse(text.replace(b"\ntrusted comment: ", b"\ncomment: "), "sig")


def test_a_truncated_or_garbled_public_key_is_malformed(key_pair: MinisignKeyPair) -> None:
    text = key_pair.public.read_bytes()
    comment, key, _ = text.split(b"\n")

    with pytest.raises(MinisignMalformedError, match="truncated"):
        PublicKey.parse(comment + b"\n", "k.pub")
    with pytest.raises(MinisignMalformedError, match="bytes, not 42"):
        PublicKey.parse(comment + b"\n" + key[:-8] + b"\n", "k.pub")
    with pytest.raises(MinisignMalformedError, match="base64"):
        PublicKey.parse(comment + b"\n" + key[:-4] + b"!!!!\n", "k.pub")


def test_an_unknown_signature_algorithm_is_unsupported(
        key_pair: MinisignKeyPair, signed_file: Path) -> None:
    signature = minisign_sign(key_pair, signed_file)
    lines = signature.read_bytes().split(b"\n")
    lines[1] = base64.b64encode(b"Xx" + base64.b64decode(lines[1])[2:])
    signature.write_bytes(b"\n".join(lines))

    with pytest.raises(MinisignUnsupportedAlgorithmError) as failure:
        Signature.load(signature)

    assert failure.value.params["algorithm"] == "Xx"
    assert not minisign_verifies(key_pair, signed_file, signature)


def test_an_encrypted_secret_key_is_refused_with_a_clear_error(
        key_pair: MinisignKeyPair) -> None:
    # minisign -G without -W takes a password and ~1 GiB of scrypt memory: too heavy
    # for a shared test machine, so the unencrypted key gets the fields an encrypted
    # one has (KDF "Sc", a salt, limits); the refusal reads only those.
    comment, key, _ = key_pair.secret.read_bytes().split(b"\n")
    raw = bytearray(base64.b64decode(key))
    raw[2:4] = b"Sc"
    raw[6:38] = bytes(range(32))
    raw[38:46] = (33554432).to_bytes(8, "little")
    raw[46:54] = (1073741824).to_bytes(8, "little")
    encrypted = key_pair.secret.with_name("encrypted.key")
    encrypted.write_bytes(comment + b"\n" + base64.b64encode(bytes(raw)) + b"\n")

    with pytest.raises(MinisignEncryptedKeyError) as failure:
        SecretKey.load(encrypted)

    assert "minisign -G -W" in str(failure.value)


def test_a_secret_key_whose_halves_disagree_is_malformed(key_pair: MinisignKeyPair) -> None:
    comment, key, _ = key_pair.secret.read_bytes().split(b"\n")
    raw = bytearray(base64.b64decode(key))
    raw[100] ^= 0x01  # inside the public half of libsodium's 64-byte secret key

    with pytest.raises(MinisignMalformedError, match="halves"):
        SecretKey.parse(comment + b"\n" + base64.b64encode(bytes(raw)) + b"\n", "k.key")


def test_a_signature_file_far_larger_than_any_signature_is_refused_unread(
        tmp_path: Path) -> None:
    huge = tmp_path / "huge.minisig"
    huge.write_bytes(b"untrusted comment: x\n" + b"A" * 100_000)

    with pytest.raises(MinisignMalformedError, match="larger than"):
        Signature.load(huge)


def test_a_comment_with_a_line_break_cannot_be_signed(key_pair: MinisignKeyPair) -> None:
    secret = SecretKey.load(key_pair.secret)

    with pytest.raises(ValueError, match="line break"):
        sign_data(b"x", secret.signer, secret.key_id, trusted_comment="a\ntrusted comment: b")
