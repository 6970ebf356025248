"""The message signatures checked on every core: each one still on its own, and a bad
one among thousands is found at its position, by both verifiers' pools."""

from __future__ import annotations

import importlib
import subprocess
import sys
import threading
from pathlib import Path
from types import ModuleType

import nacl.signing
import pytest

from liaison_client.crypto.identity import DeviceIdentity
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


#: Checks ``COUNT`` signatures (``BAD`` bad) in a fresh interpreter: single-threaded,
#: as the CLI is, so the application's pool forks (a pytest worker has threads of
#: its own, and then the pool is rightly not made). ``DIE``: each forked worker
#: exits as one killed (out of memory, ``kill -9``) would, at its first chunk.
_FRESH_PROCESS_CHECKS = """
import os, sys, threading
sys.path.insert(0, {tools!r})
from liaison_client.crypto.identity import DeviceIdentity, verify_signature
from liaison_client.transcripts import signature_checks
import verify_transcript

COUNT, BAD, DIE, TOOL = {count}, {bad!r}, {die!r}, {tool!r}
PARENT = os.getpid()

def dies_in_a_worker(chunk):
    if os.getpid() != PARENT:
        os._exit(137)
    return [index for index, key, message, signature in chunk
            if not verify_signature(key, message, signature)]

def tool_dies_in_a_worker(chunk):
    if os.getpid() != PARENT:
        os._exit(137)
    return [index for index, key, message, signature in chunk
            if not verify_transcript.ed25519_ok(key, message, signature)]

assert threading.active_count() == 1
identity = DeviceIdentity.generate()
if TOOL:
    checks = verify_transcript.SignatureChecks(COUNT)
    assert checks.pool._mp_context.get_start_method() == "fork"
    if DIE:
        verify_transcript.bad_signatures = tool_dies_in_a_worker
else:
    checks = signature_checks.SignatureChecks(COUNT)
    assert checks._pool is not None, "a single-threaded caller on Linux gets a pool"
    if DIE:
        signature_checks.bad_signatures = dies_in_a_worker
for index in range(COUNT):
    message = f"message {{index}}".encode()
    signature = identity.sign(message if index not in BAD else message + b"!")
    if TOOL:
        checks.add(index, verify_transcript.b64decode(identity.ed25519_key), message,
                   verify_transcript.b64decode(signature))
    else:
        checks.add(index, identity.ed25519_key, message, signature)
found = checks.finish()
assert found == BAD, sorted(found)
print("checked", COUNT)
"""


def _check_in_a_fresh_process(*, tool: bool, die: bool) -> None:
    script = _FRESH_PROCESS_CHECKS.format(tools=str(TOOL.parent), count=COUNT, bad=BAD,
                                          die=die, tool=tool)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120, check=False, cwd=TOOL.parents[1])
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"checked {COUNT}"


def test_the_application_pool_finds_each_bad_signature() -> None:
    _check_in_a_fresh_process(tool=False, die=False)


def test_a_worker_that_dies_costs_time_not_a_check() -> None:
    _check_in_a_fresh_process(tool=False, die=True)


def test_the_single_file_tool_survives_a_worker_that_dies() -> None:
    _check_in_a_fresh_process(tool=True, die=True)


def test_the_application_pool_is_not_made_in_a_threaded_process() -> None:
    """Forking a threaded process (the desktop app) can deadlock the child."""
    stop = threading.Event()
    other = threading.Thread(target=stop.wait, args=(60,))
    other.start()
    try:
        checks = SignatureChecks(COUNT)
        assert checks._pool is None
    finally:
        stop.set()
        other.join()
    identity = DeviceIdentity.generate()
    checks.add(0, identity.ed25519_key, b"x", identity.sign(b"y"))
    assert checks.finish() == {0}


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
