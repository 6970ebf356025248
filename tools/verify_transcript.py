#!/usr/bin/env python3
"""Verify a Liaison transcript folder offline: the single-file verifier.

    python3 verify_transcript.py DIR [--exporter-key FILE] [--json]

Needs only Python 3.11+ and PyNaCl (``pip install pynacl``); it imports nothing
of Liaison, so a court's expert can read it in one sitting. The format and every
check are described in docs/TRANSCRIPT.md of Liaison; ``liaison transcript verify``
runs the same checks with the application's own code.

Checks:
  * the exporter's minisign signatures over transcript.json and transcript.pdf
    (Ed25519 over the BLAKE2b-512 prehash, and the signed trusted comment), that
    exporter.pub is the exporter's device key listed in the transcript and in the
    membership log, and (with --exporter-key) that it is the key you were given;
  * the membership log: each event signed by the coordinator, canonical, numbered
    by epoch, and chained by the SHA-256 of the previous event; the member list
    agrees with it;
  * every message: its hash, its sender's Ed25519 signature over the exact signed
    bytes with the key the log lists, that the sender was a member at the epoch
    it signed, and that its membership head is that epoch's event;
  * every sender's chain (seq/prev): each gap, fork or mismatch, naming the
    messages around it;
  * the transcript hash chain over the messages in export order and its head;
  * each decrypted attachment the export includes (attachments/) against the SHA-256
    transcript.json records;
  * that every PDF page footer carries the SHA-256 of transcript.json.

Exit codes: 0 everything holds (one summary line), 1 a check failed (one line
per problem), 2 the folder cannot be read (a required file is missing).
"""

from __future__ import annotations

import argparse
import base64
import concurrent.futures
import concurrent.futures.process
import contextlib
import hashlib
import itertools
import json
import multiprocessing
import os
import re
import sys
import threading
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nacl.exceptions
import nacl.signing

FORMAT = "liaison.transcript.v1"
CHAIN_CONTEXT = b"liaison.transcript.chain.v1"
CONTROL_CONTEXT = "liaison.control.v1"
MESSAGE_CONTEXTS = {"liaison.message.v1": 1, "liaison.message.v2": 2}
FOOTER = re.compile(rb"SHA-256 of transcript\.json: ([0-9a-f]{64})")
REQUIRED = ("transcript.json", "transcript.json.minisig", "transcript.pdf",
            "transcript.pdf.minisig", "exporter.pub")
EXIT_OK, EXIT_FAILED, EXIT_UNREADABLE = 0, 1, 2
#: The writer's layout: the header line ends here, one message a line follows.
MESSAGES_OPEN = b',"messages":[\n'
#: From this many messages on, signatures are checked on every core (a pool of processes).
PARALLEL_FROM = 2000
CHUNK = 1000


@dataclass(frozen=True)
class Problem:
    """One failed check: ``check`` names it, ``subject`` what it is about."""

    check: str
    subject: str
    text: str

    def line(self) -> str:
        return f"FAIL {self.check} {self.subject}: {self.text}"


def b64decode(text: str) -> bytes:
    """Standard base64, padded or not (the device keys are unpadded)."""
    return base64.b64decode(text + "=" * (-len(text) % 4), validate=True)


def canonical(value: Any) -> bytes:
    """RFC 8785 for what transcripts hold (ASCII keys, integers, no floats)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":")).encode("utf-8")


def ed25519_ok(key: bytes, message: bytes, signature: bytes) -> bool:
    try:
        nacl.signing.VerifyKey(key).verify(message, signature)
    except (nacl.exceptions.BadSignatureError, ValueError, TypeError):
        return False
    return True


# -- minisign (https://jedisct1.github.io/minisign/, "Signature format") -------------

def read_public_key(path: Path) -> tuple[bytes, bytes]:
    """(key id, Ed25519 key) of a minisign public key file."""
    lines = path.read_text(encoding="utf-8").splitlines()
    raw = base64.b64decode(lines[1].strip(), validate=True)
    if len(raw) != 42 or raw[:2] != b"Ed":
        raise ValueError("not a minisign Ed25519 public key")
    return raw[2:10], raw[10:]


def minisign_problem(data_path: Path, sig_path: Path, key_id: bytes, key: bytes) -> str | None:
    """Why the minisign signature does not hold, or None when it does."""
    try:
        lines = sig_path.read_bytes().split(b"\n")
        raw = base64.b64decode(lines[1].strip(), validate=True)
        comment = lines[2].rstrip(b"\r")
        global_signature = base64.b64decode(lines[3].strip(), validate=True)
    except (IndexError, ValueError):
        return f"{sig_path.name} is not a minisign signature"
    if len(raw) != 74 or raw[:2] not in (b"ED", b"Ed"):
        return f"{sig_path.name} is not a minisign Ed25519 signature"
    if not comment.startswith(b"trusted comment: "):
        return f"{sig_path.name} has no trusted comment"
    if raw[2:10] != key_id:
        return f"{sig_path.name} was made by another key than exporter.pub"
    if raw[:2] == b"ED":  # prehashed: BLAKE2b-512 of the file, read in pieces
        digest = hashlib.blake2b()
        with data_path.open("rb") as source:
            for piece in iter(lambda: source.read(1 << 20), b""):
                digest.update(piece)
        message = digest.digest()
    else:
        message = data_path.read_bytes()
    if not ed25519_ok(key, message, raw[10:]):
        return (f"{sig_path.name} does not verify: {data_path.name} was changed or signed "
                "by another key")
    if not ed25519_ok(key, raw[10:] + comment[len(b"trusted comment: "):], global_signature):
        return f"{sig_path.name}: the trusted comment was changed"
    return None


# -- the membership log ---------------------------------------------------------------

@dataclass
class Membership:
    """Per epoch, who was a member (device id -> Ed25519 key); every device ever listed."""

    epochs: list[dict[str, str]]
    heads: list[str]
    devices: dict[str, str]


def check_membership(log: list[Any], channel_id: str, problems: list[Problem]) -> Membership:
    members: dict[str, str] = {}
    result = Membership([], [], {})
    coordinator: dict[str, Any] | None = None
    previous_hash = ""
    for epoch, encoded in enumerate(log):
        subject = f"epoch-{epoch}"
        if not isinstance(encoded, str):
            problems.append(Problem("membership_log", subject, "event is not a string"))
            break
        try:
            event = json.loads(encoded)
        except ValueError:
            problems.append(Problem("membership_log", subject, "event is not valid JSON"))
            break
        event_hash = hashlib.sha256(encoded.encode("utf-8")).hexdigest()
        signature = event.get("signature", "")
        unsigned = {k: v for k, v in event.items() if k != "signature"}
        if canonical(event) != encoded.encode("utf-8"):
            problems.append(Problem("membership_log", subject, "event is not canonical JSON"))
        if event.get("context") != CONTROL_CONTEXT or event.get("channel_id") != channel_id:
            problems.append(Problem("membership_log", subject,
                                    "event belongs to another format or channel"))
        if event.get("epoch") != epoch:
            problems.append(Problem("membership_log", subject,
                                    f"event says epoch {event.get('epoch')}"))
        if event.get("prev_hash") != previous_hash:
            problems.append(Problem("membership_log", subject,
                                    "hash chain broken: prev_hash is not the previous "
                                    "event's hash"))
        signer = event.get("coordinator") or {}
        if coordinator is None:
            coordinator = signer
        elif signer != coordinator:
            problems.append(Problem("membership_log", subject, "not signed by the coordinator"))
        try:
            valid = ed25519_ok(b64decode(signer.get("ed25519", "")), canonical(unsigned),
                               b64decode(signature))
        except ValueError:
            valid = False
        if not valid:
            problems.append(Problem("membership_log", subject,
                                    "the coordinator's signature does not verify"))
        action, device = event.get("action"), event.get("subject") or {}
        if action == "create":
            members = {signer.get("device_id", ""): signer.get("ed25519", "")}
        elif action == "invite":
            members = {**members, device.get("device_id", ""): device.get("ed25519", "")}
        elif action == "remove":
            members = {k: v for k, v in members.items() if k != device.get("device_id")}
        for device_id, key in members.items():
            result.devices.setdefault(device_id, key)
        result.epochs.append(members)
        result.heads.append(event_hash)
        previous_hash = event_hash
    return result


def check_members(listed: list[Any], membership: Membership, problems: list[Problem]) -> None:
    for member in listed:
        device_id = member.get("device_id", "")
        if membership.devices.get(device_id) != member.get("ed25519"):
            problems.append(Problem("member_key", device_id,
                                    "the listed key is not the key in the membership log"))
        elif member.get("fingerprint") != " ".join(
                member["ed25519"][i:i + 4] for i in range(0, len(member["ed25519"]), 4)):
            problems.append(Problem("member_key", device_id,
                                    "the listed fingerprint is not the key's"))


# -- message signatures, on every core ---------------------------------------------

def bad_signatures(chunk: list[tuple[int, bytes, bytes, bytes]]) -> list[int]:
    """The positions in ``chunk`` whose Ed25519 signature does not verify (a worker)."""
    return [index for index, key, message, signature in chunk
            if not ed25519_ok(key, message, signature)]


@dataclass(frozen=True)
class PendingSignature:
    """A message whose signature is being checked: a problem only if it fails."""

    index: int
    message_id: str
    sender: str

    def problem(self) -> Problem:
        return Problem("message_signature", self.message_id,
                       f"the signature does not verify with sender {self.sender}'s key")


class SignatureChecks:
    """Ed25519 checks of the message signatures, one by one (each exactly as
    ``ed25519_ok``), spread over a pool of processes when there are many: the
    verification itself is most of the time and the machine has several cores.
    No batch verification: every signature is checked on its own. A chunk whose
    worker died (killed, out of memory) is checked here instead: the executor
    reports the death where ``multiprocessing.Pool`` would wait forever."""

    def __init__(self, expected: int) -> None:
        self.chunk: list[tuple[int, bytes, bytes, bytes]] = []
        self.pending: list[tuple[list[tuple[int, bytes, bytes, bytes]], Any]] = []
        self.bad: set[int] = set()
        self.pool: Any = None
        cores = os.cpu_count() or 1
        if expected >= PARALLEL_FROM and cores > 1:
            # fork is cheap and safe in this single-threaded script; spawn elsewhere.
            method = ("fork" if "fork" in multiprocessing.get_all_start_methods()
                      and threading.active_count() == 1 else "spawn")
            self.pool = concurrent.futures.ProcessPoolExecutor(
                min(cores, 8), mp_context=multiprocessing.get_context(method))

    def add(self, index: int, key: bytes, message: bytes, signature: bytes) -> None:
        self.chunk.append((index, key, message, signature))
        if len(self.chunk) >= CHUNK:
            self.flush()

    def flush(self) -> None:
        if not self.chunk:
            return
        chunk, self.chunk = self.chunk, []
        if self.pool is not None:
            try:
                self.pending.append((chunk, self.pool.submit(bad_signatures, chunk)))
                return
            except concurrent.futures.process.BrokenProcessPool:
                self.close()  # a worker died: the rest is checked here
        self.bad.update(bad_signatures(chunk))

    def finish(self) -> set[int]:
        try:
            self.flush()
            for chunk, future in self.pending:
                try:
                    self.bad.update(future.result())
                except concurrent.futures.process.BrokenProcessPool:
                    self.bad.update(bad_signatures(chunk))
        finally:
            self.close()
        return self.bad

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None


# -- messages -------------------------------------------------------------------------

@dataclass(frozen=True)
class Link:
    seq: int
    prev: str | None
    message_hash: str
    message_id: str


def check_message(index: int, entry: dict[str, Any], channel_id: str, membership: Membership,
                  problems: list[Any], links: dict[str, list[Link]],
                  signatures: SignatureChecks) -> str:
    """Check one message; returns its hash (as computed)."""
    message_id = str(entry.get("message_id"))
    signed = str(entry.get("signed", "")).encode("utf-8")
    message_hash = hashlib.sha256(signed).hexdigest()
    if entry.get("index") != index:
        problems.append(Problem("message_fields", message_id,
                                f"listed at position {index} with index {entry.get('index')}"))
    if entry.get("message_hash") != message_hash:
        problems.append(Problem("message_hash", message_id,
                                "the signed content does not match its hash"))
    try:
        content = json.loads(signed)
    except ValueError:
        problems.append(Problem("message_fields", message_id, "signed content is not JSON"))
        return message_hash
    version = MESSAGE_CONTEXTS.get(content.get("context"))
    if version is None or content.get("channel_id") != channel_id:
        problems.append(Problem("message_fields", message_id,
                                "signed content is of another format or channel"))
        return message_hash
    for name in ("message_id", "sender_device_id", "sent_at_ms", "kind"):
        if content.get(name) != entry.get(name):
            problems.append(Problem("message_fields", message_id,
                                    f"{name} differs from what the sender signed"))
    sender = str(content.get("sender_device_id"))
    key = membership.devices.get(sender)
    if key is None:
        problems.append(Problem("not_member", message_id,
                                f"sender {sender} never was a member of the operation"))
        return message_hash
    pending = PendingSignature(index, message_id, sender)
    try:
        signatures.add(index, b64decode(key), signed,
                       b64decode(str(entry.get("signature", ""))))
    except ValueError:
        problems.append(pending.problem())
    else:
        problems.append(pending)  # resolved when every signature was checked
    if version == 2:
        epoch = content.get("epoch")
        if not isinstance(epoch, int) or not 0 <= epoch < len(membership.epochs) \
                or sender not in membership.epochs[epoch]:
            problems.append(Problem("not_member", message_id,
                                    f"sender {sender} was not a member at epoch {epoch}"))
        elif content.get("membership_head") != membership.heads[epoch]:
            problems.append(Problem("membership_head", message_id,
                                    f"signed under a membership head that is not epoch {epoch}'s"))
        links.setdefault(sender, []).append(
            Link(int(content.get("seq", -1)), content.get("prev"), message_hash, message_id))
    return message_hash


def check_attachments(folder: Path, entry: dict[str, Any], problems: list[Any]) -> None:
    """Each decrypted file the export includes ("file") is there, inside the folder, and
    has the SHA-256 transcript.json records (which the exporter signed)."""
    for attachment in entry.get("attachments") or ():
        name = attachment.get("file")
        if name is None:
            continue
        name = str(name)
        parts = name.split("/")
        if name.startswith("/") or ".." in parts or "\\" in name or "" in parts:
            problems.append(Problem("attachment", name, "not a path inside the folder"))
            continue
        target = folder.joinpath(*parts)
        if not target.is_file():
            problems.append(Problem("attachment", name,
                                    "listed in transcript.json but missing from the folder"))
        elif sha256_file(target) != attachment.get("sha256"):
            problems.append(Problem("attachment", name,
                                    "the file's SHA-256 is not the one transcript.json "
                                    "records (changed or replaced)"))


def check_sender_chains(links: dict[str, list[Link]], from_start: bool,
                        problems: list[Problem]) -> None:
    for sender, chain in links.items():
        chain.sort(key=lambda link: link.seq)
        first = chain[0]
        if from_start and first.seq > 0:
            problems.append(Problem("sender_chain", f"{sender}:{first.message_id}",
                                    f"sender {sender}: {first.seq} message(s) missing before "
                                    f"message {first.message_id} (seq {first.seq})"))
        for before, after in itertools.pairwise(chain):
            subject = f"{sender}:{after.message_id}"
            if after.seq == before.seq:
                problems.append(Problem("sender_chain", subject,
                                        f"sender {sender}: messages {before.message_id} and "
                                        f"{after.message_id} both claim seq {after.seq}"))
            elif after.seq > before.seq + 1:
                problems.append(Problem("sender_chain", subject,
                                        f"sender {sender}: {after.seq - before.seq - 1} "
                                        f"message(s) missing between message {before.message_id}"
                                        f" (seq {before.seq}) and message {after.message_id} "
                                        f"(seq {after.seq})"))
            elif after.prev != before.message_hash:
                problems.append(Problem("sender_chain", subject,
                                        f"sender {sender}: message {after.message_id} does not "
                                        f"follow message {before.message_id} (prev differs)"))


# -- the PDF --------------------------------------------------------------------------

def check_pdf_footer(pdf: bytes, json_sha256: str, problems: list[Problem]) -> None:
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))
    found: list[bytes] = []
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.DOTALL):
        data = match.group(1)
        with contextlib.suppress(zlib.error):
            data = zlib.decompress(data)
        found.extend(FOOTER.findall(data))
    wrong = {h.decode() for h in found if h.decode() != json_sha256}
    if wrong:
        problems.append(Problem("pdf_footer", "transcript.pdf",
                                f"the page footers carry {', '.join(sorted(wrong))}, "
                                f"not the SHA-256 of transcript.json ({json_sha256})"))
    elif pages == 0 or len(found) < pages:
        problems.append(Problem("pdf_footer", "transcript.pdf",
                                f"{pages - len(found)} of {pages} pages carry no footer hash"))


# -- the whole folder -----------------------------------------------------------------

@dataclass
class Result:
    problems: list[Problem]
    summary: str
    exit_code: int


def verify(folder: Path, exporter_key: Path | None = None) -> Result:
    missing = [name for name in REQUIRED if not (folder / name).is_file()]
    if missing:
        problem = Problem("folder", str(folder), f"missing {', '.join(missing)}")
        return Result([problem], "", EXIT_UNREADABLE)
    problems: list[Problem] = []
    try:
        key_id, key = read_public_key(folder / "exporter.pub")
    except (ValueError, IndexError, UnicodeDecodeError):
        return Result([Problem("exporter_key", "exporter.pub",
                               "not a minisign public key")], "", EXIT_FAILED)
    if exporter_key is not None:
        try:
            given = read_public_key(exporter_key)[1]
        except (OSError, ValueError, IndexError, UnicodeDecodeError):
            return Result([Problem("folder", str(exporter_key),
                                   "cannot read the exporter key")], "", EXIT_UNREADABLE)
        if given != key:
            problems.append(Problem("exporter_key", "exporter.pub",
                                    "exporter.pub is not the key given with --exporter-key"))
    for name in ("transcript.json", "transcript.pdf"):
        why = minisign_problem(folder / name, folder / f"{name}.minisig", key_id, key)
        if why is not None:
            check = "exporter_signature" if name.endswith("json") else "pdf_signature"
            problems.append(Problem(check, name, why))
    json_sha256 = sha256_file(folder / "transcript.json")
    check_pdf_footer((folder / "transcript.pdf").read_bytes(), json_sha256, problems)
    checked = len(problems)
    try:
        try:
            transcript, messages = read_streamed(folder / "transcript.json")
            summary = check_transcript(folder, transcript, messages, key, key_id, json_sha256,
                                       problems)
        except NotStreamableError:
            # Another layout than the writer's (re-saved by some tool): read it whole.
            del problems[checked:]
            with (folder / "transcript.json").open("rb") as source:
                transcript = json.load(source)
            summary = check_transcript(folder, transcript, transcript["messages"], key,
                                       key_id, json_sha256, problems)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        del problems[checked:]
        problems.append(Problem("json", "transcript.json",
                                f"not a complete transcript (truncated or edited): {exc}"))
        return Result(problems, "", EXIT_FAILED)
    if problems:
        return Result(problems, "", EXIT_FAILED)
    return Result([], summary, EXIT_OK)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as source:
        for piece in iter(lambda: source.read(1 << 20), b""):
            digest.update(piece)
    return digest.hexdigest()


class NotStreamableError(Exception):
    """The file is not in the writer's one-message-a-line layout."""


def read_streamed(path: Path) -> tuple[dict[str, Any], Iterator[Any]]:
    """The transcript without its messages, and the messages one line at a time.

    transcript.json as Liaison writes it: a first line with every member before
    the messages, ending ``"messages":[``; one message a line, each but the last
    ending with a comma; a last line ``],"message_count":N,"chain_head":H}``.
    Reading it so keeps memory flat; the result is what ``json.load`` of the whole
    file gives. Anything else raises NotStreamableError (the caller reads it whole).
    """
    with path.open("rb") as source:
        first = source.readline()
        source.seek(0, os.SEEK_END)
        size = source.tell()
        source.seek(max(0, size - 4096))
        tail = source.read().rsplit(b"\n", 2)
    if not first.endswith(MESSAGES_OPEN) or len(tail) < 3 or tail[2] != b"" \
            or not tail[1].startswith(b"],"):
        raise NotStreamableError
    try:
        transcript = json.loads(first[:-len(MESSAGES_OPEN)] + b"}")
        trailer = json.loads(b"{" + tail[1][2:])
    except ValueError as exc:
        raise NotStreamableError from exc
    if not isinstance(transcript, dict) or not isinstance(trailer, dict) \
            or "messages" in transcript or "messages" in trailer:
        raise NotStreamableError
    transcript.update(trailer)
    return transcript, stream_messages(path, len(first), size - len(tail[1]) - 1)


def stream_messages(path: Path, start: int, end: int) -> Iterator[Any]:
    """The message lines between byte ``start`` and ``end`` (the trailer's line)."""
    with path.open("rb") as source:
        source.seek(start)
        at = start
        line = source.readline()
        if line == b"\n" and at + 1 == end:
            return  # no messages
        while True:
            at += len(line)
            last = at >= end
            if not line.endswith(b",\n" if not last else b"\n") or at > end:
                raise NotStreamableError
            try:
                yield json.loads(line[:-2] if not last else line[:-1])
            except ValueError as exc:
                raise NotStreamableError from exc
            if last:
                return
            line = source.readline()


def check_transcript(folder: Path, transcript: dict[str, Any], messages: Any, key: bytes,
                     key_id: bytes, json_sha256: str, problems: list[Any]) -> str:
    """Every check of the record itself; returns the summary (meaningful when no
    problem was added). Raises ValueError/KeyError/TypeError for a record that is
    not a transcript."""
    if transcript.get("format") != FORMAT:
        raise ValueError(f"format is not {FORMAT}")
    channel_id = transcript["operation"]["channel_id"]
    exporter = transcript["exporter"]
    membership = check_membership(transcript.get("membership_log") or [], channel_id, problems)
    check_members(transcript.get("members") or [], membership, problems)
    exporter_id = exporter.get("device_id", "")
    listed = membership.devices.get(exporter_id)
    if listed is None or b64decode(listed) != key:
        problems.append(Problem("exporter_key", "exporter.pub",
                                f"exporter.pub is not the key the membership log lists for "
                                f"the exporter {exporter_id}"))
    if exporter.get("ed25519") != listed:
        problems.append(Problem("exporter_key", exporter_id,
                                "the exporter's listed key is not the key in the membership log"))
    links: dict[str, list[Link]] = {}
    expected = transcript.get("message_count")
    signatures = SignatureChecks(expected if isinstance(expected, int) else 0)
    try:
        count, head = 0, "0" * 64
        for index, entry in enumerate(messages):
            message_hash = check_message(index, entry, channel_id, membership, problems, links,
                                         signatures)
            check_attachments(folder, entry, problems)
            link = hashlib.sha256(CHAIN_CONTEXT + bytes.fromhex(head)
                                  + bytes.fromhex(message_hash)).hexdigest()
            stated = str(entry.get("chain"))
            if stated != link:
                problems.append(Problem("transcript_chain", str(entry.get("message_id")),
                                        "the transcript hash chain breaks at this message "
                                        "(a message before it was removed, added or moved)"))
            head = stated if re.fullmatch(r"[0-9a-f]{64}", stated) else link
            count += 1
        bad = signatures.finish()
    finally:
        signatures.close()
    problems[:] = [p.problem() if isinstance(p, PendingSignature) else p for p in problems
                   if not isinstance(p, PendingSignature) or p.index in bad]
    if transcript.get("chain_head") != head or transcript.get("message_count") != count:
        problems.append(Problem("transcript_chain", "trailer",
                                "message_count or chain_head does not match the messages"))
    period = transcript.get("period") or {}
    check_sender_chains(links, period.get("from") is None, problems)
    return (f"OK: {count} messages from {len(links)} senders, "
            f"{len(membership.epochs)} membership events, signed by exporter "
            f"{exporter.get('name')} ({exporter_id}, key id "
            f"{int.from_bytes(key_id, 'little'):X}); transcript.json SHA-256 {json_sha256}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Verify a Liaison transcript folder offline.")
    parser.add_argument("folder", type=Path)
    parser.add_argument("--exporter-key", type=Path, default=None,
                        help="the exporter's minisign public key, obtained separately")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args(argv)
    result = verify(args.folder, args.exporter_key)
    if args.json:
        print(json.dumps({"ok": result.exit_code == EXIT_OK, "exit_code": result.exit_code,
                          "summary": result.summary,
                          "problems": [{"check": p.check, "subject": p.subject,
                                        "text": p.text} for p in result.problems]},
                         ensure_ascii=False))
    else:
        for problem in result.problems:
            print(problem.line())
        if result.summary:
            print(result.summary)
    return result.exit_code


if __name__ == "__main__":
    sys.exit(main())
