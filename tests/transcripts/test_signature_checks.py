"""The message signatures checked on every core: each one still on its own, and a bad
one among thousands is found at its position, by both verifiers' pools."""

from __future__ import annotations

import importlib
import os
import sys
import threading
from pathlib import Path
from types import ModuleType

import nacl.signing
import pytest

from liaison_client.crypto.identity import DeviceIdentity, verify_signature
from liaison_client.transcripts import signature_checks
from liaison_client.transcripts.signature_checks import PARALLEL_FROM, SignatureChecks

COUNT = PARALLEL_FROM + 500
BAD = {7, 1500, COUNT - 1}
TOOL = Path(__file__).resolve().parents[2] / "tools" / "verify_transcript.py"


def _single_file(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """The tool imported under its own name from ``tools/``, as a spawned worker
    will import it again (spawn hands the children this process's ``sys.path``)."""
    monkeypatch.syspath_prepend(str(TOOL.parent))
    monkeypatch.delitem(sys.modules, TOOL.stem, raising=False)
    return importlib.import_module(TOOL.stem)


#: The test process: a worker is any other (forked) process.
_PARENT = os.getpid()


def _dies_in_a_worker(chunk: list[tuple[int, str, bytes, str]]) -> list[int]:
    """``bad_signatures`` as a worker that is killed (out of memory, ``kill -9``) runs it."""
    if os.getpid() != _PARENT:
        os._exit(137)
    return [index for index, key, message, signature in chunk
            if not verify_signature(key, message, signature)]


def _tool_dies_in_a_worker(chunk: list[tuple[int, bytes, bytes, bytes]]) -> list[int]:
    """The single-file tool's ``bad_signatures``, in a worker that is killed."""
    if os.getpid() != _PARENT:
        os._exit(137)
    tool = sys.modules[TOOL.stem]
    return [index for index, key, message, signature in chunk
            if not tool.ed25519_ok(key, message, signature)]


# The signal method: pytest-timeout's thread method would add a thread, and the
# application pool is only made in a single-threaded process (it forks).
@pytest.mark.timeout(300, method="signal")
def test_the_application_pool_finds_each_bad_signature() -> None:
    identity = DeviceIdentity.generate()
    checks = SignatureChecks(COUNT)
    if threading.active_count() == 1:
        assert checks._pool is not None
    for index in range(COUNT):
        message = f"message {index}".encode()
        signature = identity.sign(message if index not in BAD else message + b"!")
        checks.add(index, identity.ed25519_key, message, signature)
    assert checks.finish() == BAD


@pytest.mark.timeout(300, method="signal")
@pytest.mark.parametrize("threads", [False, True], ids=["fork", "spawn"])
def test_the_single_file_pool_finds_each_bad_signature(
    threads: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    tool = _single_file(monkeypatch)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait, args=(60,)) if threads else None
    if other is not None:
        other.start()  # a threaded caller: the tool must spawn, not fork
    try:
        checks = tool.SignatureChecks(COUNT)
    finally:
        stop.set()
        if other is not None:
            other.join()
    assert checks.pool is not None
    if threads:
        assert checks.pool._mp_context.get_start_method() == "spawn"
    key = nacl.signing.SigningKey.generate()
    for index in range(COUNT):
        message = f"message {index}".encode()
        signature = key.sign(message if index not in BAD else message + b"!").signature
        checks.add(index, bytes(key.verify_key), message, signature)
    assert checks.finish() == BAD


@pytest.mark.parametrize("expected", [0, PARALLEL_FROM - 1])
def test_few_signatures_are_checked_in_the_calling_process(expected: int) -> None:
    identity = DeviceIdentity.generate()
    checks = SignatureChecks(expected)
    assert checks._pool is None
    checks.add(0, identity.ed25519_key, b"x", identity.sign(b"y"))
    assert checks.finish() == {0}


@pytest.mark.timeout(120, method="signal")
def test_a_worker_that_dies_costs_time_not_a_check(monkeypatch: pytest.MonkeyPatch) -> None:
    checks = SignatureChecks(COUNT)
    assert checks._pool is not None, "a single-threaded caller on Linux gets a pool"
    monkeypatch.setattr(signature_checks, "bad_signatures", _dies_in_a_worker)
    identity = DeviceIdentity.generate()
    for index in range(COUNT):
        message = f"message {index}".encode()
        signature = identity.sign(message if index not in BAD else message + b"!")
        checks.add(index, identity.ed25519_key, message, signature)
    assert checks.finish() == BAD


@pytest.mark.timeout(120, method="signal")
def test_the_single_file_tool_survives_a_worker_that_dies(
    monkeypatch: pytest.MonkeyPatch
) -> None:
    tool = _single_file(monkeypatch)
    checks = tool.SignatureChecks(COUNT)
    if checks.pool._mp_context.get_start_method() != "fork":
        pytest.skip("only a forked worker sees the patched check")
    monkeypatch.setattr(tool, "bad_signatures", _tool_dies_in_a_worker)
    key = nacl.signing.SigningKey.generate()
    for index in range(COUNT):
        message = f"message {index}".encode()
        signature = key.sign(message if index not in BAD else message + b"!").signature
        checks.add(index, bytes(key.verify_key), message, signature)
    assert checks.finish() == BAD
