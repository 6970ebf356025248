"""The naming rules for saved attachments (issue 10, item 8), on a real directory."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from liaison_client.attachment_names import (
    MAX_NAME_BYTES,
    MAX_NUMBERED,
    claimed_destination,
    numbered_name,
    safe_file_name,
)
from liaison_client.errors import UsageError


@pytest.mark.parametrize(("sent", "saved"), [
    (".bashrc", "bashrc"),
    ("../../.ssh/authorized_keys", "authorized_keys"),
    ("..\\..\\Windows\\evil.dll", "evil.dll"),
    ("..", "attachment"),
    ("", "attachment"),
    ("CON", "_CON"),
    ("con.txt", "_con.txt"),
    ("COM1.tar.gz", "_COM1.tar.gz"),
    ("nul .txt", "_nul .txt"),
    ("LPT9", "_LPT9"),
    ("CONSOLE.txt", "CONSOLE.txt"),
    ("a<b>c:d|e?f*.pdf", "a_b_c_d_e_f_.pdf"),
    ("\x1b]0;x\x07rep\u202eort.pdf", "]0;xreport.pdf"),
    ("report.pdf. . ", "report.pdf"),
    ("报告 2026.pdf", "报告 2026.pdf"),
])
def test_sender_names_become_one_safe_name(sent: str, saved: str) -> None:
    assert safe_file_name(sent) == saved


def test_long_names_are_capped_in_utf8_bytes_keeping_the_extension() -> None:
    name = safe_file_name("报" * 200 + ".pdf")
    assert name.endswith(".pdf")
    assert len(name.encode("utf-8")) <= MAX_NAME_BYTES
    assert name[:-4] == "报" * len(name[:-4])  # cut on a character boundary
    no_extension = safe_file_name("x" * 1000)
    assert len(no_extension.encode()) == MAX_NAME_BYTES


def test_numbered_names_keep_the_extension_last() -> None:
    assert numbered_name("report.pdf", 1) == "report (1).pdf"
    assert numbered_name("bashrc", 2) == "bashrc (2)"


def test_a_taken_name_is_never_overwritten_and_a_failed_save_leaves_nothing(
        tmp_path: Path) -> None:
    (tmp_path / "report.pdf").write_bytes(b"mine")
    with claimed_destination(tmp_path, "report.pdf", overwrite=False) as target:
        assert target == tmp_path / "report (1).pdf"
        target.write_bytes(b"theirs")
    assert (tmp_path / "report.pdf").read_bytes() == b"mine"
    claimed: list[Path] = []

    def failing_save() -> None:
        with claimed_destination(tmp_path, "report.pdf", overwrite=False) as target:
            claimed.append(target)
            raise RuntimeError("the download failed")

    with pytest.raises(RuntimeError):
        failing_save()
    assert claimed == [tmp_path / "report (2).pdf"]
    assert not (tmp_path / "report (2).pdf").exists()
    with claimed_destination(tmp_path, "report.pdf", overwrite=True) as target:
        assert target == tmp_path / "report.pdf"


def test_a_symlink_planted_under_the_name_is_not_followed(tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    victim.write_text("keep")
    (tmp_path / "out").mkdir()
    os.symlink(victim, tmp_path / "out" / "report.pdf")
    with claimed_destination(tmp_path / "out", "report.pdf", overwrite=False) as target:
        assert target.name == "report (1).pdf"
    assert victim.read_text() == "keep"


def test_the_search_for_a_free_name_is_bounded(tmp_path: Path) -> None:
    (tmp_path / "a").touch()
    for n in range(1, MAX_NUMBERED + 1):
        (tmp_path / f"a ({n})").touch()
    with pytest.raises(UsageError, match="--force"), \
            claimed_destination(tmp_path, "a", overwrite=False):
        pass
