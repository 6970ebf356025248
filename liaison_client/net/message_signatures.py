"""The client side of the relay's HTTP Message Signatures (RFC 9421): signing each request.

The profile (label, tag, covered components, signature base) is defined once in
:mod:`liaison_client.protocol.http_signatures`, which the relay verifies with.
The client builds the signature base (RFC 9421 §2.5) and the headers (§4.1,
§4.2) with the ``http-message-signatures`` library; its ``prepare()``/``apply()``
split lets the *vodozemac Account* sign the base: vodozemac never exposes the
Ed25519 private key, so no key object ever exists in Python. Both sides are
proven against the RFC's own Ed25519 test vector (RFC 9421 Appendix B.2.6) in
``tests/net/test_message_signatures.py``.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Callable

import requests
from http_message_signatures import HTTPMessageSigner, algorithms

from liaison_client.protocol.http_signatures import (
    COVERED_COMPONENTS,
    SIGNATURE_LABEL,
    SIGNATURE_TAG,
)

#: Signs the signature base with the device key; returns the raw 64-byte signature.
RawSigner = Callable[[bytes], bytes]

_SIGNER = HTTPMessageSigner(signature_algorithm=algorithms.ED25519)


class RequestSigner(requests.auth.AuthBase):
    """A ``requests`` auth hook: signs each prepared request afresh.

    ``requests`` calls it on every ``Session.request``, so a retry made by
    :class:`~liaison_client.net.client.RelayClient` gets a new nonce and
    creation time; a signature is never sent twice.
    """

    def __init__(self, key_id: str, sign: RawSigner) -> None:
        self._key_id = key_id
        self._sign = sign

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        body: bytes | None
        has_digest = "Content-Digest" in request.headers
        raw: object = request.body  # typed bytes | str | None, but a file when streamed
        if isinstance(raw, bytes):
            body = raw
        elif isinstance(raw, str):
            body = raw.encode()
        elif raw is None:
            body = b""
        elif has_digest:
            # A streamed body (a blob upload): the caller set Content-Digest
            # from the hash it computed while reading the file.
            body = None
        else:
            raise ValueError("a streamed request body needs a Content-Digest set by the caller")
        prepared = _SIGNER.prepare(
            request,
            key_id=self._key_id,
            created=datetime.datetime.now(datetime.UTC),
            nonce=secrets.token_urlsafe(16),
            label=SIGNATURE_LABEL,
            tag=SIGNATURE_TAG,
            covered_component_ids=COVERED_COMPONENTS,
            body=body,
            use_existing_digest=has_digest,
        )
        _SIGNER.apply(request, prepared, self._sign(prepared.signature_base))
        return request
