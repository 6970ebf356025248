"""Lay out and write the message pages' text straight into the page content stream.

fpdf2's ``cell`` is general (markdown, fallback fonts, text shaping, links,
alignment) and costs about a millisecond a line; a 50,000-message transcript has
well over 100,000 lines, so the message pages were most of the export's time
(docs/PERFORMANCE.md, "Transcripts"). Messages need none of that generality:
left-aligned lines of one embedded font, at one size per block, in one colour.
This module measures each character once per font (its advance width from the
font's ``cw`` table, what fpdf2's own ``get_string_width`` sums), maps it once to
its glyph code in the embedded subset (fpdf2's ``subset.pick``, so fpdf2 still
writes the subset font and its ToUnicode map at the end) and writes each block as
one PDF text object (ISO 32000-1 §9.4: ``BT``, ``Tf``, ``Tm``, ``Tj``, ``ET``)
with ``FPDF._out``. Pages still break through fpdf2's ``add_page``, so page
footers (the SHA-256 line the verifiers read) are fpdf2's as before.

Positions follow fpdf2's ``cell``: the text starts ``c_margin`` inside the cell
and its baseline sits at ``0.5 × line height + 0.3 × font size`` below the top.
"""

from __future__ import annotations

from fpdf import FPDF
from fpdf.enums import PDFResourceType
from fpdf.fonts import TTFFont
from fpdf.util import escape_parens


class _Advances(dict[str, int]):
    """Character → advance width in thousandths of the font size (the font's cw)."""

    def __init__(self, font: TTFFont) -> None:
        super().__init__()
        self._cw = font.cw

    def __missing__(self, char: str) -> int:
        width = self[char] = int(self._cw[ord(char)])
        return width


class _Codes(dict[str, str]):
    """Character → its escaped two-byte code in the embedded subset ("" when the
    font has no glyph for it, as fpdf2 drops such characters too)."""

    def __init__(self, font: TTFFont) -> None:
        super().__init__()
        self._font = font

    def __missing__(self, char: str) -> str:
        mapped = self._font.subset.pick(ord(char))
        code = "" if not mapped else escape_parens(
            chr(mapped).encode("utf-16-be").decode("latin-1"))
        self[char] = code
        return code


class DirectText:
    """Writes left-aligned blocks of one TTF font (set on ``pdf`` beforehand) into
    the current page, breaking pages with fpdf2 when a line does not fit."""

    def __init__(self, pdf: FPDF) -> None:
        font = pdf.current_font
        if not isinstance(font, TTFFont) or font.color_font:
            raise ValueError("DirectText writes an embedded TrueType/OpenType font")
        self._pdf = pdf
        self._font = font
        self._advances = _Advances(font)
        self._codes = _Codes(font)
        self._registered_page = 0

    def width(self, text: str, size_pt: float) -> float:
        """The width of ``text`` at ``size_pt``, in the document's unit (mm)."""
        return sum(map(self._advances.__getitem__, text)) * size_pt / 1000 / self._pdf.k

    def split(self, text: str, width: float, size_pt: float) -> list[str]:
        """Greedy line breaking: at the last space (Latin), at any character when a
        line has none (Chinese has no spaces); each paragraph at least one line."""
        limit = width * self._pdf.k * 1000 / size_pt  # in thousandths of the size
        advances = self._advances
        lines: list[str] = []
        for paragraph in text.split("\n"):
            if sum(map(advances.__getitem__, paragraph)) <= limit:
                lines.append(paragraph)  # most messages: one line, no loop below
                continue
            line, used, last_space = "", 0, -1
            for char in paragraph:
                advance = advances[char]
                if used + advance > limit and line:
                    if char != " " and last_space > 0:
                        lines.append(line[:last_space])
                        line = line[last_space + 1:]
                    else:
                        lines.append(line)
                        line = ""
                    used = sum(map(advances.__getitem__, line))
                    last_space = line.rfind(" ")
                    if char == " " and not line:
                        continue
                if char == " ":
                    last_space = len(line)
                line += char
                used += advance
            lines.append(line)
        return lines

    def encode(self, line: str) -> str:
        return "".join(map(self._codes.__getitem__, line))

    def _register(self) -> None:
        """Name the font in the current page's resources (once a page)."""
        pdf = self._pdf
        if self._registered_page != pdf.page:
            pdf._resource_catalog.add(PDFResourceType.FONT, self._font.i, pdf.page)
            self._registered_page = pdf.page

    def block(self, lines: list[str], size_pt: float, height: float, *,
              x: float | None = None, grey: float = 0.0) -> None:
        """Write ``lines`` one under the other from the current position, each
        ``height`` tall, then move below them (new page as needed)."""
        pdf = self._pdf
        k = pdf.k
        left = (pdf.l_margin if x is None else x) + pdf.c_margin
        rise = 0.5 * height + 0.3 * size_pt / k
        opening = f"q {grey:.3f} g BT /F{self._font.i} {size_pt:.2f} Tf "
        parts: list[str] = []
        y = pdf.y
        for line in lines:
            if y + height > pdf.page_break_trigger and y > pdf.t_margin:
                if parts:
                    self._register()
                    pdf._out(opening + " ".join(parts) + " ET Q")
                    parts = []
                pdf.add_page()
                y = pdf.y
            parts.append(f"1 0 0 1 {left * k:.2f} {(pdf.h - y - rise) * k:.2f} Tm "
                         f"({self.encode(line)}) Tj")
            y += height
        if parts:
            self._register()
            pdf._out(opening + " ".join(parts) + " ET Q")
        pdf.set_y(y)

    def table(self, rows: list[tuple[str, str]], size_pt: float, height: float,
              first: float) -> None:
        """Two bordered columns from the current position; each row as tall as its
        longer cell, a row never split over two pages."""
        pdf = self._pdf
        k = pdf.k
        second = pdf.epw - first
        for name, value in rows:
            left = self.split(name, first - 2 * pdf.c_margin, size_pt)
            right = self.split(value, second - 2 * pdf.c_margin, size_pt)
            tall = max(len(left), len(right)) * height
            if pdf.will_page_break(tall):
                pdf.add_page()
            x, y = pdf.l_margin, pdf.y
            pdf._out(f"{x * k:.2f} {(pdf.h - y) * k:.2f} {first * k:.2f} {-tall * k:.2f} re "
                     f"{(x + first) * k:.2f} {(pdf.h - y) * k:.2f} {second * k:.2f} "
                     f"{-tall * k:.2f} re S")
            self.block(left, size_pt, height, x=x)
            pdf.set_y(y)
            self.block(right, size_pt, height, x=x + first)
            pdf.set_y(y + tall)
