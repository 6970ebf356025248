"""Read the signed update manifest IT publishes and say whether a verified update exists.

The manifest is ``liaison-update.json`` in the configured ``update_source`` (a shared folder,
or an https:// URL of a folder), with its minisign signature ``liaison-update.json.minisig``
made by the release key; the publisher's public key is pinned in the provisioning
(``update_publisher_key``). Nothing is trusted before the signature verifies with that key
(PyNaCl, :mod:`liaison_client.provenance.minisign`), and nothing is ever downloaded or run:
the check only reads the two small files and reports the version and the artefacts' SHA-256,
which IT or the officer then checks with ``liaison verify-build`` before installing.

Manifest (JSON)::

    {"version": "0.2.0",
     "artefacts": [{"name": "liaison_0.2.0_amd64.deb", "sha256": "<64 hex>"}, ...]}

Versions are dotted whole numbers (``MAJOR.MINOR.PATCH``), compared numerically; an
older version than the installed one is refused as a rollback (a replayed manifest).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import requests

from liaison_client.errors import LiaisonError
from liaison_client.provenance.minisign import PublicKey, Signature, verify_data
from liaison_client.updates.errors import (
    UpdateCheckError,
    UpdateNotConfiguredError,
    UpdateRollbackError,
)

MANIFEST_NAME = "liaison-update.json"
SIGNATURE_NAME = MANIFEST_NAME + ".minisig"
#: A manifest lists a handful of artefacts: anything larger is not one.
MAX_MANIFEST_BYTES = 64 * 1024
FETCH_TIMEOUT_SECONDS = 10
_VERSION = re.compile(r"\d+(\.\d+){0,3}")
_SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class Artefact:
    name: str
    sha256: str


@dataclass(frozen=True)
class UpdateStatus:
    """A verified answer: ``available`` is True when the manifest's version is newer."""

    source: str
    installed: str
    offered: str
    artefacts: tuple[Artefact, ...]
    key_id: str

    @property
    def available(self) -> bool:
        return version_key(self.offered) > version_key(self.installed)


def version_key(value: str) -> tuple[int, ...]:
    base = value.split("+", 1)[0]
    if not _VERSION.fullmatch(base):
        raise ValueError(value)
    parts = tuple(int(p) for p in base.split("."))
    return parts + (0,) * (4 - len(parts))


def _fetch(source: str, name: str) -> bytes:
    """One small file from the folder or URL, bounded in size and time."""
    if source.startswith(("https://", "http://")):
        url = source.rstrip("/") + "/" + name
        try:
            with requests.get(url, timeout=FETCH_TIMEOUT_SECONDS, stream=True) as response:
                if response.status_code != 200:
                    raise UpdateCheckError(source, f"{name}: HTTP {response.status_code}")
                data = response.raw.read(MAX_MANIFEST_BYTES + 1, decode_content=True)
        except requests.RequestException as error:
            raise UpdateCheckError(source, f"{name}: cannot be fetched ({error})") from error
    else:
        path = Path(source) / name
        try:
            with path.open("rb") as handle:
                data = handle.read(MAX_MANIFEST_BYTES + 1)
        except OSError as error:
            raise UpdateCheckError(source, f"{name}: cannot be read ({error.strerror})") from error
    if len(data) > MAX_MANIFEST_BYTES:
        raise UpdateCheckError(source, f"{name}: larger than {MAX_MANIFEST_BYTES} bytes")
    return data


def _parse(source: str, data: bytes) -> tuple[str, tuple[Artefact, ...]]:
    try:
        body = json.loads(data)
        offered = body["version"]
        version_key(offered)
        artefacts = tuple(Artefact(str(a["name"]), str(a["sha256"])) for a in body["artefacts"])
    except (ValueError, KeyError, TypeError) as error:
        raise UpdateCheckError(source, f"{MANIFEST_NAME}: malformed ({error!r})") from error
    for artefact in artefacts:
        if "/" in artefact.name or not _SHA256.fullmatch(artefact.sha256):
            raise UpdateCheckError(source, f"{MANIFEST_NAME}: malformed artefact entry "
                                           f"{artefact.name!r}")
    return offered, artefacts


def check_for_update(source: str | None, publisher_key: str | None,
                     installed: str) -> UpdateStatus:
    """Fetch, verify with the pinned key, parse, refuse a rollback; never download more."""
    if not source or not publisher_key:
        raise UpdateNotConfiguredError()
    if source.startswith("http://") and urlsplit(source).hostname not in (
            "127.0.0.1", "::1", "localhost"):
        raise UpdateCheckError(source, "plain http:// is allowed only on loopback (tests)")
    key = PublicKey.from_base64(publisher_key, "update_publisher_key")
    manifest = _fetch(source, MANIFEST_NAME)
    signature_bytes = _fetch(source, SIGNATURE_NAME)
    try:
        signature = Signature.parse(signature_bytes, SIGNATURE_NAME)
        verify_data(manifest, signature, key, source=MANIFEST_NAME,
                    signature_source=SIGNATURE_NAME)
    except LiaisonError as error:
        raise UpdateCheckError(source, f"does not verify with the pinned publisher key: "
                                       f"{error}") from error
    offered, artefacts = _parse(source, manifest)
    try:
        older = version_key(offered) < version_key(installed)
    except ValueError:
        older = False  # a source install (0+unknown) is never newer than a release
    if older:
        raise UpdateRollbackError(source, offered, installed)
    return UpdateStatus(source=source, installed=installed, offered=offered,
                        artefacts=artefacts, key_id=key.key_id_hex)
