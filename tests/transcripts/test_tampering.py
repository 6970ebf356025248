"""Every tamper the issue lists makes verification fail, naming the problem, with
``verify_folder`` and with the single-file verifier shipped in the folder (run
with only PyNaCl importable); the two report the same findings and exit codes."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from liaison_client.transcripts import verify_folder
from liaison_client.workspace.transcripts import ExportRequest
from tests.transcripts import tampering
from tests.transcripts.conftest import CHINESE, ENGLISH, ExportedOperation
from tests.transcripts.only_pynacl import run_single_file

Finding = tuple[str, str]
#: Tamper the copy; returns (findings that must be reported, extra verifier arguments).
Tamper = Callable[[ExportedOperation, Path, Path], tuple[set[Finding], list[str]]]


def _message(folder: Path, needle: str) -> dict[str, object]:
    return next(m for m in tampering.load(folder)["messages"] if needle in str(m["text"]))


def one_changed_byte(op: ExportedOperation, folder: Path, scratch: Path,
                     ) -> tuple[set[Finding], list[str]]:
    target = _message(folder, ENGLISH)["message_id"]
    tampering.change_one_byte(folder, "Tuesday")
    return {("message_signature", str(target)), ("message_hash", str(target)),
            ("exporter_signature", "transcript.json")}, []


def removed_message(op: ExportedOperation, folder: Path, scratch: Path,
                    ) -> tuple[set[Finding], list[str]]:
    transcript = tampering.load(folder)
    messages = transcript["messages"]
    removed = next(i for i, m in enumerate(messages) if m["text"] == CHINESE)
    del messages[removed]
    after = messages[removed]["message_id"]
    seizure = next(m for m in messages if m["kind"] == "seizure")["message_id"]
    tampering.save(folder, transcript)
    return {("transcript_chain", after), ("sender_chain", f"{op.chen.device_id}:{seizure}"),
            ("exporter_signature", "transcript.json")}, []


def swapped_messages(op: ExportedOperation, folder: Path, scratch: Path,
                     ) -> tuple[set[Finding], list[str]]:
    transcript = tampering.load(folder)
    messages = transcript["messages"]
    messages[1], messages[2] = messages[2], messages[1]
    tampering.save(folder, transcript)
    return {("transcript_chain", messages[1]["message_id"]),
            ("transcript_chain", messages[2]["message_id"]),
            ("exporter_signature", "transcript.json")}, []


def sender_not_a_member(op: ExportedOperation, folder: Path, scratch: Path,
                        ) -> tuple[set[Finding], list[str]]:
    """Chen, removed at epoch 3, signs a message under epoch 3 with his real key."""
    transcript = tampering.load(folder)
    chen = op.chen.device_id
    last = [m for m in transcript["messages"] if m["sender_device_id"] == chen][-1]
    forged = tampering.forge_message(transcript, op.chen.profile.identity.sign, chen, epoch=3,
                                     prev=str(last["message_hash"]), seq=2,
                                     text="I was never removed")
    tampering.save(folder, transcript)
    return {("not_member", forged), ("exporter_signature", "transcript.json")}, []


def changed_member_key(op: ExportedOperation, folder: Path, scratch: Path,
                       ) -> tuple[set[Finding], list[str]]:
    transcript = tampering.load(folder)
    anna = next(m for m in transcript["members"] if m["device_id"] == op.anna.device_id)
    anna["ed25519"] = op.chen.profile.identity.ed25519_key
    tampering.save(folder, transcript)
    return {("member_key", op.anna.device_id), ("exporter_signature", "transcript.json")}, []


def swapped_pdf(op: ExportedOperation, folder: Path, scratch: Path,
                ) -> tuple[set[Finding], list[str]]:
    other = op.li.workspace.transcripts.export(ExportRequest(op.channel_id, scratch / "other"))
    shutil.copyfile(other.folder / "transcript.pdf", folder / "transcript.pdf")
    return {("pdf_footer", "transcript.pdf"), ("pdf_signature", "transcript.pdf")}, []


def edited_pdf(op: ExportedOperation, folder: Path, scratch: Path,
               ) -> tuple[set[Finding], list[str]]:
    raw = (folder / "transcript.pdf").read_bytes()
    at = raw.index(b"/Title")
    (folder / "transcript.pdf").write_bytes(raw[:at + 8] + b"X" + raw[at + 9:])
    return {("pdf_signature", "transcript.pdf")}, []


def wrong_exporter_key(op: ExportedOperation, folder: Path, scratch: Path,
                       ) -> tuple[set[Finding], list[str]]:
    key = tampering.other_key_file(scratch / "given.pub")
    return {("exporter_key", "exporter.pub")}, ["--exporter-key", str(key)]


def resigned_with_another_key(op: ExportedOperation, folder: Path, scratch: Path,
                              ) -> tuple[set[Finding], list[str]]:
    target = _message(folder, ENGLISH)["message_id"]
    tampering.change_one_byte(folder, "Tuesday")
    tampering.resign(folder)
    return {("exporter_key", "exporter.pub"), ("message_signature", str(target))}, []


def truncated_json(op: ExportedOperation, folder: Path, scratch: Path,
                   ) -> tuple[set[Finding], list[str]]:
    path = folder / "transcript.json"
    raw = path.read_bytes()
    path.write_bytes(raw[: len(raw) // 2])
    return {("json", "transcript.json"), ("exporter_signature", "transcript.json"),
            ("pdf_footer", "transcript.pdf")}, []


TAMPERS: dict[str, Tamper] = {
    "one-changed-byte": one_changed_byte, "removed-message": removed_message,
    "swapped-messages": swapped_messages, "sender-not-a-member": sender_not_a_member,
    "changed-member-key": changed_member_key, "swapped-pdf": swapped_pdf,
    "edited-pdf": edited_pdf, "wrong-exporter-key": wrong_exporter_key,
    "resigned-with-another-key": resigned_with_another_key, "truncated-json": truncated_json,
}


@pytest.mark.parametrize("name", list(TAMPERS))
def test_each_tamper_fails_both_verifiers_naming_the_problem(
        operation: ExportedOperation, tmp_path: Path, name: str) -> None:
    folder = operation.copy(tmp_path)
    expected, extra = TAMPERS[name](operation, folder, tmp_path)
    key = None if not extra else Path(extra[1])
    domain = verify_folder(folder, key)
    assert domain.exit_code == 1
    found = {(p.check, p.subject) for p in domain.problems}
    assert expected <= found, [p.line() for p in domain.problems]
    single = run_single_file(folder / "verify_transcript.py", folder, *extra, "--json",
                             scratch=tmp_path)
    assert single.returncode == 1, single.stderr
    import json
    reported = json.loads(single.stdout)
    assert not reported["ok"]
    assert {(p["check"], p["subject"]) for p in reported["problems"]} == found
    text = run_single_file(folder / "verify_transcript.py", folder, *extra, scratch=tmp_path)
    assert text.returncode == 1
    lines = text.stdout.splitlines()
    assert len(lines) == len(domain.problems)
    assert all(line.startswith("FAIL ") for line in lines)


def test_a_folder_missing_its_signature_cannot_be_read(operation: ExportedOperation,
                                                        tmp_path: Path) -> None:
    folder = operation.copy(tmp_path)
    (folder / "transcript.json.minisig").unlink()
    assert verify_folder(folder).exit_code == 2
    single = run_single_file(folder / "verify_transcript.py", folder, scratch=tmp_path)
    assert single.returncode == 2
    assert "missing transcript.json.minisig" in single.stdout


def test_the_tampered_copy_is_not_the_original(operation: ExportedOperation,
                                               tmp_path: Path) -> None:
    """The tampers above work on copies: the module's export still verifies."""
    digest = hashlib.sha256((operation.export.folder / "transcript.json").read_bytes())
    assert digest.hexdigest() == operation.export.json_sha256
    assert verify_folder(operation.export.folder).ok
