"""Reading transcript.json line by line gives what ``json.load`` of the whole file
gives, for the writer's layout; any other layout is refused, and then read whole."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from liaison_client.transcripts.json_reader import NotStreamableError, read_streamed
from liaison_client.transcripts.json_writer import write_json
from liaison_client.transcripts.record import (
    Period,
    TranscriptHeader,
    TranscriptMember,
    TranscriptMessage,
)

MEMBER = TranscriptMember("DEV0", "Li Wei", "Guangzhou Customs", "coordinator", "k" * 43,
                          "c" * 43, "kkkk", 0, None)
HEADER = TranscriptHeader("CHAN", "Op Jade 翡翠行动", "closed", 1, 2, Period(None, "2026-12-05"),
                          3, MEMBER, (MEMBER,), ("{}",), {"entries": []})


def _message(n: int) -> TranscriptMessage:
    return TranscriptMessage(f"m{n}", "DEV0", 1000 + n, "text", f'{{"n":{n},"t":"a,\\n]"}}',
                             "sig", f"text {n}, with ], and 中文")


@pytest.mark.parametrize("count", [0, 1, 3])
def test_streamed_equals_the_whole_file(tmp_path: Path, count: int) -> None:
    path = tmp_path / "transcript.json"
    write_json(path, HEADER, [_message(n) for n in range(count)])
    whole = json.loads(path.read_bytes())
    transcript, messages = read_streamed(path)
    assert [*messages] == whole.pop("messages")
    assert transcript == whole


def test_another_layout_or_a_cut_file_is_not_streamed(tmp_path: Path) -> None:
    path = tmp_path / "transcript.json"
    write_json(path, HEADER, [_message(n) for n in range(3)])
    raw = path.read_bytes()
    path.write_text(json.dumps(json.loads(raw)), encoding="utf-8")  # one line, re-saved
    with pytest.raises(NotStreamableError):
        read_streamed(path)
    path.write_bytes(raw[: len(raw) // 2])  # cut: no trailer line
    with pytest.raises(NotStreamableError):
        read_streamed(path)
    lines = raw.split(b"\n")
    lines[1] = lines[1].removesuffix(b",")  # a message line that lost its comma
    path.write_bytes(b"\n".join(lines))
    transcript, messages = read_streamed(path)
    assert transcript["message_count"] == 3
    with pytest.raises(NotStreamableError):
        list(messages)
