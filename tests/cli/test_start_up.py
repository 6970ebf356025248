"""``liaison`` starts without the libraries only some commands use.

Every command is a new interpreter (IT scripts call it in loops), and importing
fpdf2 (with fontTools and Pillow) and xlsxwriter was 40 % of its start-up
(0.25 of 0.62 s of CPU, docs/PERFORMANCE.md, "CLI start-up"): they are imported
by the export that writes a PDF or an .xlsx, not at start-up."""

from __future__ import annotations

import json
import subprocess
import sys

#: Imported only by the commands that write these formats.
EXPORT_ONLY_MODULES = ("fpdf", "fontTools", "PIL", "xlsxwriter")
_PROBE = ("import json, sys\n"
          "import liaison_client.cli.main\n"
          "print(json.dumps(sorted(sys.modules)))\n")


def test_the_cli_imports_no_pdf_or_spreadsheet_writer_until_an_export_needs_one() -> None:
    run = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True,
                         timeout=120, check=True)
    loaded = {name.split(".")[0] for name in json.loads(run.stdout)}
    assert "liaison_client" in loaded
    assert loaded & set(EXPORT_ONLY_MODULES) == set()
