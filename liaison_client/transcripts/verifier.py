"""Verify a transcript folder with Liaison's own code (``liaison transcript verify``).

The same checks as the single-file verifier (``verify_transcript.py`` beside this
module, copied into every export and into tools/), implemented a second time on
the application's parts: the minisign module of :mod:`liaison_client.provenance`,
the membership log's own :func:`~liaison_client.channels.membership.apply_event`
rules, and vodozemac's Ed25519. Two implementations of one specification
(docs/TRANSCRIPT.md): tests/transcripts run both over the same tampered folders
and require the same findings and exit codes.

Check names (``Problem.check``) and exit codes are shared with the single file.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from liaison_client.channels.membership import ControlEvent, MembershipState, apply_event
from liaison_client.crypto.errors import PayloadRejectedError
from liaison_client.crypto.identity import format_fingerprint
from liaison_client.crypto.message_signature import CHAINED_SIGNATURE_CONTEXT, SIGNATURE_CONTEXT
from liaison_client.provenance.errors import MinisignError as ProvenanceError
from liaison_client.provenance.minisign import PublicKey, Signature, verify_file
from liaison_client.transcripts.json_reader import NotStreamableError, read_streamed
from liaison_client.transcripts.record import (
    CHAIN_START,
    EXPORTER_KEY_NAME,
    JSON_NAME,
    JSON_SIGNATURE_NAME,
    PDF_FOOTER_LABEL,
    PDF_NAME,
    PDF_SIGNATURE_NAME,
    TRANSCRIPT_FORMAT,
    chain_link,
)
from liaison_client.transcripts.signature_checks import SignatureChecks

EXIT_OK, EXIT_FAILED, EXIT_UNREADABLE = 0, 1, 2
_FOOTER = re.compile(re.escape(PDF_FOOTER_LABEL).encode() + rb" ([0-9a-f]{64})")


@dataclass(frozen=True)
class Problem:
    check: str
    subject: str
    text: str

    def line(self) -> str:
        return f"FAIL {self.check} {self.subject}: {self.text}"


@dataclass(frozen=True)
class Verification:
    problems: tuple[Problem, ...]
    summary: str
    exit_code: int

    @property
    def ok(self) -> bool:
        return self.exit_code == EXIT_OK


def _unpadded(raw: bytes) -> str:
    import base64
    return base64.b64encode(raw).decode("ascii").rstrip("=")


def _padded_b64decode(text: str) -> bytes:
    import base64
    return base64.b64decode(text + "=" * (-len(text) % 4), validate=True)


def verify_folder(folder: Path, exporter_key: Path | None = None) -> Verification:
    required = (JSON_NAME, JSON_SIGNATURE_NAME, PDF_NAME, PDF_SIGNATURE_NAME, EXPORTER_KEY_NAME)
    missing = [name for name in required if not (folder / name).is_file()]
    if missing:
        return Verification((Problem("folder", str(folder), f"missing {', '.join(missing)}"),),
                            "", EXIT_UNREADABLE)
    problems: list[Problem] = []
    try:
        key = PublicKey.load(folder / EXPORTER_KEY_NAME)
    except ProvenanceError:
        return Verification((Problem("exporter_key", EXPORTER_KEY_NAME,
                                     "not a minisign public key"),), "", EXIT_FAILED)
    if exporter_key is not None:
        try:
            given = PublicKey.load(exporter_key)
        except (ProvenanceError, OSError):
            return Verification((Problem("folder", str(exporter_key),
                                         "cannot read the exporter key"),), "", EXIT_UNREADABLE)
        if given.key != key.key:
            problems.append(Problem("exporter_key", EXPORTER_KEY_NAME,
                                    "exporter.pub is not the key given with --exporter-key"))
    for name, signature_name, check in ((JSON_NAME, JSON_SIGNATURE_NAME, "exporter_signature"),
                                        (PDF_NAME, PDF_SIGNATURE_NAME, "pdf_signature")):
        try:
            verify_file(folder / name, Signature.load(folder / signature_name), key)
        except ProvenanceError as exc:
            problems.append(Problem(check, name, str(exc)))
    json_sha256 = _sha256_file(folder / JSON_NAME)
    _check_footer((folder / PDF_NAME).read_bytes(), json_sha256, problems)
    checked = len(problems)
    try:
        try:
            transcript, messages = read_streamed(folder / JSON_NAME)
            summary = _check_record(folder, transcript, messages, key, json_sha256, problems)
        except NotStreamableError:
            # Not the writer's layout (re-saved by some tool): read it whole.
            del problems[checked:]
            with (folder / JSON_NAME).open("rb") as source:
                transcript = json.load(source)
            summary = _check_record(folder, transcript, transcript["messages"], key,
                                    json_sha256, problems)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        del problems[checked:]
        problems.append(Problem("json", JSON_NAME,
                                f"not a complete transcript (truncated or edited): {exc}"))
        return Verification(tuple(problems), "", EXIT_FAILED)
    if problems:
        return Verification(tuple(problems), "", EXIT_FAILED)
    return Verification((), summary, EXIT_OK)


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as source:
        for piece in iter(lambda: source.read(1 << 20), b""):
            digest.update(piece)
    return digest.hexdigest()


@dataclass(frozen=True)
class _PendingSignature:
    """A message whose signature is being checked: a problem only if it fails."""

    index: int
    message_id: str
    sender: str

    def problem(self) -> Problem:
        return Problem("message_signature", self.message_id,
                       f"the signature does not verify with sender {self.sender}'s key")


def _check_record(folder: Path, transcript: dict[str, Any], messages: Iterable[Any],
                  key: PublicKey, json_sha256: str, problems: list[Problem]) -> str:
    """Every check of the record itself; the summary (meaningful without problems).
    Raises ValueError/KeyError/TypeError for a record that is not a transcript."""
    if transcript.get("format") != TRANSCRIPT_FORMAT:
        raise ValueError(f"format is not {TRANSCRIPT_FORMAT}")
    channel_id = transcript["operation"]["channel_id"]
    exporter = transcript["exporter"]
    states, devices = _membership(transcript.get("membership_log") or [], channel_id, problems)
    for member in transcript.get("members") or []:
        device_id = member.get("device_id", "")
        if devices.get(device_id) != member.get("ed25519"):
            problems.append(Problem("member_key", device_id,
                                    "the listed key is not the key in the membership log"))
        elif member.get("fingerprint") != format_fingerprint(member["ed25519"]):
            problems.append(Problem("member_key", device_id,
                                    "the listed fingerprint is not the key's"))
    exporter_id = exporter.get("device_id", "")
    listed = devices.get(exporter_id)
    if listed is None or listed != _unpadded(key.key):
        problems.append(Problem("exporter_key", EXPORTER_KEY_NAME,
                                "exporter.pub is not the key the membership log lists for "
                                f"the exporter {exporter_id}"))
    if exporter.get("ed25519") != listed:
        problems.append(Problem("exporter_key", exporter_id,
                                "the exporter's listed key is not the key in the membership log"))
    chains: dict[str, list[tuple[int, str | None, str, str]]] = {}
    expected = transcript.get("message_count")
    signatures = SignatureChecks(expected if isinstance(expected, int) else 0)
    found: list[Problem | _PendingSignature] = []
    try:
        previous, count = CHAIN_START, 0
        for index, entry in enumerate(messages):
            message_hash = _check_message(index, entry, channel_id, states, devices, found,
                                          chains, signatures)
            _check_attachments(folder, entry, found)
            stated = str(entry.get("chain"))
            if stated != chain_link(previous, message_hash):
                found.append(Problem("transcript_chain", str(entry.get("message_id")),
                                     "the transcript hash chain breaks at this message"))
            previous = stated if re.fullmatch(r"[0-9a-f]{64}", stated) else \
                chain_link(previous, message_hash)
            count += 1
        bad = signatures.finish()
    finally:
        signatures.close()
    problems.extend(p.problem() if isinstance(p, _PendingSignature) else p for p in found
                    if not isinstance(p, _PendingSignature) or p.index in bad)
    if transcript.get("chain_head") != previous or transcript.get("message_count") != count:
        problems.append(Problem("transcript_chain", "trailer",
                                "message_count or chain_head does not match the messages"))
    _check_sender_chains(chains, (transcript.get("period") or {}).get("from") is None, problems)
    return (f"OK: {count} messages from {len(chains)} senders, {len(states)} "
            f"membership events, signed by exporter {exporter.get('name')} ({exporter_id}, "
            f"key id {key.key_id_hex}); transcript.json SHA-256 {json_sha256}")


def _membership(log: list[Any], channel_id: str, problems: list[Problem],
                ) -> tuple[list[MembershipState], dict[str, str]]:
    """The state after each event, via the rules every member applies. A rejected
    event is reported and then applied as it says (so later epochs are judged
    against what the log claims), as the single-file verifier does."""
    states: list[MembershipState] = []
    devices: dict[str, str] = {}
    state: MembershipState | None = None
    for epoch, encoded in enumerate(log):
        subject = f"epoch-{epoch}"
        try:
            event = ControlEvent.decode(str(encoded).encode("utf-8"))
        except PayloadRejectedError:
            problems.append(Problem("membership_log", subject, "event does not decode"))
            break
        if event.encode() != str(encoded).encode("utf-8"):
            problems.append(Problem("membership_log", subject, "event is not canonical JSON"))
        if event.channel_id != channel_id:
            problems.append(Problem("membership_log", subject,
                                    "event belongs to another format or channel"))
        try:
            state = apply_event(state, event)
        except PayloadRejectedError as exc:
            problems.append(Problem("membership_log", subject, f"rejected: {exc}"))
            state = _forced(state, event)
        for member in state.members:
            devices.setdefault(member.device_id, member.ed25519)
        states.append(state)
    return states, devices


def _forced(state: MembershipState | None, event: ControlEvent) -> MembershipState:
    """Apply what a rejected event says, without its checks (to keep judging the rest)."""
    if state is None:
        return MembershipState(event.channel_id, event.name or "", event.coordinator,
                               event.epoch, event.event_hash, (event.coordinator,), False)
    members = state.members
    if event.subject is not None and event.action == "invite":
        members = (*members, event.subject)
    elif event.subject is not None and event.action == "remove":
        members = tuple(m for m in members if m.device_id != event.subject.device_id)
    return replace(state, epoch=event.epoch, head_hash=event.event_hash, members=members)


def _check_message(index: int, entry: dict[str, Any], channel_id: str,
                   states: list[MembershipState], devices: dict[str, str],
                   problems: list[Problem | _PendingSignature],
                   chains: dict[str, list[tuple[int, str | None, str, str]]],
                   signatures: SignatureChecks) -> str:
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
    context = content.get("context")
    if context not in (SIGNATURE_CONTEXT, CHAINED_SIGNATURE_CONTEXT) \
            or content.get("channel_id") != channel_id:
        problems.append(Problem("message_fields", message_id,
                                "signed content is of another format or channel"))
        return message_hash
    for name in ("message_id", "sender_device_id", "sent_at_ms", "kind"):
        if content.get(name) != entry.get(name):
            problems.append(Problem("message_fields", message_id,
                                    f"{name} differs from what the sender signed"))
    sender = str(content.get("sender_device_id"))
    key = devices.get(sender)
    if key is None:
        problems.append(Problem("not_member", message_id,
                                f"sender {sender} never was a member of the operation"))
        return message_hash
    try:
        signature = _unpadded(_padded_b64decode(str(entry.get("signature", ""))))
    except ValueError:
        signature = ""
    pending = _PendingSignature(index, message_id, sender)
    if signature:
        signatures.add(index, key, signed, signature)
        problems.append(pending)  # resolved once every signature was checked
    else:
        problems.append(pending.problem())
    if context == CHAINED_SIGNATURE_CONTEXT:
        epoch = content.get("epoch")
        if not isinstance(epoch, int) or not 0 <= epoch < len(states) \
                or not states[epoch].is_member(sender):
            problems.append(Problem("not_member", message_id,
                                    f"sender {sender} was not a member at epoch {epoch}"))
        elif content.get("membership_head") != states[epoch].head_hash:
            problems.append(Problem("membership_head", message_id,
                                    f"signed under a membership head that is not epoch "
                                    f"{epoch}'s"))
        chains.setdefault(sender, []).append(
            (int(content.get("seq", -1)), content.get("prev"), message_hash, message_id))
    return message_hash


def _check_attachments(folder: Path, entry: dict[str, Any],
                       problems: list[Problem | _PendingSignature]) -> None:
    """Each decrypted file the export includes (``file``) is there, inside the folder,
    and has the SHA-256 transcript.json records (which the exporter signed)."""
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
        elif _sha256_file(target) != attachment.get("sha256"):
            problems.append(Problem("attachment", name,
                                    "the file's SHA-256 is not the one transcript.json "
                                    "records (changed or replaced)"))


def _check_sender_chains(chains: dict[str, list[tuple[int, str | None, str, str]]],
                         from_start: bool, problems: list[Problem]) -> None:
    for sender, links in chains.items():
        links.sort(key=lambda link: link[0])
        seq, _, _, first_id = links[0]
        if from_start and seq > 0:
            problems.append(Problem("sender_chain", f"{sender}:{first_id}",
                                    f"sender {sender}: {seq} message(s) missing before message "
                                    f"{first_id} (seq {seq})"))
        for (b_seq, _, b_hash, b_id), (a_seq, a_prev, _, a_id) in itertools.pairwise(links):
            subject = f"{sender}:{a_id}"
            if a_seq == b_seq:
                problems.append(Problem("sender_chain", subject,
                                        f"sender {sender}: messages {b_id} and {a_id} both "
                                        f"claim seq {a_seq}"))
            elif a_seq > b_seq + 1:
                problems.append(Problem("sender_chain", subject,
                                        f"sender {sender}: {a_seq - b_seq - 1} message(s) "
                                        f"missing between message {b_id} (seq {b_seq}) and "
                                        f"message {a_id} (seq {a_seq})"))
            elif a_prev != b_hash:
                problems.append(Problem("sender_chain", subject,
                                        f"sender {sender}: message {a_id} does not follow "
                                        f"message {b_id} (prev differs)"))


def _check_footer(pdf: bytes, json_sha256: str, problems: list[Problem]) -> None:
    """Every page's footer names ``json_sha256`` (fpdf2 deflates each page's content
    stream; the footer is core-font text, a plain string once inflated)."""
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))
    found: list[str] = []
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.DOTALL):
        data = match.group(1)
        with contextlib.suppress(zlib.error):
            data = zlib.decompress(data)
        found.extend(h.decode() for h in _FOOTER.findall(data))
    wrong = sorted({h for h in found if h != json_sha256})
    if wrong:
        problems.append(Problem("pdf_footer", PDF_NAME,
                                f"the page footers carry {', '.join(wrong)}, not the SHA-256 "
                                f"of transcript.json ({json_sha256})"))
    elif pages == 0 or len(found) < pages:
        problems.append(Problem("pdf_footer", PDF_NAME,
                                f"{pages - len(found)} of {pages} pages carry no footer hash"))
