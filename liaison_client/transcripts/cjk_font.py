"""Where the transcript PDF's Chinese and Latin font is found.

Kept apart from ``pdf_writer`` so that checking for the font before an export
(``workspace/transcripts.py``) does not import fpdf2, which only the export
itself needs (see ``folder.py``).
"""

from __future__ import annotations

from pathlib import Path

from liaison_client.errors import UsageError

#: Where Debian's fonts-noto-cjk puts the collection (scripts/bootstrap.sh installs it).
CJK_FONT_PATHS = (
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc"),
)
#: The face of the collection holding Simplified Chinese glyph forms.
CJK_SC_FACE = 2


def find_cjk_font() -> Path:
    for path in CJK_FONT_PATHS:
        if path.is_file():
            return path
    # A usage error (exit 2, one line): the set-up's to fix, nothing was written.
    raise UsageError(
        "no CJK font found: install the Debian package fonts-noto-cjk "
        f"(looked in {', '.join(str(p) for p in CJK_FONT_PATHS)})")
