"""Bare stores for crypto unit tests: a real SQLCipher database without a profile.

Hypothesis runs many examples per test; a profile costs an Argon2id derivation,
a bare store (raw random key) costs milliseconds, and is just as real.
"""

from __future__ import annotations

import secrets
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from liaison_client.store.store import Store


@contextmanager
def bare_store() -> Iterator[Store]:
    with tempfile.TemporaryDirectory() as directory:
        store = Store.create(Path(directory) / "liaison.db", secrets.token_bytes(32))
        try:
            yield store
        finally:
            store.close()
