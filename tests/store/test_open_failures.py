"""Issue 10: a full disk at open, a truncated database and one flipped byte in a page
are three different failures, each one line from a real ``liaison`` process, none
called a wrong passphrase, and none changes a byte of the database."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from liaison_client.errors import (
    StorageFullAtOpenError,
    StorePageDamagedError,
    StoreTruncatedError,
)
from liaison_client.store.layout import ProfileLayout
from tests.cli.test_channel_commands import assert_one_line_error, liaison, ok
from tests.fixtures import cli
from tests.fixtures.filesystems import TinyFilesystem

PAGE = 4096


@pytest.fixture
def tiny_filesystem(tiny_filesystem_of: TinyFilesystem) -> Path:
    """A 1 MiB tmpfs: a real ENOSPC."""
    return tiny_filesystem_of("1m")


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real profile (SQLCipher database, passphrase-wrapped key) with a few pages in use."""
    root = tmp_path_factory.mktemp("pristine") / "profile"
    ok(root, "init", "--name", "Li Wei", "--agency", "Guangzhou Customs",
       "--key-storage", "passphrase", "--json")
    ok(root, "channel", "create", "Op Jade")
    assert json.loads(ok(root, "whoami", "--json"))["name"] == "Li Wei"
    return root


@pytest.fixture
def profile(pristine: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "profile"
    shutil.copytree(pristine, copy)
    return copy


def database(root: Path) -> Path:
    return ProfileLayout(root).database


def refused(root: Path, error: type[Exception], words: str) -> None:
    before = database(root).read_bytes()
    result = liaison(root, "whoami")
    assert_one_line_error(result)
    assert words in result.stderr
    assert "passphrase" not in result.stderr
    assert result.returncode == error.exit_code  # type: ignore[attr-defined]
    assert database(root).read_bytes() == before


def test_a_truncated_database_is_called_truncated(profile: Path) -> None:
    data = database(profile).read_bytes()
    assert len(data) > 3 * PAGE
    database(profile).write_bytes(data[: len(data) // 2 + 100])
    refused(profile, StoreTruncatedError, "is truncated")


def test_a_database_cut_at_a_page_boundary_is_called_truncated(profile: Path) -> None:
    database(profile).write_bytes(database(profile).read_bytes()[:PAGE])
    refused(profile, StoreTruncatedError, "is truncated")


@pytest.mark.parametrize("page", [1, 3, -1])
def test_one_flipped_byte_in_a_page_is_called_damaged_not_a_traceback(
        profile: Path, page: int) -> None:
    data = bytearray(database(profile).read_bytes())
    start = (len(data) // PAGE - 1) * PAGE if page == -1 else (page - 1) * PAGE
    data[start + 300] ^= 0x01
    database(profile).write_bytes(bytes(data))
    refused(profile, StorePageDamagedError, "is damaged")
    # Every command meets the same line, not a traceback when a query reaches the page.
    assert_one_line_error(liaison(profile, "channel", "list"))


def test_a_full_disk_at_open_is_called_a_full_disk(pristine: Path,
                                                    tiny_filesystem: Path) -> None:
    root = tiny_filesystem / "profile"
    shutil.copytree(pristine, root)
    filler = tiny_filesystem / "filler"
    with filler.open("wb") as out:
        try:
            out.write(b"\0" * shutil.disk_usage(tiny_filesystem).free)
            out.flush()
        except OSError:
            pass  # ENOSPC: exactly what was wanted
    refused(root, StorageFullAtOpenError, "disk full")
    filler.unlink()
    assert json.loads(ok(root, "whoami", "--json"))["name"] == "Li Wei"


def test_the_wrong_passphrase_is_still_called_that(profile: Path) -> None:
    result = cli.liaison("--profile", str(profile), "whoami",
                         passphrase="not the passphrase at all")
    assert_one_line_error(result)
    assert "wrong passphrase" in result.stderr
