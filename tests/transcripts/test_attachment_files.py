"""``--attachments``: the decrypted files in ``attachments/``, each covered by its
SHA-256 in transcript.json; both verifiers check every present file and name the one
that changed or went missing."""

from __future__ import annotations

import json
from pathlib import Path

from liaison_client.transcripts import verify_folder
from liaison_client.workspace.transcripts import ExportRequest
from tests.transcripts.conftest import PHOTO, ExportedOperation
from tests.transcripts.only_pynacl import run_single_file


def _findings(folder: Path, scratch: Path) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    domain = verify_folder(folder)
    single = run_single_file(folder / "verify_transcript.py", folder, "--json", scratch=scratch)
    reported = json.loads(single.stdout)
    assert (domain.exit_code, single.returncode) == (1, 1)
    return ({(p.check, p.subject) for p in domain.problems},
            {(p["check"], p["subject"]) for p in reported["problems"]})


def test_the_decrypted_files_are_exported_and_checked(operation: ExportedOperation,
                                                      tmp_path: Path) -> None:
    out = tmp_path / "with-files"
    operation.li.workspace.transcripts.export(
        ExportRequest(operation.channel_id, out, attachments=True), record_in_channel=False)
    [photo] = (out / "attachments").iterdir()
    assert photo.read_bytes() == PHOTO
    entries = [a for line in (out / "transcript.json").read_text("utf-8").splitlines()[1:-1]
               for a in json.loads(line.rstrip(","))["attachments"]]
    [entry] = entries
    name = f"attachments/{photo.name}"
    assert entry["file"] == name
    assert entry["name"] == "hold.jpg"
    assert len(entry["sha256"]) == 64
    assert verify_folder(out).ok
    assert run_single_file(out / "verify_transcript.py", out, scratch=tmp_path).returncode == 0

    changed = bytearray(PHOTO)
    changed[100] ^= 0x01
    photo.write_bytes(bytes(changed))
    domain, single = _findings(out, tmp_path)
    assert domain == single == {("attachment", name)}

    photo.unlink()
    domain, single = _findings(out, tmp_path)
    assert domain == single == {("attachment", name)}
    assert "missing" in verify_folder(out).problems[0].text


def test_without_the_flag_no_file_is_written(operation: ExportedOperation) -> None:
    assert not (operation.export.folder / "attachments").exists()
    text = (operation.export.folder / "transcript.json").read_text("utf-8")
    assert '"file":null' in text
    assert '"sha256":' not in text.replace('"blob_sha256":', "")
