"""What can be wrong with a minisign key or signature, as typed :class:`LiaisonError`\\ s.

One class per failure a verifier must tell apart, because each means something
different to the person holding the file: a *malformed* file was damaged or is
not a minisign file at all; a *key id mismatch* means the signature was made by
another key than the one given (the wrong ``.pub``, or a re-signed file); a
*bad signature* means the signed file changed after signing; a *bad trusted
comment* means the signature line is intact but the signed comment under it was
edited. All exit 1 in the CLI (the file is wrong, not the command line).

Codes are the service layer's contract (see ``liaison_client/errors.py``):
rename one only together with its translations in ``ui/error_text.py``.
"""

from __future__ import annotations

from liaison_client.errors import LiaisonError


class MinisignError(LiaisonError):
    """Base of every minisign key or signature failure (param ``file``: what was read)."""

    code = "minisign"


class MinisignMalformedError(MinisignError):
    """The file is not a well-formed minisign key or signature (params ``file``,
    ``detail``): wrong line prefixes, bad base64, wrong length, truncated."""

    code = "minisign.malformed"

    def __init__(self, file: str, detail: str) -> None:
        super().__init__(f"{file}: not a valid minisign file ({detail})", file=file,
                         detail=detail)


class MinisignUnsupportedAlgorithmError(MinisignError):
    """A key or signature names an algorithm or key-derivation function this
    implementation does not know (params ``file``, ``algorithm``)."""

    code = "minisign.unsupported_algorithm"

    def __init__(self, file: str, algorithm: str) -> None:
        super().__init__(f"{file}: unsupported minisign algorithm {algorithm!r}", file=file,
                         algorithm=algorithm)


class MinisignEncryptedKeyError(MinisignError):
    """The secret key is password-encrypted (scrypt): Liaison reads only unencrypted
    keys (``minisign -G -W``); release builds sign encrypted keys with the
    ``minisign`` tool itself (issue 12), so a password never passes through
    Liaison (param ``file``)."""

    code = "minisign.encrypted_key"

    def __init__(self, file: str) -> None:
        super().__init__(f"{file}: the secret key is password-protected; sign with the "
                         "minisign tool, or use a key made with 'minisign -G -W'", file=file)


class MinisignKeyIdMismatchError(MinisignError):
    """The signature was made by another key than the public key given (params
    ``file``, ``signature_key_id``, ``public_key_id``, both as minisign prints them)."""

    code = "minisign.key_id_mismatch"

    def __init__(self, file: str, signature_key_id: str, public_key_id: str) -> None:
        super().__init__(f"{file}: signed by key {signature_key_id}, but the public key "
                         f"given is {public_key_id}", file=file,
                         signature_key_id=signature_key_id, public_key_id=public_key_id)


class MinisignBadSignatureError(MinisignError):
    """The signature does not match the file: the file (or the signature) changed
    after signing (params ``file``: the signed file, ``signature``: the ``.minisig``)."""

    code = "minisign.bad_signature"

    def __init__(self, file: str, signature: str) -> None:
        super().__init__(f"{file}: the signature in {signature} does not match the file",
                         file=file, signature=signature)


class MinisignBadTrustedCommentError(MinisignError):
    """The file's signature holds, but the trusted comment was changed after signing
    (param ``signature``: the ``.minisig``)."""

    code = "minisign.bad_trusted_comment"

    def __init__(self, signature: str) -> None:
        super().__init__(f"{signature}: the trusted comment was changed after signing",
                         file=signature, signature=signature)
