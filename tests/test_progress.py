"""Byte progress of attachment work: counted where the bytes are read, never backwards."""

from __future__ import annotations

import io

import requests

from liaison_client.progress import (
    AttachmentProgress,
    AttachmentStage,
    ProgressReader,
    for_stage,
    monotonic,
)


def test_a_progress_reader_reports_every_block_read_up_to_the_total() -> None:
    reports: list[tuple[int, int]] = []
    reader = ProgressReader(io.BytesIO(b"x" * 10_000), 10_000,
                            lambda done, total: reports.append((done, total)))
    assert reader.read(4_096) == b"x" * 4_096
    assert b"".join(iter(reader)) == b"x" * (10_000 - 4_096)
    assert reports[0] == (4_096, 10_000)
    assert reports[-1] == (10_000, 10_000)
    assert len(reader) == 10_000


def test_an_empty_read_reports_nothing() -> None:
    reports: list[tuple[int, int]] = []
    reader = ProgressReader(io.BytesIO(b""), 0, lambda done, total: reports.append((done, total)))
    assert reader.read() == b""
    assert reports == []


def test_requests_sends_a_progress_reader_with_its_length_not_chunked() -> None:
    reader = ProgressReader(io.BytesIO(b"abc"), 3, lambda _done, _total: None)
    prepared = requests.Request("PUT", "http://127.0.0.1:9/blob", data=reader).prepare()
    assert prepared.headers["Content-Length"] == "3"
    assert "Transfer-Encoding" not in prepared.headers


def test_a_retry_reading_the_file_again_does_not_move_progress_backwards() -> None:
    reports: list[int] = []
    forward = monotonic(lambda done, _total: reports.append(done))
    for done in (100, 200, 300, 100, 200, 300, 400):  # an attempt failed at 300
        forward(done, 400)
    assert reports == [100, 200, 300, 400]


def test_attachment_progress_knows_its_stage_and_fraction() -> None:
    reports: list[AttachmentProgress] = []
    encrypting = for_stage(AttachmentStage.ENCRYPTING, reports.append)
    encrypting(512, 2_048)
    assert reports == [AttachmentProgress(AttachmentStage.ENCRYPTING, 512, 2_048)]
    assert reports[0].fraction == 0.25
    assert AttachmentProgress(AttachmentStage.UPLOADING, 0, 0).fraction == 1.0
