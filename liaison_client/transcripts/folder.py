"""Write an export folder: transcript.json, transcript.pdf, their minisign
signatures, exporter.pub, VERIFY.txt and a copy of the single-file verifier.

The JSON is written first (streamed from the caller's message iterator), its
SHA-256 goes into every PDF footer, then both files are signed with the
exporter's device Ed25519 identity key in minisign's prehashed format
(docs/TRANSCRIPT.md). The folder is built under a temporary name beside the
target and renamed into place at the end, so a cancelled or failed export leaves
nothing that looks like a transcript.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from liaison_client.provenance.minisign import PublicKey, Signer, sign_file
from liaison_client.transcripts.json_writer import (
    ExportCancelledSignalError,
    read_header,
    read_messages,
    write_json,
)
from liaison_client.transcripts.record import (
    EXPORTER_KEY_NAME,
    JSON_NAME,
    JSON_SIGNATURE_NAME,
    PDF_NAME,
    PDF_SIGNATURE_NAME,
    VERIFIER_NAME,
    VERIFY_TEXT_NAME,
    TranscriptHeader,
    TranscriptMessage,
)
from liaison_client.transcripts.verify_text import verify_text

#: The single-file verifier shipped in every folder (tools/verify_transcript.py is
#: the same file; tests/transcripts/test_verifiers.py checks they are identical).
VERIFIER_SOURCE = Path(__file__).with_name("verify_transcript.py")


class ExportStage(StrEnum):
    JSON = "json"
    PDF = "pdf"
    SIGNING = "signing"


#: ``(stage, done, total)``; total is the message count.
ExportProgress = Callable[[ExportStage, int, int], None]
#: Polled between messages: True stops the export.
ExportCancelled = Callable[[], bool]


class ExportCancelledError(Exception):
    """The caller cancelled; nothing was left in the target folder."""


@dataclass(frozen=True)
class ExportedFolder:
    folder: Path
    message_count: int
    chain_head: str
    json_sha256: str
    #: The header's ``exported_at_ms`` (what the export event repeats).
    exported_at_ms: int = 0
    #: The ``transcript.export`` message recording this export in the channel (the
    #: workspace service composes it after the folder is in place); None when it
    #: could not be recorded (``event_problem`` says why).
    event_message_id: str | None = None
    #: True once the relay accepted the export event; False: queued (or not recorded).
    event_sent: bool = False
    #: Why the event is not recorded or not yet sent; empty when it went out.
    event_problem: str = ""


def write_folder(target: Path, header: TranscriptHeader, messages: Iterable[TranscriptMessage],
                 *, total: int, signer: Signer, public_key: bytes,
                 progress: ExportProgress | None = None,
                 cancelled: ExportCancelled | None = None,
                 local_zone: dt.tzinfo | None = None,
                 attachments: Callable[[Path], None] | None = None) -> ExportedFolder:
    """Write the folder ``target`` (must not exist, or be empty)."""
    if target.exists() and any(target.iterdir()):
        raise FileExistsError(f"{target} is not empty")
    staging = target.with_name(f".{target.name}.partial")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    try:
        built = _build(staging, header, messages, total, signer, public_key, progress,
                       cancelled, local_zone, attachments)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if target.exists():
        target.rmdir()
    staging.rename(target)
    return ExportedFolder(target, *built, exported_at_ms=header.exported_at_ms)


def _build(folder: Path, header: TranscriptHeader, messages: Iterable[TranscriptMessage],
           total: int, signer: Signer, public_key: bytes, progress: ExportProgress | None,
           cancelled: ExportCancelled | None, local_zone: dt.tzinfo | None,
           attachments: Callable[[Path], None] | None) -> tuple[int, str, str]:
    def tick(stage: ExportStage, done: int) -> bool:
        if progress is not None and (done % 200 == 0 or done == total):
            progress(stage, done, total)
        return cancelled is not None and cancelled()

    if cancelled is not None and cancelled():
        raise ExportCancelledError("transcript export cancelled")
    if attachments is not None:
        attachments(folder)
    json_path = folder / JSON_NAME
    try:
        count, chain, json_sha256 = write_json(json_path, header, messages,
                                               lambda n: tick(ExportStage.JSON, n))
    except ExportCancelledSignalError as exc:
        raise ExportCancelledError("transcript export cancelled") from exc

    def pdf_tick(done: int) -> None:
        if tick(ExportStage.PDF, done):
            raise ExportCancelledError("transcript export cancelled")

    # fpdf2 (with fontTools and Pillow) was a third of every `liaison` command's
    # start-up (~0.2 s of CPU); only an export renders a PDF, so it is imported here.
    from liaison_client.transcripts.pdf_writer import write_pdf

    write_pdf(folder / PDF_NAME, read_header(json_path), read_messages(json_path), json_sha256,
              local_zone=local_zone, on_message=pdf_tick)
    if progress is not None:
        progress(ExportStage.SIGNING, count, total)
    key = PublicKey.from_ed25519(public_key)
    exporter = header.exporter
    for name, signature_name in ((JSON_NAME, JSON_SIGNATURE_NAME),
                                 (PDF_NAME, PDF_SIGNATURE_NAME)):
        comment = (f"file:{name}\tchannel:{header.channel_id}\texporter:{exporter.device_id}"
                   f"\texported_at_ms:{header.exported_at_ms}")
        sign_file(folder / name, signer, key.key_id, trusted_comment=comment,
                  untrusted_comment=f"signature from Liaison device {exporter.device_id}",
                  ).write(folder / signature_name)
    (folder / EXPORTER_KEY_NAME).write_text(key.to_text(), encoding="utf-8")
    (folder / VERIFY_TEXT_NAME).write_text(verify_text(key.key_id_hex, exporter.fingerprint),
                                           encoding="utf-8")
    shutil.copyfile(VERIFIER_SOURCE, folder / VERIFIER_NAME)
    return count, chain, json_sha256
