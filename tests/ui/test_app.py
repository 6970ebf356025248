"""``liaison-desktop`` arguments: where the demo lives."""

from __future__ import annotations

from pathlib import Path

import pytest

from liaison_client.store.layout import PROFILE_ENV, resolve_profile_dir
from ui.app import build_parser, demo_dir


def test_the_demo_lives_beside_the_default_profile_never_in_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(PROFILE_ENV, raising=False)
    default = resolve_profile_dir(None)
    assert demo_dir(None) == default.parent / "demo"
    assert demo_dir(None) != default


def test_an_explicit_directory_is_used_for_the_demo(tmp_path: Path) -> None:
    args = build_parser().parse_args(["--demo", "--profile", str(tmp_path / "d")])
    assert args.demo
    assert demo_dir(args.profile) == tmp_path / "d"
