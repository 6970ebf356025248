"""Check a release folder offline: ``SHA256SUMS.minisig`` against the publisher's
key, then every artefact against ``SHA256SUMS`` (issue 12).

This is ``minisign -Vm SHA256SUMS -p KEY`` followed by ``sha256sum -c SHA256SUMS``,
in Python, so an officer's workstation needs neither tool, plus one check those
two leave out: a file in the folder that ``SHA256SUMS`` does not list is
reported too (an unlisted installer is exactly what a swapped download looks
like). Every problem is collected, not just the first, so IT sees at once what
is wrong; :attr:`BuildVerification.ok` is the verdict.

``SHA256SUMS`` is read in GNU coreutils' format (``sha256sum`` writes it;
``info coreutils sha2 utilities`` / ``md5sum invocation``): one line per file,
``<64 hex digits><space><space or *><name>``; a line starting with a backslash
has ``\\\\`` and ``\\n`` escapes in its name. Names must stay inside the folder
(no absolute paths, no ``..``).
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path, PurePosixPath
from typing import Final

from liaison_client.errors import LiaisonError
from liaison_client.provenance.errors import MinisignBadSignatureError
from liaison_client.provenance.minisign import CHUNK_BYTES, PublicKey, Signature, verify_file

CHECKSUMS_NAME: Final = "SHA256SUMS"
SIGNATURE_NAME: Final = "SHA256SUMS.minisig"
#: More lines or files than any release has: the checks stop there and say so.
MAX_ENTRIES: Final = 10_000
_LINE = re.compile(r"(?P<escaped>\\?)(?P<digest>[0-9a-fA-F]{64}) [ *](?P<name>.+)")


class Problem(StrEnum):
    """What failed, as a stable word (the ``--json`` output's ``problem``)."""

    SIGNATURE = "signature"
    CHECKSUMS_MISSING = "checksums_missing"
    CHECKSUMS_MALFORMED = "checksums_malformed"
    MISSING = "missing"
    CHANGED = "changed"
    UNLISTED = "unlisted"
    TOO_MANY = "too_many"


@dataclass(frozen=True)
class BuildFailure:
    """One problem with one file of the release (``file`` relative to the folder)."""

    file: str
    problem: Problem
    detail: str

    def line(self) -> str:
        return f"{self.file}: {self.detail}"


@dataclass(frozen=True)
class BuildVerification:
    """The verdict on a release folder."""

    directory: Path
    key_id: str
    trusted_comment: str | None
    verified: tuple[str, ...]
    failures: tuple[BuildFailure, ...]

    @property
    def ok(self) -> bool:
        return not self.failures and self.trusted_comment is not None

    def summary(self) -> str:
        if self.ok:
            return (f"OK: {len(self.verified)} artefact(s) in {self.directory} match "
                    f"{CHECKSUMS_NAME}, signed by key {self.key_id} "
                    f"(trusted comment: {self.trusted_comment})")
        return (f"FAILED: {len(self.failures)} problem(s) in {self.directory}; "
                f"{len(self.verified)} artefact(s) matched")


def verify_build(directory: Path, public_key: PublicKey,
                 public_key_path: Path | None = None) -> BuildVerification:
    """Check ``directory`` against ``public_key``. ``public_key_path``, when it lies
    inside the folder, is not reported as an unlisted file."""
    failures: list[BuildFailure] = []
    checksums = directory / CHECKSUMS_NAME
    if not checksums.is_file():
        failures.append(BuildFailure(CHECKSUMS_NAME, Problem.CHECKSUMS_MISSING,
                                     f"missing: the release lists its artefacts in "
                                     f"{CHECKSUMS_NAME}"))
        return BuildVerification(directory, public_key.key_id_hex, None, (), tuple(failures))

    trusted_comment = _check_signature(directory, public_key, failures)
    entries = _read_checksums(checksums, failures)
    verified: list[str] = []
    for name, digest in entries.items():
        path = directory / name
        if not path.is_file():
            failures.append(BuildFailure(name, Problem.MISSING,
                                         f"missing (listed in {CHECKSUMS_NAME})"))
        elif _sha256_file(path) != digest:
            failures.append(BuildFailure(name, Problem.CHANGED,
                                         f"changed: its SHA-256 differs from {CHECKSUMS_NAME}"))
        else:
            verified.append(name)

    # A listed file's own detached signature (the update manifest's
    # ``liaison-update.json.minisig``, made after SHA256SUMS) covers a file the
    # signed list already covers: it cannot change what was verified.
    exempt = {CHECKSUMS_NAME, SIGNATURE_NAME, *entries, *(f"{name}.minisig" for name in entries)}
    if public_key_path is not None:
        exempt.add(_relative_name(directory, public_key_path) or "")
    for name in _files_in(directory, failures):
        if name not in exempt:
            failures.append(BuildFailure(name, Problem.UNLISTED,
                                         f"unlisted: not in {CHECKSUMS_NAME}, so not covered "
                                         "by the signature"))
    return BuildVerification(directory, public_key.key_id_hex, trusted_comment,
                             tuple(verified), tuple(failures))


def _check_signature(directory: Path, public_key: PublicKey,
                     failures: list[BuildFailure]) -> str | None:
    signature_path = directory / SIGNATURE_NAME
    if not signature_path.is_file():
        failures.append(BuildFailure(SIGNATURE_NAME, Problem.SIGNATURE,
                                     "missing: the release is not signed"))
        return None
    try:
        signature = Signature.load(signature_path, SIGNATURE_NAME)
        return verify_file(directory / CHECKSUMS_NAME, signature, public_key,
                           signature_source=SIGNATURE_NAME)
    except MinisignBadSignatureError:
        failures.append(BuildFailure(SIGNATURE_NAME, Problem.SIGNATURE,
                                     f"the signature does not match {CHECKSUMS_NAME}: the list "
                                     "or its signature was changed after signing"))
    except LiaisonError as error:
        failures.append(BuildFailure(SIGNATURE_NAME, Problem.SIGNATURE, _reason(error)))
    return None


def _reason(error: LiaisonError) -> str:
    """The error's sentence without the file name it starts with (the line names it)."""
    text = str(error)
    for prefix in (f"{SIGNATURE_NAME}: ", f"{CHECKSUMS_NAME}: "):
        if text.startswith(prefix):
            return text[len(prefix):]
    return text


def _read_checksums(path: Path, failures: list[BuildFailure]) -> dict[str, str]:
    entries: dict[str, str] = {}
    with path.open("rb") as stream:
        for number, raw in enumerate(stream, start=1):
            if number > MAX_ENTRIES:
                failures.append(BuildFailure(CHECKSUMS_NAME, Problem.TOO_MANY,
                                             f"more than {MAX_ENTRIES} lines; stopped there"))
                break
            where = f"line {number}"
            line = raw.rstrip(b"\r\n").decode("utf-8", errors="replace")
            if not line.strip():
                continue
            match = _LINE.fullmatch(line)
            name = None if match is None else (
                _unescape(match["name"]) if match["escaped"] else match["name"])
            if match is None or name is None:
                failures.append(BuildFailure(CHECKSUMS_NAME, Problem.CHECKSUMS_MALFORMED,
                                             f"{where} is not '<sha256>  <file name>'"))
                continue
            relative = PurePosixPath(name)
            if relative.is_absolute() or ".." in relative.parts or not relative.parts:
                failures.append(BuildFailure(CHECKSUMS_NAME, Problem.CHECKSUMS_MALFORMED,
                                             f"{where} names {name!r}, outside the folder"))
                continue
            name = relative.as_posix()
            if name in entries:
                failures.append(BuildFailure(CHECKSUMS_NAME, Problem.CHECKSUMS_MALFORMED,
                                             f"{where} lists {name} a second time"))
                continue
            entries[name] = match["digest"].lower()
    return entries


def _unescape(name: str) -> str | None:
    """Undo sha256sum's escaping of ``\\\\`` and ``\\n``; None for any other escape."""
    out: list[str] = []
    chars = iter(name)
    for char in chars:
        if char != "\\":
            out.append(char)
            continue
        following = next(chars, "")
        if following == "\\":
            out.append("\\")
        elif following == "n":
            out.append("\n")
        else:
            return None
    return "".join(out)


def _relative_name(directory: Path, path: Path) -> str | None:
    try:
        return path.resolve().relative_to(directory.resolve()).as_posix()
    except ValueError:
        return None


def _files_in(directory: Path, failures: list[BuildFailure]) -> list[str]:
    """Every regular file under ``directory``, as POSIX paths relative to it, sorted."""
    found: list[str] = []
    for root, dirs, files in os.walk(directory):
        dirs.sort()
        for name in sorted(files):
            found.append((Path(root) / name).relative_to(directory).as_posix())
            if len(found) > MAX_ENTRIES:
                failures.append(BuildFailure(".", Problem.TOO_MANY,
                                             f"more than {MAX_ENTRIES} files; stopped there"))
                return sorted(found)
    return sorted(found)


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(CHUNK_BYTES), b""):
            digest.update(chunk)
    return digest.hexdigest()
