"""The message signatures checked on every core: each one still on its own, and a bad
one among thousands is found at its position, by both verifiers' pools."""

from __future__ import annotations

import importlib.util
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


def _single_file() -> ModuleType:
    spec = importlib.util.spec_from_file_location("verify_transcript_under_test", TOOL)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses and its pool's pickles look it up
    spec.loader.exec_module(module)
    return module


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


def test_the_single_file_pool_finds_each_bad_signature() -> None:
    tool = _single_file()
    key = nacl.signing.SigningKey.generate()
    checks = tool.SignatureChecks(COUNT)
    assert checks.pool is not None or threading.active_count() > 1
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
