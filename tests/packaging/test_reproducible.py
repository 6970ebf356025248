"""Two builds of one commit give byte-identical artefacts (issue 12, item 3).

The second build runs unsigned, in its own work directory, so the test also checks that
an unsigned build says so and writes no signature. Nothing is excluded from the
comparison: if a difference ever appears, name it here and explain it in docs/INSTALL.md
("Reproducible builds").
"""

from __future__ import annotations

import hashlib
import json
import tarfile
from pathlib import Path

import pytest

from tests.packaging.release_build import Release, run_build

pytestmark = pytest.mark.slow


def _digests(directory: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(directory.iterdir()) if not p.name.endswith(".minisig")}


def _built_from(release: Release) -> dict[str, object]:
    """The build record inside the bundle: commit (``-dirty`` if the tree had changes)."""
    with tarfile.open(release.artefact("liaison-desktop-*.tar.gz")) as tar:
        member = tar.extractfile("liaison/_internal/build-info.json")
        assert member is not None
        record: dict[str, object] = json.load(member)
    return record


def test_building_twice_gives_identical_artefacts(release: Release, tmp_path: Path) -> None:
    again = run_build(tmp_path / "dist", tmp_path / "work", key=None)
    if _built_from(again) != _built_from(release):
        pytest.fail("the worktree changed between the two builds (a commit or an edit while "
                    f"the test ran): {_built_from(release)} vs {_built_from(again)}")
    assert "UNSIGNED" in again.log
    assert not (again.out / "SHA256SUMS.minisig").exists()
    assert not (again.out / "liaison-update.json.minisig").exists()
    # Signatures are the only difference between a signed and an unsigned build of one commit.
    first, second = _digests(release.out), _digests(again.out)
    different = sorted(name for name in first if first[name] != second.get(name))
    assert different == []
    assert first == second
