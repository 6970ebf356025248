"""The suite's root conftest: loads the shared fixtures of tests/fixtures/.

Profiles are real: a SQLCipher database, real key custody. Under
``scripts/run-tests`` each test process has a real Secret Service (gnome-keyring,
tests/fixtures/keyring_service.py), so ``auto`` key storage picks the OS keyring;
tests that need the passphrase path ask for it explicitly.
"""

from __future__ import annotations

from tests.fixtures.passphrases import TEST_PASSPHRASE, fixed_passphrase

pytest_plugins = ["tests.fixtures.keyring_service", "tests.fixtures.profiles",
                  "tests.fixtures.postgres", "tests.fixtures.relay", "tests.fixtures.layers",
                  "tests.fixtures.filesystems", "tests.fixtures.provisioning"]

__all__ = ["TEST_PASSPHRASE", "fixed_passphrase"]
