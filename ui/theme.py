"""Light and dark themes: one stylesheet, two colour palettes.

``resources/styles/liaison.qss`` is written once with named colours
(``@accent``, ``@surface``...); ``resources/styles/<theme>.json`` gives each
name its value. Keeping one stylesheet means a spacing or shape fix lands in
both themes at once, and a palette is a file a designer can edit alone.

The same colours also go into the ``QPalette``, so the widgets the stylesheet
does not reach (message boxes, native dialogs, the busy indicator) match.
Widgets mark what they are with a ``role`` property (``heading``, ``muted``,
``panel``, ``error``...) and the stylesheet styles roles, never object names,
so a new screen looks right by using the same roles.

A stylesheet can only draw a picture from a file (``image: url(...)``), and the
icons in ``resources/icons/`` draw in ``currentColor``. So the stylesheet names
an icon with the colour to draw it in, ``url(icon:check-mark:@on_accent)``, and
the theme writes that tinted copy into the user's cache, named by its content as
compiled translations are (an icon is public artwork: nothing secret reaches the
disk). It used to be a temporary directory per process, removed at exit; a process
that was killed or crashed left its directory in /tmp. Only when the cache cannot
be written does a process fall back to such a directory.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import platformdirs
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from ui.preferences import Theme
from ui.resources import ICONS_DIR, STYLES_DIR

_COLOUR_NAME = re.compile(r"@([a-z][a-z_]*)")
_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
#: ``url(icon:NAME:#rrggbb)``, as left once the colour names are filled in.
_TINTED_ICON = re.compile(r"url\(icon:([a-z][a-z-]*):#([0-9A-Fa-f]{6})\)")
_STYLESHEET = STYLES_DIR / "liaison.qss"


class ThemeError(RuntimeError):
    """A stylesheet names a colour its palette does not define: a packaging bug."""


@dataclass(frozen=True)
class ThemeColours:
    """The named colours of one theme, as ``#rrggbb`` strings."""

    values: dict[str, str]

    def __getitem__(self, name: str) -> str:
        try:
            return self.values[name]
        except KeyError as exc:
            raise ThemeError(f"colour @{name} is not defined by the theme") from exc

    def qcolor(self, name: str) -> QColor:
        return QColor(self[name])


@cache
def load_colours(theme: Theme) -> ThemeColours:
    raw = json.loads((STYLES_DIR / f"{theme}.json").read_text(encoding="utf-8"))
    return ThemeColours({str(name): str(value) for name, value in raw.items()})


def tinted_icons_dir() -> Path:
    return Path(platformdirs.user_cache_dir("liaison", appauthor=False)) / "icons"


@cache
def _fallback_icons_dir() -> Path:
    """Where icons go when the cache cannot be written (a read-only home, a full
    disk): a directory of this process's own, removed at exit."""
    directory = Path(tempfile.mkdtemp(prefix="liaison-icons-"))
    atexit.register(shutil.rmtree, directory, ignore_errors=True)
    return directory


def tinted_icon_file(name: str, colour: str) -> Path:
    """``resources/icons/<name>.svg`` drawn in ``colour`` (``rrggbb``), as a file a
    stylesheet can reference. Its name carries a digest of its content, so any
    process and any version finds its own or writes it (whole, by a rename)."""
    source = ICONS_DIR / f"{name}.svg"
    if not source.is_file():
        raise ThemeError(f"the stylesheet names icon {name!r}, which resources/icons lacks")
    svg = source.read_text(encoding="utf-8").replace("currentColor", f"#{colour}")
    digest = hashlib.sha256(svg.encode("utf-8")).hexdigest()[:16]
    file_name = f"{name}-{colour.lower()}-{digest}.svg"
    target = tinted_icons_dir() / file_name
    if target.is_file():
        return target
    try:
        _write_whole(target, svg)
    except OSError:
        target = _fallback_icons_dir() / file_name
        if not target.is_file():
            _write_whole(target, svg)
    return target


def _write_whole(target: Path, text: str) -> None:
    """Readers (another process starting) see no file or the whole file, never a part."""
    target.parent.mkdir(parents=True, exist_ok=True)
    descriptor, partial = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.",
                                           suffix=".partial")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(partial, target)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise


def render_stylesheet(colours: ThemeColours) -> str:
    """The stylesheet with every ``@name`` replaced by its colour and every
    ``url(icon:NAME:@colour)`` by the file of that icon in that colour."""
    template = _COMMENT.sub("", _STYLESHEET.read_text(encoding="utf-8"))
    coloured = _COLOUR_NAME.sub(lambda match: colours[match.group(1)], template)
    return _TINTED_ICON.sub(
        lambda match: f"url({tinted_icon_file(match.group(1), match.group(2)).as_posix()})",
        coloured)


def build_palette(colours: ThemeColours) -> QPalette:
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: "window",
        QPalette.ColorRole.WindowText: "text",
        QPalette.ColorRole.Base: "surface",
        QPalette.ColorRole.AlternateBase: "panel",
        QPalette.ColorRole.Text: "text",
        QPalette.ColorRole.Button: "surface",
        QPalette.ColorRole.ButtonText: "text",
        QPalette.ColorRole.Highlight: "accent",
        QPalette.ColorRole.HighlightedText: "on_accent",
        QPalette.ColorRole.ToolTipBase: "surface",
        QPalette.ColorRole.ToolTipText: "text",
        QPalette.ColorRole.PlaceholderText: "muted_text",
        QPalette.ColorRole.Link: "accent",
    }
    for role, name in roles.items():
        palette.setColor(role, colours.qcolor(name))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text,
                 QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, colours.qcolor("muted_text"))
    return palette


def apply_theme(app: QApplication, theme: Theme) -> ThemeColours:
    """Switch the whole application to ``theme``; returns its colours for custom painting."""
    colours = load_colours(theme)
    # Set first: widgets re-tint their icons on the PaletteChange that follows.
    app.setProperty("liaisonTheme", str(theme))
    # The palette before the stylesheet: setting a stylesheet re-polishes every widget,
    # and the style sheet style keeps the palette it finds then. In the other order a
    # runtime switch left text edits (the composer) painting the old theme's Base and
    # Text (issue 11, item 1).
    app.setPalette(build_palette(colours))
    app.setStyleSheet(render_stylesheet(colours))
    return colours


def current_colours(app: QApplication) -> ThemeColours:
    """Colours of the theme in force, for delegates that paint by hand."""
    value = app.property("liaisonTheme")
    theme = Theme(value) if value in Theme._value2member_map_ else Theme.LIGHT
    return load_colours(theme)
