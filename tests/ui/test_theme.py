"""Themes: one stylesheet, every colour it names defined by every palette."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from ui.preferences import Theme
from ui.resources import STYLES_DIR
from ui.theme import (
    ThemeColours,
    ThemeError,
    apply_theme,
    load_colours,
    render_stylesheet,
    tinted_icon_file,
)


@pytest.mark.parametrize("theme", list(Theme))
def test_every_colour_the_stylesheet_names_is_defined(theme: Theme) -> None:
    rendered = render_stylesheet(load_colours(theme))
    assert re.search(r"@[a-z]", rendered) is None


def test_both_palettes_define_the_same_names() -> None:
    assert load_colours(Theme.LIGHT).values.keys() == load_colours(Theme.DARK).values.keys()


def test_an_undefined_colour_is_a_theme_error() -> None:
    with pytest.raises(ThemeError, match="is not defined by the theme"):
        render_stylesheet(ThemeColours({}))


def test_applying_a_theme_sets_palette_and_stylesheet(themed_app: QApplication) -> None:
    try:
        colours = apply_theme(themed_app, Theme.DARK)
        assert themed_app.palette().window().color().name() == colours["window"].lower()
        assert colours["accent"] in themed_app.styleSheet()
    finally:
        apply_theme(themed_app, Theme.LIGHT)


def test_styles_directory_holds_the_stylesheet_and_both_palettes() -> None:
    assert {p.name for p in STYLES_DIR.iterdir()} >= {"liaison.qss", "light.json", "dark.json"}


@pytest.mark.parametrize("theme", list(Theme))
def test_the_check_mark_is_a_file_tinted_in_the_themes_colour(theme: Theme) -> None:
    colours = load_colours(theme)
    [path] = re.findall(r"image: url\(([^)]*check-mark[^)]*)\);", render_stylesheet(colours))[:1]
    svg = Path(path).read_text(encoding="utf-8")
    assert colours["on_accent"] in svg
    assert "currentColor" not in svg


def test_a_tinted_icon_is_kept_in_the_users_cache_under_its_content(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    first = tinted_icon_file("check-mark", "1C1E21")
    assert first.parent == tmp_path / "liaison" / "icons"
    assert "#1C1E21" in first.read_text(encoding="utf-8")
    written = first.stat().st_ino
    assert tinted_icon_file("check-mark", "1C1E21") == first
    assert first.stat().st_ino == written  # found, not written again
    other = tinted_icon_file("check-mark", "FFFFFF")
    assert other != first
    assert sorted(p.name for p in first.parent.iterdir()) == sorted([first.name, other.name])


def test_a_cache_that_cannot_be_written_falls_back_to_a_directory_of_the_process(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    not_a_directory = tmp_path / "cache"
    not_a_directory.write_text("a file where the cache should be", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(not_a_directory))
    icon = tinted_icon_file("check-mark", "2B5BD7")
    assert not icon.is_relative_to(tmp_path)
    assert "#2B5BD7" in icon.read_text(encoding="utf-8")
    assert not [p for p in icon.parent.iterdir() if p.name.endswith(".partial")]


def test_a_stylesheet_icon_missing_from_resources_is_a_theme_error() -> None:
    with pytest.raises(ThemeError, match="'no-such-icon'"):
        tinted_icon_file("no-such-icon", "FFFFFF")
