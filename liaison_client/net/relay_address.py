"""Whether a typed relay address and a chosen CA file may be used, before anything is saved.

https is required for a relay; plain http only on this computer (the embedded
demo relay, tests), where nothing crosses a network. A pinned CA must be a PEM
certificate OpenSSL can load as a trust anchor. Both checks run before the
relay is contacted, so a typo is a usage error and never a network failure.

:func:`checked_relay_url` is THE relay-address check: ``liaison init``, the
first-run wizard and Settings → Relay all call it (through
``liaison_client.relay_connection.checked_address``), so the three can never
disagree again (issue 10, item 6: ``init`` once took ``http://`` to another
host that the wizard refused). "Loopback" is decided on the address the
resolver would connect to, not on the spelling: ``127.1``, ``127.0.0.2`` and
``0x7f000001`` are all 127.0.0.0/8 (glibc's ``inet_aton`` reads them so), and
``http://127.0.0.1.example.com`` is not.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import ssl
from pathlib import Path
from urllib.parse import urlsplit

from liaison_client.net.errors import RelayAddressError, RelayCertificateError

#: Host names a plain-http relay is accepted on besides loopback addresses:
#: RFC 6761 §6.3 reserves ``localhost`` for this computer.
LOOPBACK_NAMES = frozenset({"localhost", "localhost."})

#: What ``inet_aton`` may read as an IPv4 address (dotted, shortened, hex, octal).
_NUMERIC_IPV4 = re.compile(r"[0-9a-fx.]+")


def is_loopback_host(host: str) -> bool:
    """Whether a connection to ``host`` stays on this computer: ``localhost``,
    127.0.0.0/8 in any spelling the resolver accepts, ``::1`` (or an IPv4-mapped
    127.x). Decided without a DNS query, so a name is loopback only if it is
    ``localhost``."""
    host = host.lower().strip("[]")
    if host in LOOPBACK_NAMES:
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        address = None
    if isinstance(address, ipaddress.IPv6Address):
        mapped = address.ipv4_mapped
        return address.is_loopback or (mapped is not None and mapped.is_loopback)
    if isinstance(address, ipaddress.IPv4Address):
        return address.is_loopback
    if _NUMERIC_IPV4.fullmatch(host) is None:
        return False
    try:
        packed = socket.inet_aton(host)  # what getaddrinfo does with a numeric host
    except OSError:
        return False
    return ipaddress.IPv4Address(packed).is_loopback


class PlainHttpToAnotherComputerError(RelayAddressError):
    """An ``http://`` address whose host is not this computer: the reason, apart
    from a malformed address, so each front end can say it in its own words
    (the wizard's page text, Settings' translated error, the CLI's line)."""

    code = "relay.address_plain_http"
    needs_https = True


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
    if parts.scheme == "http" and not is_loopback_host(host):
        suggested = "https://" + cleaned[len("http://"):]
        raise PlainHttpToAnotherComputerError(
            f"{cleaned!r}: plain http:// is only for a relay on this computer "
            f"(127.0.0.0/8, ::1, localhost); a relay on another computer needs https:// "
            f"({suggested})", suggested=suggested)
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
