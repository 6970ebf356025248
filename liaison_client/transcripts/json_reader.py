"""Read ``transcript.json`` as a stream: the record without its messages, then the
messages one line at a time (docs/TRANSCRIPT.md, "transcript.json").

The writer (:mod:`.json_writer`) puts every member before the messages on the
first line (ending ``"messages":[``), one message a line (each but the last
ending with a comma), and the trailer ``],"message_count":N,"chain_head":H}``
on the last line. Reading that layout line by line keeps a 50,000-message
verification at a flat few dozen megabytes instead of the whole parsed file.
The result is what ``json.load`` of the whole file gives; a file in any other
layout (valid JSON re-saved by some tool, or a truncated one) raises
:class:`NotStreamableError`, and the caller reads it whole, so a hand-edited
file is judged the same either way. The single-file verifier reads it the
same way, implemented a second time.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

#: The end of the writer's first line.
MESSAGES_OPEN = b',"messages":[\n'


class NotStreamableError(Exception):
    """The file is not in the writer's one-message-a-line layout."""


def read_streamed(path: Path) -> tuple[dict[str, Any], Iterator[Any]]:
    """The transcript without ``messages`` (header and trailer merged) and an
    iterator over the messages; :class:`NotStreamableError` for another layout
    (raised here or while iterating)."""
    with path.open("rb") as source:
        first = source.readline()
        source.seek(0, os.SEEK_END)
        size = source.tell()
        source.seek(max(0, size - 4096))
        tail = source.read().rsplit(b"\n", 2)
    if not first.endswith(MESSAGES_OPEN) or len(tail) < 3 or tail[2] != b"" \
            or not tail[1].startswith(b"],"):
        raise NotStreamableError
    try:
        transcript = json.loads(first[:-len(MESSAGES_OPEN)] + b"}")
        trailer = json.loads(b"{" + tail[1][2:])
    except ValueError as exc:
        raise NotStreamableError from exc
    if not isinstance(transcript, dict) or not isinstance(trailer, dict) \
            or "messages" in transcript or "messages" in trailer:
        raise NotStreamableError
    transcript.update(trailer)
    return transcript, _messages(path, len(first), size - len(tail[1]) - 1)


def _messages(path: Path, start: int, end: int) -> Iterator[Any]:
    """The message lines from byte ``start`` up to ``end`` (where the trailer starts)."""
    with path.open("rb") as source:
        source.seek(start)
        at = start
        line = source.readline()
        if line == b"\n" and at + 1 == end:
            return  # no messages
        while True:
            at += len(line)
            last = at >= end
            if at > end or not line.endswith(b"\n" if last else b",\n"):
                raise NotStreamableError
            try:
                yield json.loads(line[:-1] if last else line[:-2])
            except ValueError as exc:
                raise NotStreamableError from exc
            if last:
                return
            line = source.readline()
