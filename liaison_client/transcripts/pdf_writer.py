"""Write ``transcript.pdf``: the record for people, rendered with fpdf2.

A cover page (operation, period, members with agency, role and fingerprint, the
exporter), then every message with its UTC and local time, reports as tables of
their fields, and attachments by name, size and SHA-256. Chinese and Latin text
use Noto Sans CJK SC (Debian ``fonts-noto-cjk``, SIL Open Font License 1.1),
embedded as a subset; fpdf2 reads the OpenType collection and
``collection_font_number`` picks its Simplified Chinese face.

The cover page is laid out with fpdf2's own cells and table; the message pages,
nearly all of a long transcript, are written as direct text objects by
:class:`~liaison_client.transcripts.pdf_text.DirectText` (a line through fpdf2's
``cell`` cost about a millisecond; docs/PERFORMANCE.md, "Transcripts").

Every page footer carries the page number and the SHA-256 of transcript.json,
written in the PDF core font Helvetica: core-font text stays a plain PDF string
in the page's (deflated) content stream, so the single-file verifier finds it
with zlib and a regular expression instead of a PDF library.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from fpdf import FPDF
from fpdf.fonts import FontFace

from liaison_client.transcripts.cjk_font import CJK_SC_FACE, find_cjk_font
from liaison_client.transcripts.pdf_text import DirectText
from liaison_client.transcripts.record import PDF_FOOTER_LABEL

_FONT = "NotoSansCJKsc"
#: Table headings: the CJK face has no bold; a shaded row marks them instead.
_HEADINGS = FontFace(emphasis="", fill_color=(225, 230, 240))


def _times(ms: int, local: dt.tzinfo | None) -> str:
    at = dt.datetime.fromtimestamp(ms / 1000, dt.UTC)
    local_at = at.astimezone(local)
    return (f"{at:%Y-%m-%d %H:%M:%S} UTC · {local_at:%Y-%m-%d %H:%M:%S} "
            f"{local_at.tzname() or ''}")


class _TranscriptPdf(FPDF):
    def __init__(self, json_sha256: str) -> None:
        super().__init__(format="A4")
        self._json_sha256 = json_sha256

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("Helvetica", size=7)
        self.cell(0, 4, f"{PDF_FOOTER_LABEL} {self._json_sha256}    page {self.page_no()}"
                  "/{nb}", align="C")


def write_pdf(path: Path, header: dict[str, Any], messages: Iterable[dict[str, Any]],
              json_sha256: str, *, local_zone: dt.tzinfo | None = None,
              on_message: Callable[[int], None] | None = None) -> None:
    """Render the transcript (``header`` and ``messages`` as in transcript.json)."""
    pdf = _TranscriptPdf(json_sha256)
    pdf.set_compression(True)
    pdf.alias_nb_pages()
    pdf.add_font(_FONT, fname=str(find_cjk_font()), collection_font_number=CJK_SC_FACE)
    pdf.set_auto_page_break(True, margin=18)
    pdf.set_title(f"Transcript: {header['operation']['name']}")
    pdf.set_creator("Liaison")
    pdf.add_page()
    _cover(pdf, header, local_zone)
    names = {m["device_id"]: f"{m['name']} ({m['agency']})" for m in header["members"]}
    pdf.add_page()
    pdf.set_font(_FONT, size=13)
    pdf.cell(0, 8, "Messages · 消息", new_x="LMARGIN", new_y="NEXT")
    # The message pages: text objects written directly (pdf_text.py), one per block.
    text = DirectText(pdf)
    width = pdf.epw - 2 * pdf.c_margin
    for count, message in enumerate(messages, 1):
        sender = names.get(message["sender_device_id"], message["sender_device_id"])
        heading = (f"#{message['index'] + 1}  {sender}  ·  "
                   f"{_times(message['sent_at_ms'], local_zone)}  ·  {message['kind']}")
        text.block(text.split(heading, width, 8), 8, 4, grey=90 / 255)
        if message.get("report"):
            text.table([(f"{message['kind']} report", "")]
                       + [(name, value) for name, value in message["report"]], 9, 5, 45)
        else:
            text.block(text.split(message["text"] or " ", width, 10), 10, 5)
        for attachment in message.get("attachments") or ():
            text.block(text.split(f"Attachment: {attachment['name']}, {attachment['size']} "
                                  f"bytes, encrypted blob SHA-256 {attachment['blob_sha256']}",
                                  width, 8), 8, 4)
        pdf.set_y(pdf.y + 2)
        if on_message is not None:
            on_message(count)
    pdf.output(str(path))


def _cover(pdf: FPDF, header: dict[str, Any], local_zone: dt.tzinfo | None) -> None:
    operation, period, exporter = header["operation"], header["period"], header["exporter"]
    pdf.set_font(_FONT, size=18)
    pdf.multi_cell(0, 10, f"Operation transcript · 行动记录\n{operation['name']}",
                   new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(_FONT, size=10)
    closed = operation["closed_at_ms"]
    lines = [
        f"Channel / 频道: {operation['channel_id']}",
        f"State / 状态: {operation['state']}",
        f"Opened / 开始: {_times(operation['opened_at_ms'], local_zone)}",
        f"Closed / 结束: {_times(closed, local_zone) if closed else '-'}",
        f"Period / 期间: {period['from'] or 'start'} to {period['to'] or 'end'} (UTC days)",
        f"Exported / 导出: {_times(header['exported_at_ms'], local_zone)}",
        f"Exporter / 导出人: {exporter['name']} ({exporter['agency']}), "
        f"device {exporter['device_id']}",
        f"Exporter fingerprint / 导出人指纹: {exporter['fingerprint']}",
    ]
    for line in lines:
        pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font(_FONT, size=13)
    pdf.cell(0, 8, "Members · 成员", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(_FONT, size=8)
    with pdf.table(col_widths=(30, 30, 16, 14, 60), text_align="LEFT",
                   headings_style=_HEADINGS) as table:
        table.row(["Name / 姓名", "Agency / 机构", "Role / 角色", "Epochs / 纪元",
                   "Fingerprint / 指纹"])
        for member in header["members"]:
            removed = member["removed_epoch"]
            table.row([member["name"], member["agency"], member["role"],
                       f"{member['joined_epoch']}–{'' if removed is None else removed}",
                       member["fingerprint"]])
