"""Export a real operation (tests/transcripts/conftest.py) and verify it: with
``verify_folder``, with the single-file verifier under only PyNaCl, and with
Debian's ``minisign -V``; the JSON against its schema; the PDF's text and pages."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

import jsonschema  # type: ignore[import-untyped]
import pytest

from liaison_client.transcripts import ExportCancelledError, verify_folder
from liaison_client.transcripts.folder import VERIFIER_SOURCE, ExportStage
from liaison_client.workspace.transcripts import ExportRequest
from tests.transcripts.conftest import (
    AFTER_REMOVAL,
    CHINESE,
    ENGLISH,
    PHOTO,
    ExportedOperation,
)
from tests.transcripts.only_pynacl import run_single_file

REPO = Path(__file__).resolve().parents[2]
SCHEMA = REPO / "liaison_client" / "transcripts" / "transcript.schema.json"


def test_the_folder_holds_every_file_and_the_verifier_is_the_tools_one(
        operation: ExportedOperation) -> None:
    folder = operation.export.folder
    assert sorted(p.name for p in folder.iterdir()) == [
        "VERIFY.txt", "exporter.pub", "transcript.json", "transcript.json.minisig",
        "transcript.pdf", "transcript.pdf.minisig", "verify_transcript.py"]
    shipped = (folder / "verify_transcript.py").read_bytes()
    assert shipped == VERIFIER_SOURCE.read_bytes() == \
        (REPO / "tools" / "verify_transcript.py").read_bytes()
    text = (folder / "VERIFY.txt").read_text("utf-8")
    assert "minisign -Vm transcript.json -p exporter.pub" in text
    assert "如何核验本记录" in text
    assert operation.li.profile.identity.ed25519_key[:4] in text  # the fingerprint


def test_both_verifiers_and_minisign_accept_the_export(operation: ExportedOperation,
                                                       tmp_path: Path) -> None:
    folder = operation.export.folder
    result = verify_folder(folder, folder / "exporter.pub")
    assert result.ok, [p.line() for p in result.problems]
    assert result.summary.startswith("OK: 5 messages from 3 senders, 4 membership events")
    single = run_single_file(folder / "verify_transcript.py", folder, "--exporter-key",
                             str(folder / "exporter.pub"), scratch=tmp_path)
    assert single.returncode == 0, single.stdout + single.stderr
    assert single.stdout.splitlines() == [result.summary]
    for name in ("transcript.json", "transcript.pdf"):
        checked = subprocess.run(["minisign", "-Vm", name, "-p", "exporter.pub"], cwd=folder,
                                 capture_output=True, text=True, check=False, timeout=30)
        assert checked.returncode == 0, checked.stderr
        assert "Signature and comment signature verified" in checked.stdout


def test_the_json_follows_its_schema_and_says_what_happened(
        operation: ExportedOperation) -> None:
    transcript = json.loads((operation.export.folder / "transcript.json").read_text("utf-8"))
    jsonschema.validate(transcript, json.loads(SCHEMA.read_text("utf-8")))
    li, chen, anna = operation.li, operation.chen, operation.anna
    members = {m["device_id"]: m for m in transcript["members"]}
    assert {m["agency"] for m in members.values()} == {"Guangzhou Customs", "Zoll Hamburg"}
    assert members[li.device_id]["role"] == "coordinator"
    assert members[chen.device_id]["removed_epoch"] == 3
    assert members[anna.device_id]["removed_epoch"] is None
    assert members[anna.device_id]["ed25519"] == anna.profile.identity.ed25519_key
    assert transcript["exporter"]["device_id"] == li.device_id
    texts = [m["text"] for m in transcript["messages"]]
    assert ENGLISH in texts
    assert CHINESE in texts
    assert AFTER_REMOVAL in texts
    (seizure,) = [m for m in transcript["messages"] if m["kind"] == "seizure"]
    assert seizure["sender_device_id"] == chen.device_id
    fields = dict((name, value) for name, value in seizure["report"])
    assert fields["commodity"] == "香烟 cigarettes"
    assert fields["agencies"] == "GACC; Zoll Hamburg"
    (photo,) = seizure["attachments"]
    assert (photo["name"], photo["size"]) == ("hold.jpg", len(PHOTO))
    assert len(photo["blob_sha256"]) == 64
    assert transcript["message_count"] == 5 == len(transcript["messages"])
    assert len(transcript["membership_log"]) == 4


def test_the_pdf_reads_in_both_languages_and_every_footer_names_the_json(
        operation: ExportedOperation, tmp_path: Path) -> None:
    folder = operation.export.folder
    extracted = subprocess.run(["pdftotext", "-layout", str(folder / "transcript.pdf"), "-"],
                               capture_output=True, text=True, check=True, timeout=60).stdout
    pages = extracted.split("\f")[:-1]
    flat = " ".join(extracted.split())
    for expected in (ENGLISH, CHINESE, "Good work, 谢谢。", "CSQU3054383", "香烟 cigarettes",
                     "蛇口港 Shekou", "240220", "hold.jpg", "Anna Schmidt", "Zoll Hamburg",
                     "Op Jade 翡翠行动", "seizure report", "commodity",
                     "UTC", "CST", operation.anna.profile.identity.ed25519_key[:4]):
        assert expected in flat, expected
    digest = hashlib.sha256((folder / "transcript.json").read_bytes()).hexdigest()
    assert len(pages) >= 2
    for number, page in enumerate(pages, 1):
        assert f"SHA-256 of transcript.json: {digest}" in page
        assert f"page {number}/{len(pages)}" in page
    fonts = subprocess.run(["pdffonts", str(folder / "transcript.pdf")], capture_output=True,
                           text=True, check=True, timeout=60).stdout
    assert "NotoSansCJK" in fonts
    assert " yes " in fonts
    screenshots = REPO / "docs" / "screenshots"
    rendered = subprocess.run(["pdftoppm", "-png", "-r", "80", str(folder / "transcript.pdf"),
                               str(tmp_path / "page")], capture_output=True, check=False,
                              timeout=60)
    assert rendered.returncode == 0, rendered.stderr
    pngs = sorted(tmp_path.glob("page-*.png"))
    assert len(pngs) == len(pages)
    assert pngs[0].stat().st_size > 10_000
    # LIAISON_SCREENSHOTS=1 refreshes docs/screenshots/ (otherwise a test run
    # leaves the working tree alone).
    if os.environ.get("LIAISON_SCREENSHOTS") == "1":
        for index, png in enumerate(pngs, 1):
            shutil.copyfile(png, screenshots / f"transcript-page{index}.png")


def test_a_period_exports_only_its_days_and_still_verifies(operation: ExportedOperation,
                                                           tmp_path: Path) -> None:
    export = operation.li.workspace.transcripts.export(
        ExportRequest(operation.channel_id, tmp_path / "none", "2001-01-01", "2001-01-02"))
    assert export.message_count == 0
    assert verify_folder(export.folder).ok
    transcript = json.loads((export.folder / "transcript.json").read_text("utf-8"))
    assert transcript["period"] == {"from": "2001-01-01", "to": "2001-01-02"}


def test_progress_is_reported_and_cancel_leaves_nothing(operation: ExportedOperation,
                                                        tmp_path: Path) -> None:
    seen: list[tuple[ExportStage, int, int]] = []
    operation.li.workspace.transcripts.export(
        ExportRequest(operation.channel_id, tmp_path / "watched"),
        progress=lambda stage, done, total: seen.append((stage, done, total)))
    assert [s for s, _, _ in seen] == [ExportStage.JSON, ExportStage.PDF, ExportStage.SIGNING]
    with pytest.raises(ExportCancelledError):
        operation.li.workspace.transcripts.export(
            ExportRequest(operation.channel_id, tmp_path / "cancelled"), cancelled=lambda: True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["watched"]


@pytest.mark.parametrize(("start", "end", "why"), [
    ("2026-13-01", None, "--from must be a date YYYY-MM-DD"),
    ("2026-1-1", None, "--from must be a date YYYY-MM-DD"),
    ("2026-12-02", "2026-12-01", "--to is before --from"),
])
def test_a_bad_period_is_refused_in_one_line(operation: ExportedOperation, tmp_path: Path,
                                             start: str, end: str | None, why: str) -> None:
    from liaison_client.errors import UsageError
    with pytest.raises(UsageError, match=why):
        operation.li.workspace.transcripts.export(
            ExportRequest(operation.channel_id, tmp_path / "x", start, end))
    assert not (tmp_path / "x").exists()


def test_a_folder_with_files_in_it_is_refused(operation: ExportedOperation,
                                              tmp_path: Path) -> None:
    from liaison_client.errors import UsageError
    (tmp_path / "keep.txt").write_text("mine")
    with pytest.raises(UsageError, match="not empty"):
        operation.li.workspace.transcripts.export(ExportRequest(operation.channel_id, tmp_path))
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]


def test_a_missing_cjk_font_is_a_one_line_error_and_leaves_nothing(
        operation: ExportedOperation, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from liaison_client.errors import UsageError
    from liaison_client.transcripts import cjk_font
    monkeypatch.setattr(cjk_font, "CJK_FONT_PATHS", (tmp_path / "no-font.ttc",))
    with pytest.raises(UsageError, match="fonts-noto-cjk"):
        operation.li.workspace.transcripts.export(
            ExportRequest(operation.channel_id, tmp_path / "out"))
    assert sorted(p.name for p in tmp_path.iterdir()) == []
