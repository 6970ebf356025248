"""HTTP Message Signatures (RFC 9421) as the relay profile uses them.

Every authenticated request to the relay carries one signature, label
``liaison`` and tag ``liaison-relay-v1``, over exactly these components
(RFC 9421 §2.2 derived components, §2.1 fields):

``@method``, ``@path``, ``@query`` and ``content-digest`` (RFC 9530, sha-256 of
the body, the empty body included), with the parameters ``created``,
``keyid`` (the device id), ``nonce`` (128 random bits, single use) and
``alg="ed25519"`` (RFC 9421 §2.3, §3.3.6).

The client builds the signature base (RFC 9421 §2.5) and the headers (§4.1,
§4.2) with the ``http-message-signatures`` library; its ``prepare()``/``apply()``
split lets the *vodozemac Account* sign the base: vodozemac never exposes the
Ed25519 private key, so no key object ever exists in Python.

The relay verifies with :func:`signature_base` below instead of the library's
verifier: for exactly these four components the base is a few formatted lines,
and the library's general verifier re-parses every structured field several
times (about 0.7 ms a request, more than the rest of a relay request together;
docs/RELAY.md, "Performance"). Both are proven against the RFC's own Ed25519
test vector (RFC 9421 Appendix B.2.6) in ``tests/net/test_message_signatures.py``,
and every signed request in the test suite crosses from one to the other.
"""

from __future__ import annotations

import base64
import datetime
import secrets
from collections.abc import Callable, Sequence

import requests
from http_message_signatures import HTTPMessageSigner, algorithms

#: The components every relay request signature covers, in this order.
COVERED_COMPONENTS: tuple[str, ...] = ("@method", "@path", "@query", "content-digest")
SIGNATURE_LABEL = "liaison"
#: RFC 9421 §2.3 ``tag``: names this application profile so a signature made
#: for another protocol with the same key is never accepted here.
SIGNATURE_TAG = "liaison-relay-v1"
#: Clock skew accepted in either direction, and how long a nonce is remembered.
MAX_SKEW_SECONDS = 300

#: Signs the signature base with the device key; returns the raw 64-byte signature.
RawSigner = Callable[[bytes], bytes]

_SIGNER = HTTPMessageSigner(signature_algorithm=algorithms.ED25519)


def decode_unpadded_base64(value: str) -> bytes:
    """vodozemac writes unpadded standard base64; Python wants the padding back."""
    return base64.b64decode(value + "=" * (-len(value) % 4), validate=True)


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


def signature_base(components: Sequence[tuple[str, str]], signature_params: str) -> bytes:
    """The RFC 9421 §2.5 signature base: one line per covered component, in order,
    ``"<component id>": <value>``, then ``"@signature-params": <params>``, joined
    by LF with no trailing newline. Values must already be canonical (§2.1, §2.2).
    """
    lines = [f'"{name}": {value}' for name, value in components]
    lines.append(f'"@signature-params": {signature_params}')
    return "\n".join(lines).encode("ascii")


def content_digest_header(sha256_digest: bytes) -> str:
    """The RFC 9530 ``Content-Digest`` value for a body whose SHA-256 is known."""
    return f"sha-256=:{base64.b64encode(sha256_digest).decode()}:"
