"""Whether a typed relay address and a chosen CA file may be used, before anything is saved.

https is required for a relay; plain http only on this computer (the embedded
demo relay, tests), where nothing crosses a network. A pinned CA must be a PEM
certificate OpenSSL can load as a trust anchor. Both checks run before the
relay is contacted, so a typo is a usage error and never a network failure.
"""

from __future__ import annotations

import ssl
from pathlib import Path
from urllib.parse import urlsplit

from liaison_client.net.errors import RelayAddressError, RelayCertificateError

#: Hosts a plain-http relay is accepted on: only this computer (the embedded
#: demo relay, tests). Anything crossing a network must be https.
LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})


def checked_relay_url(url: str) -> str:
    """``url`` without surrounding blanks or a trailing slash, if it may be used as a relay.

    https is required; http only for a loopback host, where nothing crosses a network.
    """
    cleaned = url.strip().rstrip("/")
    parts = urlsplit(cleaned)
    try:
        host = parts.hostname
        parts.port  # noqa: B018  # a malformed port raises ValueError here
    except ValueError:
        host = None
    if parts.scheme not in ("https", "http") or not host or parts.query or parts.fragment:
        raise RelayAddressError(f"{cleaned!r} is not a relay address like "
                                "https://relay.example.gov")
    if parts.scheme == "http" and host not in LOOPBACK_HOSTS:
        raise RelayAddressError(f"{cleaned!r}: a relay on another computer needs https://")
    return cleaned


def checked_ca_pem(pem: str, source: str = "the CA certificate") -> str:
    """``pem`` if it holds at least one certificate OpenSSL can load as a trust anchor."""
    if "-----BEGIN CERTIFICATE-----" not in pem:
        raise RelayCertificateError(f"{source} is not a PEM certificate")
    try:
        ssl.create_default_context(cadata=pem)
    except (ssl.SSLError, ValueError) as exc:
        raise RelayCertificateError(f"{source} is not a usable PEM certificate: "
                                    f"{exc.args[-1] if exc.args else exc}") from exc
    return pem


def read_ca_file(path: Path) -> str:
    """The PEM text of a CA file the officer chose, checked like :func:`checked_ca_pem`."""
    try:
        pem = path.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError) as exc:
        raise RelayCertificateError(f"cannot read the CA certificate {path}: {exc}") from exc
    return checked_ca_pem(pem, str(path))
