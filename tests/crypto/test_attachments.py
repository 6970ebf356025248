"""Streaming attachment encryption: round trips, and every corruption leaves nothing."""

from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path

import pytest

from liaison_client.crypto.attachments import (
    CHUNK_BYTES,
    AttachmentSecret,
    decrypt_attachment,
    encrypt_attachment,
    encrypted_size,
)
from liaison_client.crypto.errors import AttachmentVerificationError


class BoundedReader(io.BytesIO):
    """A source that fails if anyone asks it for more than one chunk at a time."""

    largest_read = 0

    def read(self, size: int | None = -1) -> bytes:
        assert size is not None
        assert 0 <= size <= CHUNK_BYTES + 17, "read the whole file at once"
        self.largest_read = max(self.largest_read, size)
        return super().read(size)


def _encrypt(plaintext: bytes) -> tuple[bytes, AttachmentSecret]:
    sealed = io.BytesIO()
    secret = encrypt_attachment(BoundedReader(plaintext), sealed)
    return sealed.getvalue(), secret


@pytest.mark.parametrize("size", [0, 1, CHUNK_BYTES - 1, CHUNK_BYTES, CHUNK_BYTES + 1,
                                  3 * CHUNK_BYTES + 5])
def test_files_of_any_size_round_trip_in_bounded_reads(tmp_path: Path, size: int) -> None:
    plaintext = os.urandom(size)
    sealed, secret = _encrypt(plaintext)
    assert len(sealed) == encrypted_size(size) == secret.ciphertext_size
    assert secret.sha256 == hashlib.sha256(sealed).hexdigest()
    assert secret.size == size
    source = BoundedReader(sealed)
    decrypt_attachment(source, tmp_path / "out.bin", secret)
    assert (tmp_path / "out.bin").read_bytes() == plaintext
    assert list(tmp_path.iterdir()) == [tmp_path / "out.bin"]


def test_every_file_gets_a_fresh_key() -> None:
    _, first = _encrypt(b"same")
    _, second = _encrypt(b"same")
    assert first.key != second.key
    assert first.sha256 != second.sha256


def test_the_key_is_not_in_the_repr() -> None:
    _, secret = _encrypt(b"x")
    assert secret.key.hex() not in repr(secret)


def _corrupt(sealed: bytes, position: int) -> bytes:
    damaged = bytearray(sealed)
    damaged[position] ^= 0x01
    return bytes(damaged)


@pytest.mark.parametrize("damage", ["flip_header", "flip_body", "truncate", "drop_chunk",
                                    "append", "not_ours"])
def test_a_damaged_download_is_refused_and_leaves_nothing(tmp_path: Path, damage: str) -> None:
    sealed, secret = _encrypt(os.urandom(2 * CHUNK_BYTES + 100))
    chunk = CHUNK_BYTES + 17
    damaged = {
        "flip_header": _corrupt(sealed, 6),
        "flip_body": _corrupt(sealed, len(sealed) - 3),
        "truncate": sealed[:-50],
        "drop_chunk": sealed[:28] + sealed[28 + chunk:],
        "append": sealed + b"x",
        "not_ours": b"PK\x03\x04" + sealed[4:],
    }[damage]
    with pytest.raises(AttachmentVerificationError):
        decrypt_attachment(io.BytesIO(damaged), tmp_path / "out.bin", secret)
    assert list(tmp_path.iterdir()) == []


def test_the_wrong_key_or_hash_is_refused(tmp_path: Path) -> None:
    sealed, secret = _encrypt(b"manifest of container MSKU 123")
    _, other = _encrypt(b"something else")
    wrong_key = AttachmentSecret(other.key, secret.sha256, secret.size)
    wrong_hash = AttachmentSecret(secret.key, other.sha256, secret.size)
    wrong_size = AttachmentSecret(secret.key, secret.sha256, secret.size + 1)
    for bad in (wrong_key, wrong_hash, wrong_size):
        with pytest.raises(AttachmentVerificationError):
            decrypt_attachment(io.BytesIO(sealed), tmp_path / "out.bin", bad)
    assert list(tmp_path.iterdir()) == []
