"""Write ``transcript.json`` as a stream: the header, one message per line, the trailer.

The whole file is one JSON object (docs/TRANSCRIPT.md); writing it member by
member keeps memory flat however long the operation was, and one message per
line lets the PDF writer read the messages back the same way.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO, Any

from liaison_client.transcripts.record import (
    CHAIN_START,
    TranscriptHeader,
    TranscriptMessage,
    chain_link,
)

#: Called after each message with the count written so far; returns True to stop.
MessageWritten = Callable[[int], bool]


class ExportCancelledSignalError(Exception):
    """Raised inside the writer when the caller asked to stop (the folder is removed)."""


def _dump(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def write_json(path: Path, header: TranscriptHeader, messages: Iterable[TranscriptMessage],
               on_message: MessageWritten | None = None) -> tuple[int, str, str]:
    """Write the transcript; returns (message count, chain head, SHA-256 of the file)."""
    digest = hashlib.sha256()
    count, chain = 0, CHAIN_START
    with path.open("w", encoding="utf-8", newline="\n") as out:
        def emit(text: str) -> None:
            out.write(text)
            digest.update(text.encode("utf-8"))

        head = _dump(header.to_json())
        emit(head[:-1] + ',"messages":[\n')
        for message in messages:
            chain = chain_link(chain, message.message_hash)
            emit(("" if count == 0 else ",\n") + _dump(message.to_json(count, chain)))
            count += 1
            if on_message is not None and on_message(count):
                raise ExportCancelledSignalError
        emit(f'\n],"message_count":{count},"chain_head":"{chain}"}}\n')
    return count, chain, digest.hexdigest()


def read_messages(path: Path, out: IO[str] | None = None) -> Iterable[dict[str, object]]:
    """The messages of a transcript this module wrote, one line at a time."""
    del out
    with path.open(encoding="utf-8") as source:
        source.readline()  # the header line ends with "messages":[
        for line in source:
            if line.startswith("]"):
                return
            if not line.strip():
                continue
            yield json.loads(line.rstrip("\n").rstrip(","))


def read_header(path: Path) -> dict[str, Any]:
    """The header of a transcript.json this package wrote (its first line)."""
    with path.open(encoding="utf-8") as source:
        first = source.readline()
    header: dict[str, Any] = json.loads(first.rstrip("\n").removesuffix(',"messages":[') + "}")
    return header
