"""The export's hooks for the desktop dialog, at service level: Cancel asked in the
middle of writing stops at the next message (the flag is polled per message, not only
before the start) and leaves neither the folder nor its ``.partial`` staging folder;
the refusals a dialog shows carry codes of their own (translated in ui/error_text.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from liaison_client.errors import UsageError
from liaison_client.transcripts import ExportCancelledError, ExportStage, cjk_font
from liaison_client.workspace.transcripts import (
    ExportRequest,
    TranscriptFolderNotEmptyError,
    TranscriptFontMissingError,
    TranscriptPeriodError,
    TranscriptTargetNotFolderError,
)
from tests.transcripts.conftest import ExportedOperation


@pytest.mark.parametrize("stop_in", [ExportStage.JSON, ExportStage.PDF])
def test_cancel_in_the_middle_stops_at_the_next_message_and_leaves_nothing(
        operation: ExportedOperation, tmp_path: Path, stop_in: ExportStage) -> None:
    stages: list[ExportStage] = []
    polls_after_cancel = 0

    def progress(stage: ExportStage, done: int, total: int) -> None:
        stages.append(stage)

    def cancelled() -> bool:
        nonlocal polls_after_cancel
        asked = stop_in in stages
        polls_after_cancel += asked
        return asked

    with pytest.raises(ExportCancelledError):
        operation.li.workspace.transcripts.export(
            ExportRequest(operation.channel_id, tmp_path / "stopped"),
            progress=progress, cancelled=cancelled)
    assert polls_after_cancel == 1  # the first poll after the request stopped it
    assert ExportStage.SIGNING not in stages
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_the_refusals_have_codes_of_their_own(operation: ExportedOperation, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    export = operation.li.workspace.transcripts.export
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "mine.txt").write_text("keep")
    with pytest.raises(TranscriptFolderNotEmptyError) as not_empty:
        export(ExportRequest(operation.channel_id, tmp_path / "taken"))
    assert not_empty.value.code == "transcript.folder_not_empty"
    assert not_empty.value.params == {"folder": str(tmp_path / "taken")}
    (tmp_path / "a-file").write_text("x")
    with pytest.raises(TranscriptTargetNotFolderError):
        export(ExportRequest(operation.channel_id, tmp_path / "a-file"))
    with pytest.raises(TranscriptPeriodError):
        export(ExportRequest(operation.channel_id, tmp_path / "p", "2026-12-02", "2026-12-01"))
    monkeypatch.setattr(cjk_font, "CJK_FONT_PATHS", (tmp_path / "no-font.ttc",))
    with pytest.raises(TranscriptFontMissingError) as no_font:
        export(ExportRequest(operation.channel_id, tmp_path / "out"))
    assert isinstance(no_font.value, UsageError)  # the CLI's exit status 2 is kept
    assert "fonts-noto-cjk" in str(no_font.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file", "taken"]
