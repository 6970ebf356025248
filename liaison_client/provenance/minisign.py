"""minisign keys and signatures, in Python (PyNaCl + the standard library).

Why our own implementation and not the ``minisign`` binary: officers' machines
may not have it (issue 12), and a transcript's recipient must be able to check
it with nothing but PyNaCl (issue 15). Why minisign's format and not a format
of our own: anyone can check our signatures with the standard, audited tool
(``minisign -Vm FILE -p KEY.pub``), and we can check the tool's. No new
cryptography here: Ed25519 and BLAKE2b from libsodium (through PyNaCl), framed
exactly as minisign frames them.

The format, as specified by minisign's author (Frank Denis) in the project's
documentation, https://jedisct1.github.io/minisign/ ("Signature format",
"Public key format") and the reference implementation
https://github.com/jedisct1/minisign (``src/minisign.h``, ``src/minisign.c``,
version 0.11, the one Debian 12 ships). Integers are little-endian; base64 is
the standard alphabet with padding.

Public key file (two lines)::

    untrusted comment: minisign public key <KEY ID, upper-case hex, no leading zeros>
    base64( "Ed" || key_id[8] || ed25519_public_key[32] )

Signature file (four lines)::

    untrusted comment: <free text, not signed>
    base64( signature_algorithm[2] || key_id[8] || signature[64] )
    trusted comment: <free text, signed>
    base64( global_signature[64] )

``signature_algorithm`` is ``"ED"`` (minisign >= 0.8's default): ``signature``
is Ed25519 over BLAKE2b-512(file), so a file of any size is hashed in chunks
and never held in memory; or the legacy ``"Ed"``: Ed25519 over the file itself
(``minisign -V`` still accepts it, so we verify it too, reading the file whole;
we never sign it). ``global_signature`` is Ed25519 over
``signature || trusted_comment`` (the comment's bytes without its prefix or line
end): it binds the trusted comment to the signature.

Secret key file (two lines; we read only unencrypted keys)::

    untrusted comment: <free text>
    base64( "Ed" || kdf_algorithm[2] || checksum_algorithm "B2" || kdf_salt[32]
            || kdf_opslimit[8] || kdf_memlimit[8]
            || key_id[8] || ed25519_secret_key[64] || checksum[32] )

``kdf_algorithm`` is ``"Sc"`` (scrypt-encrypted: the last 104 bytes are XORed
with a key stream derived from a password) or two zero bytes (``minisign -G
-W``: stored in clear). Decision: we refuse encrypted keys with
:class:`MinisignEncryptedKeyError` instead of asking for a password. The release
build signs with the ``minisign`` tool itself (issue 12), so the release
password is only ever typed into minisign; our signing path exists for test
keys and for device identities (transcripts, issue 15), which are never minisign
key files. ``checksum`` is BLAKE2b-256(``"Ed" || key_id || secret_key``);
minisign 0.11 leaves it zero in unencrypted keys, so a zero checksum is
accepted, and instead the secret key's own public half must match its seed.

Signing goes through a :data:`Signer` (``bytes -> 64-byte Ed25519 signature``)
plus a key id, so the same code signs with a PyNaCl ``SigningKey`` (a release or
test key) and with a device identity (a vodozemac ``Account``, whose private key
never leaves it): see :func:`signing_key_signer` and :func:`account_signer`.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Protocol

import nacl.exceptions
import nacl.signing

from liaison_client.provenance.errors import (
    MinisignBadSignatureError,
    MinisignBadTrustedCommentError,
    MinisignEncryptedKeyError,
    MinisignKeyIdMismatchError,
    MinisignMalformedError,
    MinisignUnsupportedAlgorithmError,
)

#: A function that signs a message with Ed25519 and returns the 64-byte signature.
Signer = Callable[[bytes], bytes]

KEY_ID_BYTES: Final = 8
PUBLIC_KEY_BYTES: Final = 32
SIGNATURE_BYTES: Final = 64
#: Ed25519 in minisign's key files (also the legacy, non-prehashed signature algorithm).
ALGORITHM_ED25519: Final = b"Ed"
#: Ed25519 over the BLAKE2b-512 hash of the file: what minisign signs by default.
ALGORITHM_PREHASHED: Final = b"ED"

UNTRUSTED_PREFIX: Final = b"untrusted comment: "
TRUSTED_PREFIX: Final = b"trusted comment: "
_KDF_SCRYPT: Final = b"Sc"
_KDF_NONE: Final = b"\x00\x00"
_CHECKSUM_BLAKE2B: Final = b"B2"
#: minisign's TRUSTEDCOMMENTMAXBYTES (8192) less the prefix and the terminating NUL.
MAX_TRUSTED_COMMENT_BYTES: Final = 8192 - len(TRUSTED_PREFIX) - 1
#: minisign's COMMENTMAXBYTES (1024) less the prefix and the NUL.
MAX_UNTRUSTED_COMMENT_BYTES: Final = 1024 - len(UNTRUSTED_PREFIX) - 1
#: No key or signature file is anywhere near this: read no more of a file named as one.
MAX_FILE_BYTES: Final = 16 * 1024
#: Read size when hashing a signed file (minisign reads 64 KiB at a time too).
CHUNK_BYTES: Final = 1024 * 1024
_PUBLIC_KEY_STRUCT_BYTES: Final = 2 + KEY_ID_BYTES + PUBLIC_KEY_BYTES
_SIGNATURE_STRUCT_BYTES: Final = 2 + KEY_ID_BYTES + SIGNATURE_BYTES
_SECRET_KEY_STRUCT_BYTES: Final = 2 + 2 + 2 + 32 + 8 + 8 + KEY_ID_BYTES + 64 + 32


def format_key_id(key_id: bytes) -> str:
    """The key id as minisign prints it: the 8 bytes as a little-endian integer in
    upper-case hex without leading zeros (its ``"%" PRIX64``; ``minisign public key
    9B45A0320CF35C21``, or 15 digits when the top one is zero)."""
    return f"{int.from_bytes(key_id, 'little'):X}"


def derive_key_id(public_key: bytes) -> bytes:
    """A stable minisign key id for an Ed25519 key that has none of its own (a device
    identity): the first 8 bytes of BLAKE2b-512 of the public key. minisign makes
    random ids; any 8 bytes do, they only have to match between key and signature."""
    return hashlib.blake2b(public_key).digest()[:KEY_ID_BYTES]


@dataclass(frozen=True)
class PublicKey:
    """A minisign public key: an Ed25519 key and the id its signatures carry."""

    key_id: bytes
    key: bytes
    untrusted_comment: str = ""

    def __post_init__(self) -> None:
        if len(self.key_id) != KEY_ID_BYTES or len(self.key) != PUBLIC_KEY_BYTES:
            raise ValueError("a minisign public key is an 8-byte id and a 32-byte key")

    @classmethod
    def from_ed25519(cls, key: bytes, key_id: bytes | None = None) -> PublicKey:
        """A public key for a raw Ed25519 key (default id: :func:`derive_key_id`)."""
        chosen = derive_key_id(key) if key_id is None else key_id
        return cls(chosen, key, f"minisign public key {format_key_id(chosen)}")

    @classmethod
    def parse(cls, text: bytes, source: str) -> PublicKey:
        """A ``.pub`` file's content (``source`` names it in errors). minisign reads
        the comment line without checking it, and so do we."""
        lines = _lines(text, source, 2)
        comment = lines[0].removeprefix(UNTRUSTED_PREFIX)
        return cls.from_base64(lines[1], source, _decode_text(comment))

    @classmethod
    def from_base64(cls, value: bytes | str, source: str, untrusted_comment: str = "",
                    ) -> PublicKey:
        """The key line alone (what ``minisign -P`` takes)."""
        raw = _b64decode(value, _PUBLIC_KEY_STRUCT_BYTES, source, "public key")
        if raw[:2] != ALGORITHM_ED25519:
            raise MinisignUnsupportedAlgorithmError(source, _printable(raw[:2]))
        return cls(raw[2:10], raw[10:], untrusted_comment)

    @classmethod
    def load(cls, path: Path) -> PublicKey:
        return cls.parse(_read_small(path), str(path))

    @property
    def key_id_hex(self) -> str:
        return format_key_id(self.key_id)

    def to_base64(self) -> str:
        return base64.b64encode(ALGORITHM_ED25519 + self.key_id + self.key).decode("ascii")

    def to_text(self) -> str:
        """The ``.pub`` file, as ``minisign -G`` writes it."""
        comment = self.untrusted_comment or f"minisign public key {self.key_id_hex}"
        return f"{UNTRUSTED_PREFIX.decode()}{_one_line(comment)}\n{self.to_base64()}\n"

    def verify_ed25519(self, message: bytes, signature: bytes) -> bool:
        """True when ``signature`` is this key's Ed25519 signature over ``message``."""
        try:
            nacl.signing.VerifyKey(self.key).verify(message, signature)
        except (nacl.exceptions.BadSignatureError, ValueError):
            return False
        return True


@dataclass(frozen=True)
class SecretKey:
    """An unencrypted minisign secret key (``minisign -G -W``): for tests and tools.
    Never write one into the repository or a profile; release keys stay with the
    release manager and are used through the ``minisign`` tool."""

    key_id: bytes
    signing_key: nacl.signing.SigningKey

    @classmethod
    def parse(cls, text: bytes, source: str) -> SecretKey:
        lines = _lines(text, source, 2)
        raw = _b64decode(lines[1], _SECRET_KEY_STRUCT_BYTES, source, "secret key")
        algorithm, kdf, checksum_algorithm = raw[0:2], raw[2:4], raw[4:6]
        if algorithm != ALGORITHM_ED25519:
            raise MinisignUnsupportedAlgorithmError(source, _printable(algorithm))
        if checksum_algorithm != _CHECKSUM_BLAKE2B:
            raise MinisignUnsupportedAlgorithmError(source, _printable(checksum_algorithm))
        if kdf == _KDF_SCRYPT:
            raise MinisignEncryptedKeyError(source)
        if kdf != _KDF_NONE:
            raise MinisignUnsupportedAlgorithmError(source, _printable(kdf))
        key_id, secret, checksum = raw[54:62], raw[62:126], raw[126:158]
        expected = hashlib.blake2b(algorithm + key_id + secret, digest_size=32).digest()
        if checksum not in (bytes(32), expected):
            raise MinisignMalformedError(source, "the secret key's checksum does not match")
        # libsodium's secret key is seed || public key: the halves must agree.
        signing_key = nacl.signing.SigningKey(secret[:32])
        if bytes(signing_key.verify_key) != secret[32:]:
            raise MinisignMalformedError(source, "the secret key's two halves do not match")
        return cls(key_id, signing_key)

    @classmethod
    def load(cls, path: Path) -> SecretKey:
        return cls.parse(_read_small(path), str(path))

    @property
    def public_key(self) -> PublicKey:
        return PublicKey.from_ed25519(bytes(self.signing_key.verify_key), self.key_id)

    @property
    def signer(self) -> Signer:
        return signing_key_signer(self.signing_key)


@dataclass(frozen=True)
class Signature:
    """A parsed ``.minisig`` file. ``trusted_comment`` is kept as bytes because its
    exact bytes are what the global signature covers."""

    algorithm: bytes
    key_id: bytes
    signature: bytes
    trusted_comment: bytes
    global_signature: bytes
    untrusted_comment: str = ""

    @classmethod
    def parse(cls, text: bytes, source: str) -> Signature:
        lines = _lines(text, source, 4)
        if not lines[0].startswith(UNTRUSTED_PREFIX):
            raise MinisignMalformedError(source, "line 1 must start with 'untrusted comment: '")
        if not lines[2].startswith(TRUSTED_PREFIX):
            raise MinisignMalformedError(source, "line 3 must start with 'trusted comment: '")
        raw = _b64decode(lines[1], _SIGNATURE_STRUCT_BYTES, source, "signature")
        if raw[:2] not in (ALGORITHM_PREHASHED, ALGORITHM_ED25519):
            raise MinisignUnsupportedAlgorithmError(source, _printable(raw[:2]))
        global_signature = _b64decode(lines[3], SIGNATURE_BYTES, source, "global signature")
        return cls(raw[:2], raw[2:10], raw[10:], lines[2].removeprefix(TRUSTED_PREFIX),
                   global_signature, _decode_text(lines[0].removeprefix(UNTRUSTED_PREFIX)))

    @classmethod
    def load(cls, path: Path, source: str | None = None) -> Signature:
        """``source`` names the file in errors (default: its path)."""
        return cls.parse(_read_small(path, source), source or str(path))

    @property
    def key_id_hex(self) -> str:
        return format_key_id(self.key_id)

    @property
    def trusted_comment_text(self) -> str:
        return _decode_text(self.trusted_comment)

    def to_bytes(self) -> bytes:
        """The ``.minisig`` file, line for line as ``minisign -S`` writes it (bytes,
        so the trusted comment is written exactly as it was signed)."""
        return b"".join([
            UNTRUSTED_PREFIX, _one_line(self.untrusted_comment).encode("utf-8"), b"\n",
            base64.b64encode(self.algorithm + self.key_id + self.signature), b"\n",
            TRUSTED_PREFIX, self.trusted_comment, b"\n",
            base64.b64encode(self.global_signature), b"\n",
        ])

    def write(self, path: Path) -> None:
        path.write_bytes(self.to_bytes())


# --- signers ---


class _EdSignature(Protocol):
    def to_base64(self) -> str: ...


class _SigningAccount(Protocol):
    """What :func:`account_signer` needs of a vodozemac ``Account`` (or a
    :class:`~liaison_client.crypto.identity.DeviceIdentity`'s account)."""

    def sign(self, message: bytes) -> _EdSignature: ...


def signing_key_signer(signing_key: nacl.signing.SigningKey) -> Signer:
    """A PyNaCl key as a :data:`Signer`."""
    return lambda message: bytes(signing_key.sign(message).signature)


def account_signer(account: _SigningAccount) -> Signer:
    """A vodozemac ``Account`` as a :data:`Signer`: ``Account.sign`` returns an
    ``Ed25519Signature`` whose only byte form is unpadded base64."""
    def sign(message: bytes) -> bytes:
        encoded = account.sign(message).to_base64()
        return base64.b64decode(encoded + "=" * (-len(encoded) % 4))
    return sign


# --- signing and verifying ---


def blake2b_file(path: Path) -> bytes:
    """BLAKE2b-512 of the file, read in chunks (minisign's prehash)."""
    digest = hashlib.blake2b()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(CHUNK_BYTES), b""):
            digest.update(chunk)
    return digest.digest()


def default_trusted_comment(file_name: str, now: float | None = None) -> str:
    """minisign's own default: ``timestamp:<unix seconds>\\tfile:<name>\\thashed``."""
    stamp = int(time.time() if now is None else now)
    return f"timestamp:{stamp}\tfile:{file_name}\thashed"


def sign_prehashed(digest: bytes, signer: Signer, key_id: bytes, *, trusted_comment: str,
                   untrusted_comment: str = "signature from minisign secret key",
                   ) -> Signature:
    """Sign a BLAKE2b-512 digest (algorithm ``ED``) and bind the trusted comment."""
    if len(digest) != hashlib.blake2b().digest_size:
        raise ValueError("the prehash is a 64-byte BLAKE2b-512 digest")
    if len(key_id) != KEY_ID_BYTES:
        raise ValueError("a minisign key id is 8 bytes")
    comment = _one_line(trusted_comment).encode("utf-8")
    if len(comment) > MAX_TRUSTED_COMMENT_BYTES:
        raise ValueError(f"the trusted comment exceeds {MAX_TRUSTED_COMMENT_BYTES} bytes")
    if len(_one_line(untrusted_comment).encode("utf-8")) > MAX_UNTRUSTED_COMMENT_BYTES:
        raise ValueError(f"the untrusted comment exceeds {MAX_UNTRUSTED_COMMENT_BYTES} bytes")
    signature = _checked_signature(signer(digest))
    global_signature = _checked_signature(signer(signature + comment))
    return Signature(ALGORITHM_PREHASHED, key_id, signature, comment, global_signature,
                     _one_line(untrusted_comment))


def sign_file(path: Path, signer: Signer, key_id: bytes, *, trusted_comment: str | None = None,
              untrusted_comment: str = "signature from minisign secret key") -> Signature:
    """Sign a file as ``minisign -S`` does (prehashed; default trusted comment as
    minisign's). Write the result with :meth:`Signature.write`."""
    comment = default_trusted_comment(path.name) if trusted_comment is None else trusted_comment
    return sign_prehashed(blake2b_file(path), signer, key_id, trusted_comment=comment,
                          untrusted_comment=untrusted_comment)


def sign_data(data: bytes, signer: Signer, key_id: bytes, *, trusted_comment: str,
              untrusted_comment: str = "signature from minisign secret key") -> Signature:
    """Sign bytes held in memory, exactly as if they were a file's content."""
    return sign_prehashed(hashlib.blake2b(data).digest(), signer, key_id,
                          trusted_comment=trusted_comment, untrusted_comment=untrusted_comment)


def verify_file(path: Path, signature: Signature, public_key: PublicKey,
                signature_source: str = "") -> str:
    """Check ``signature`` over the file at ``path``; returns the trusted comment.

    Raises the typed error for what failed, in the order ``minisign -V`` checks:
    key id, file signature, then trusted comment. A legacy ``Ed`` signature
    needs the whole file in memory (Ed25519 hashes the message twice)."""
    def message() -> bytes:
        if signature.algorithm == ALGORITHM_PREHASHED:
            return blake2b_file(path)
        return path.read_bytes()
    return _verify(message, signature, public_key, str(path),
                   signature_source or f"{path}.minisig")


def verify_data(data: bytes, signature: Signature, public_key: PublicKey, *,
                source: str = "data", signature_source: str = "signature") -> str:
    """Check ``signature`` over bytes in memory; returns the trusted comment."""
    def message() -> bytes:
        if signature.algorithm == ALGORITHM_PREHASHED:
            return hashlib.blake2b(data).digest()
        return data
    return _verify(message, signature, public_key, source, signature_source)


def _verify(message: Callable[[], bytes], signature: Signature, public_key: PublicKey,
            source: str, signature_source: str) -> str:
    if signature.key_id != public_key.key_id:
        raise MinisignKeyIdMismatchError(signature_source, signature.key_id_hex,
                                         public_key.key_id_hex)
    if not public_key.verify_ed25519(message(), signature.signature):
        raise MinisignBadSignatureError(source, signature_source)
    if not public_key.verify_ed25519(signature.signature + signature.trusted_comment,
                                     signature.global_signature):
        raise MinisignBadTrustedCommentError(signature_source)
    return signature.trusted_comment_text


# --- parsing helpers ---


def _read_small(path: Path, source: str | None = None) -> bytes:
    """A key or signature file, refusing to read more than any such file can hold."""
    with path.open("rb") as stream:
        content = stream.read(MAX_FILE_BYTES + 1)
    if len(content) > MAX_FILE_BYTES:
        raise MinisignMalformedError(source or str(path), f"larger than {MAX_FILE_BYTES} bytes")
    return content


def _lines(text: bytes, source: str, needed: int) -> list[bytes]:
    """The first ``needed`` lines, line ends (``\\n``, ``\\r\\n``) removed as
    minisign's ``trim`` does. A missing line means a truncated file."""
    lines = [line.replace(b"\r", b"") for line in text.split(b"\n")]
    while lines and lines[-1] == b"":
        lines.pop()
    if len(lines) < needed:
        raise MinisignMalformedError(source, f"{len(lines)} line(s) where {needed} are "
                                     "expected: the file is truncated")
    return lines[:needed]


def _b64decode(value: bytes | str, size: int, source: str, what: str) -> bytes:
    try:
        raw = base64.b64decode(value.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise MinisignMalformedError(source, f"the {what} is not valid base64") from None
    if len(raw) != size:
        raise MinisignMalformedError(source, f"the {what} is {len(raw)} bytes, not {size}")
    return raw


def _checked_signature(signature: bytes) -> bytes:
    if len(signature) != SIGNATURE_BYTES:
        raise ValueError("an Ed25519 signer must return a 64-byte signature")
    return signature


def _one_line(comment: str) -> str:
    """Comments are single lines in the format: a line break would end the field."""
    if "\n" in comment or "\r" in comment:
        raise ValueError("a minisign comment cannot contain a line break")
    return comment


def _decode_text(raw: bytes) -> str:
    """Comment bytes as text: UTF-8, with anything else (an old file name in another
    encoding) replaced rather than refused; the bytes themselves are kept to verify."""
    return raw.decode("utf-8", errors="replace")


def _printable(raw: Iterable[int]) -> str:
    return "".join(chr(b) if 32 <= b < 127 else f"\\x{b:02x}" for b in raw)
