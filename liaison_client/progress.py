"""Byte progress of long file work — encrypting and uploading an attachment — for a
caller that shows it.

Both steps already stream a file through a consumer that calls ``read``:
:func:`~liaison_client.crypto.attachments.encrypt_attachment` reads the
plaintext chunk by chunk, and ``requests`` (urllib3) reads a file body block by
block as it writes it to the socket. So progress is counted where the bytes
are consumed, by wrapping the file in a :class:`ProgressReader`, and neither
the cipher nor the HTTP code learns about progress at all.

Callbacks run on the thread doing the work (the desktop's service thread), and
report counts only — never content.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import BinaryIO

#: ``(bytes done, bytes in total)``.
ByteProgress = Callable[[int, int], None]

_ITER_CHUNK = 64 * 1024


class ProgressReader:
    """A binary file that reports how many of its ``total`` bytes were read.

    It has a length (``requests`` then sends a ``Content-Length`` instead of a
    chunked body) and is iterable (``requests`` treats it as a stream), and
    reports after every read, so a consumer reading in blocks produces one
    report per block.
    """

    def __init__(self, source: BinaryIO, total: int, report: ByteProgress) -> None:
        self._source = source
        self._total = total
        self._report = report
        self._done = 0

    def read(self, size: int = -1) -> bytes:
        data = self._source.read(size)
        if data:
            self._done += len(data)
            self._report(self._done, self._total)
        return data

    def __len__(self) -> int:
        return self._total

    def __iter__(self) -> Iterator[bytes]:
        return iter(lambda: self.read(_ITER_CHUNK), b"")

    def close(self) -> None:
        self._source.close()


def monotonic(report: ByteProgress) -> ByteProgress:
    """``report``, but only when the count went up: a retried upload starts reading
    its file again from 0, and a progress bar must not run backwards."""
    highest = -1

    def forward(done: int, total: int) -> None:
        nonlocal highest
        if done > highest:
            highest = done
            report(done, total)

    return forward


class AttachmentStage(StrEnum):
    """What is being done to an attachment's bytes."""

    ENCRYPTING = "encrypting"
    UPLOADING = "uploading"


@dataclass(frozen=True)
class AttachmentProgress:
    """One report while an attachment is sent: ``done`` of ``total`` bytes in ``stage``
    (plaintext bytes while encrypting, ciphertext bytes while uploading)."""

    stage: AttachmentStage
    done: int
    total: int

    @property
    def fraction(self) -> float:
        """0.0 to 1.0 (an empty file is complete at once)."""
        return 1.0 if self.total <= 0 else min(1.0, self.done / self.total)


AttachmentProgressCallback = Callable[[AttachmentProgress], None]


def for_stage(stage: AttachmentStage, report: AttachmentProgressCallback) -> ByteProgress:
    """A byte counter that reports as ``stage`` of an attachment."""
    return lambda done, total: report(AttachmentProgress(stage, done, total))
