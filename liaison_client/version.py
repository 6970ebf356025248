"""Which Liaison this is: the one place the version is read.

The version is written once, in ``pyproject.toml``; an installed Liaison (wheel,
editable checkout) carries it in its package metadata, which is read here rather
than copied into the code, so the About dialog can never name a release other
than the one installed. Used by the desktop app's About dialog and ``liaison --version``.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

#: The distribution name in ``pyproject.toml``.
DISTRIBUTION = "liaison"
#: Shown when Liaison runs from a source tree that was never installed (no metadata):
#: a PEP 440 version that sorts below every release and says it is unknown.
UNKNOWN_VERSION = "0+unknown"


def app_version() -> str:
    """The installed Liaison's version, or :data:`UNKNOWN_VERSION` when not installed."""
    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:
        return UNKNOWN_VERSION
