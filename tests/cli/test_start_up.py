"""``liaison`` starts without the libraries only some commands use.

Every command is a new interpreter (IT scripts call it in loops), and importing
fpdf2 (with fontTools and Pillow) and xlsxwriter was 40 % of its start-up
(0.25 of 0.62 s of CPU, docs/PERFORMANCE.md, "CLI start-up"): they are imported
by the export that writes a PDF or an .xlsx, not at start-up.

The other CLI tests run the command by its entry point in their own process
(tests/fixtures/cli.py); here it runs as the program IT scripts start: its
output, its exit status and its one-line refusals are the process's."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.fixtures.cli import liaison_process

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


def test_the_program_prints_answers_on_stdout_and_refusals_as_one_line_with_their_code(
        tmp_path: Path) -> None:
    version = liaison_process("--version")
    assert version.returncode == 0
    assert version.stdout.startswith("liaison ")
    refused = liaison_process("--profile", str(tmp_path / "none"), "whoami")
    assert refused.returncode == 3
    assert refused.stdout == ""
    assert refused.stderr.count("\n") == 1
    assert refused.stderr.startswith("liaison: ")
    assert "liaison init" in refused.stderr
