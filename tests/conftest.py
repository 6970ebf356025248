"""Fixtures shared by the whole suite.

Profiles are real: a SQLCipher database, real key custody. Under
``scripts/run-tests`` a real Secret Service (gnome-keyring) is running, so
``auto`` key storage picks the OS keyring; tests that need the passphrase path
ask for it explicitly.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from liaison_client.profile import (
    KeyStorageChoice,
    NewProfile,
    Profile,
    create_profile,
    open_profile,
)
from liaison_client.store.key_custody import keyring_unusable_reason

TEST_PASSPHRASE = "correct horse battery staple"


def fixed_passphrase(passphrase: str = TEST_PASSPHRASE) -> Callable[[bool], str]:
    return lambda _confirm: passphrase


@pytest.fixture
def make_profile(tmp_path: Path) -> Iterator[Callable[..., tuple[NewProfile, Profile]]]:
    """Create and open profiles under ``tmp_path``; all are closed at teardown."""
    opened: list[Profile] = []

    def factory(
        name: str = "Li Wei", agency: str = "Guangzhou Customs",
        key_storage: KeyStorageChoice = KeyStorageChoice.AUTO, dirname: str | None = None,
    ) -> tuple[NewProfile, Profile]:
        root = tmp_path / (dirname or f"profile-{len(opened)}")
        created = create_profile(root, name=name, agency=agency,
                                 passphrase=fixed_passphrase(), key_storage=key_storage)
        profile = open_profile(root, passphrase=fixed_passphrase())
        opened.append(profile)
        return created, profile

    yield factory
    for profile in opened:
        profile.close()


@pytest.fixture
def real_keyring() -> None:
    """Skip unless a real OS keyring is usable; under CI (``LIAISON_REQUIRE_KEYRING=1``,
    set by scripts/run-tests) its absence is a failure, not a skip."""
    reason = keyring_unusable_reason()
    if reason is None:
        return
    if os.environ.get("LIAISON_REQUIRE_KEYRING") == "1":
        pytest.fail(f"a real Secret Service was expected here: {reason}")
    pytest.skip(f"no real OS keyring: {reason}")
