"""The relay profile of HTTP Message Signatures (RFC 9421): its constants and signature base.

Every authenticated request to the relay carries one signature, label
``liaison`` and tag ``liaison-relay-v1``, over exactly these components
(RFC 9421 §2.2 derived components, §2.1 fields):

``@method``, ``@path``, ``@query`` and ``content-digest`` (RFC 9530, sha-256 of
the body, the empty body included), with the parameters ``created``,
``keyid`` (the device id), ``nonce`` (128 random bits, single use) and
``alg="ed25519"`` (RFC 9421 §2.3, §3.3.6).

The client signs with the ``http-message-signatures`` library
(:mod:`liaison_client.net.message_signatures`); the relay verifies with
:func:`signature_base` below instead of the library's verifier
(:mod:`liaison_client.relay.authentication`): for exactly these four
components the base is a few formatted lines, and the library's general
verifier re-parses every structured field several times (about 0.7 ms a
request, more than the rest of a relay request together; docs/RELAY.md,
"Performance"). Both are proven against the RFC's own Ed25519 test vector
(RFC 9421 Appendix B.2.6) in ``tests/net/test_message_signatures.py``, and
every signed request in the test suite crosses from one to the other.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence

#: The components every relay request signature covers, in this order.
COVERED_COMPONENTS: tuple[str, ...] = ("@method", "@path", "@query", "content-digest")
SIGNATURE_LABEL = "liaison"
#: RFC 9421 §2.3 ``tag``: names this application profile so a signature made
#: for another protocol with the same key is never accepted here.
SIGNATURE_TAG = "liaison-relay-v1"
#: Clock skew accepted in either direction, and how long a nonce is remembered.
MAX_SKEW_SECONDS = 300


def decode_unpadded_base64(value: str) -> bytes:
    """vodozemac writes unpadded standard base64; Python wants the padding back."""
    return base64.b64decode(value + "=" * (-len(value) % 4), validate=True)


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
