"""Attachment files encrypted in a stream, each under its own fresh key.

Construction: libsodium's ``crypto_secretstream_xchacha20poly1305``
(https://doc.libsodium.org/secret-key_cryptography/secretstream), through
PyNaCl's bindings. The file is cut into 64 KiB chunks; each chunk is sealed
with XChaCha20-Poly1305 under a ratcheting state, and the last one carries
``TAG_FINAL``, so reordering, dropping or truncating chunks fails to decrypt.

File layout: ``b"LSA1"`` (format tag) || 24-byte secretstream header ||
chunk ciphertexts (plaintext chunk + 17 bytes each). An empty file is one
empty final chunk.

The key never goes to the relay: it travels inside the (end-to-end
encrypted, signed) attachment message together with the ciphertext's SHA-256
and the plaintext size. A download is written to a temporary file next to
its destination and only renamed into place once every chunk has
authenticated, the final tag was seen, and hash and size match; otherwise
the partial file is deleted. Neither direction ever holds the whole file in
memory.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import nacl.bindings as sodium
import nacl.exceptions
import nacl.utils

from liaison_client.crypto.errors import AttachmentVerificationError

FORMAT_TAG = b"LSA1"
CHUNK_BYTES = 64 * 1024
KEY_BYTES = sodium.crypto_secretstream_xchacha20poly1305_KEYBYTES
_HEADER_BYTES = sodium.crypto_secretstream_xchacha20poly1305_HEADERBYTES
_ABYTES = sodium.crypto_secretstream_xchacha20poly1305_ABYTES
_TAG_MESSAGE = sodium.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE
_TAG_FINAL = sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL


@dataclass(frozen=True, repr=False)
class AttachmentSecret:
    """What the message carries to let a member fetch and check the file."""

    key: bytes
    sha256: str
    size: int

    def __repr__(self) -> str:
        return f"AttachmentSecret(<key>, sha256={self.sha256}, size={self.size})"

    @property
    def ciphertext_size(self) -> int:
        return encrypted_size(self.size)


def encrypted_size(plaintext_size: int) -> int:
    """The exact ciphertext length for ``plaintext_size`` bytes of file."""
    chunks = max(1, -(-plaintext_size // CHUNK_BYTES))
    return len(FORMAT_TAG) + _HEADER_BYTES + chunks * _ABYTES + plaintext_size


def encrypt_attachment(source: BinaryIO, destination: BinaryIO) -> AttachmentSecret:
    """Encrypt ``source`` into ``destination`` under a fresh random key."""
    key = nacl.utils.random(KEY_BYTES)
    state = sodium.crypto_secretstream_xchacha20poly1305_state()
    header = sodium.crypto_secretstream_xchacha20poly1305_init_push(state, key)
    digest = hashlib.sha256()
    size = 0

    def write(data: bytes) -> None:
        digest.update(data)
        destination.write(data)

    write(FORMAT_TAG + header)
    chunk = source.read(CHUNK_BYTES)
    while True:
        following = source.read(CHUNK_BYTES) if len(chunk) == CHUNK_BYTES else b""
        tag = _TAG_MESSAGE if following else _TAG_FINAL
        size += len(chunk)
        write(sodium.crypto_secretstream_xchacha20poly1305_push(state, chunk, None, tag))
        if tag == _TAG_FINAL:
            break
        chunk = following
    return AttachmentSecret(key=key, sha256=digest.hexdigest(), size=size)


def decrypt_attachment(source: BinaryIO, destination: Path, secret: AttachmentSecret) -> None:
    """Decrypt and verify ``source`` into ``destination``, or leave nothing behind."""
    partial_fd, partial_name = tempfile.mkstemp(prefix=f".{destination.name}.",
                                                suffix=".partial", dir=destination.parent)
    partial = Path(partial_name)
    try:
        with os.fdopen(partial_fd, "wb") as out:
            _decrypt_stream(source, out, secret)
            out.flush()
            os.fsync(out.fileno())
        partial.replace(destination)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def _decrypt_stream(source: BinaryIO, out: BinaryIO, secret: AttachmentSecret) -> None:
    if len(secret.key) != KEY_BYTES:
        raise AttachmentVerificationError("the attachment key in the message is malformed")
    digest = hashlib.sha256()
    read_total = 0

    def read(count: int) -> bytes:
        nonlocal read_total
        data = source.read(count)
        digest.update(data)
        read_total += len(data)
        if read_total > secret.ciphertext_size:
            raise AttachmentVerificationError("the downloaded attachment is larger than stated")
        return data

    preamble = read(len(FORMAT_TAG) + _HEADER_BYTES)
    if preamble[: len(FORMAT_TAG)] != FORMAT_TAG or len(preamble) != len(FORMAT_TAG) + \
            _HEADER_BYTES:
        raise AttachmentVerificationError("the downloaded file is not a Liaison attachment")
    state = sodium.crypto_secretstream_xchacha20poly1305_state()
    sodium.crypto_secretstream_xchacha20poly1305_init_pull(
        state, preamble[len(FORMAT_TAG):], secret.key
    )
    plaintext_size = 0
    while True:
        sealed = read(CHUNK_BYTES + _ABYTES)
        if not sealed:
            raise AttachmentVerificationError("the downloaded attachment is truncated")
        try:
            chunk, tag = sodium.crypto_secretstream_xchacha20poly1305_pull(state, sealed, None)
        except nacl.exceptions.CryptoError as exc:
            raise AttachmentVerificationError(
                "the downloaded attachment fails authentication (corrupt or tampered)"
            ) from exc
        plaintext_size += len(chunk)
        out.write(chunk)
        if tag == _TAG_FINAL:
            break
    if source.read(1):
        raise AttachmentVerificationError("the downloaded attachment has data after its end")
    if plaintext_size != secret.size or read_total != secret.ciphertext_size:
        raise AttachmentVerificationError("the downloaded attachment has the wrong size")
    if not hmac.compare_digest(digest.hexdigest(), secret.sha256):
        raise AttachmentVerificationError("the downloaded attachment's SHA-256 does not match")
