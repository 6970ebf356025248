"""One signed release build per test session (slow), with a throwaway minisign key."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.packaging.release_build import Release, run_build
from tests.provenance.conftest import MinisignKeyPair, make_key_pair


@pytest.fixture(scope="session")
def release_key(tmp_path_factory: pytest.TempPathFactory) -> MinisignKeyPair:
    return make_key_pair(tmp_path_factory.mktemp("release-key"))


@pytest.fixture(scope="session")
def release(tmp_path_factory: pytest.TempPathFactory, release_key: MinisignKeyPair) -> Release:
    base = tmp_path_factory.mktemp("release")
    return run_build(base / "dist", base / "work", release_key.secret)


@pytest.fixture(scope="session")
def unpacked_deb(release: Release, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The .deb unpacked with ``dpkg -x`` into a throwaway root."""
    import subprocess

    root = tmp_path_factory.mktemp("deb-root")
    subprocess.run(["dpkg", "-x", str(release.artefact("liaison_*_amd64.deb")), str(root)],
                   check=True, timeout=120)
    return root
