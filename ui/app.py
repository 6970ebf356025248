"""``liaison-desktop [--profile DIR]``: the desktop app's entry point.

It resolves the profile directory exactly like the CLI
(``--profile``, then ``$LIAISON_PROFILE``, then the user data directory),
sets up fonts, theme and language, and hands over to :class:`Launcher`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from liaison_client.store.layout import resolve_profile_dir
from ui.appearance import Appearance
from ui.fonts import apply_interface_font
from ui.icons import application_icon
from ui.launcher import Launcher

APPLICATION_NAME = "Liaison"
ORGANISATION_NAME = "Liaison"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="liaison-desktop",
        description="Liaison desktop: end-to-end encrypted channels for customs liaison officers.",
    )
    parser.add_argument(
        "--profile", metavar="DIR",
        help="profile directory (default: $LIAISON_PROFILE, else the user data directory)",
    )
    return parser


def create_application(qt_argv: Sequence[str]) -> QApplication:
    QApplication.setApplicationName(APPLICATION_NAME)
    QApplication.setOrganizationName(ORGANISATION_NAME)
    QApplication.setDesktopFileName("liaison-desktop")
    app = QApplication(list(qt_argv))
    app.setWindowIcon(application_icon())
    # Start-up screens come and go before the main window: quit explicitly instead.
    app.setQuitOnLastWindowClosed(False)
    apply_interface_font(app)
    return app


def main(argv: Sequence[str] | None = None) -> int:
    args, qt_args = build_parser().parse_known_args(
        sys.argv[1:] if argv is None else list(argv))
    root = resolve_profile_dir(args.profile)
    app = create_application([sys.argv[0], *qt_args])
    appearance = Appearance(app, QSettings())
    appearance.apply_saved()
    launcher = Launcher(root, appearance)
    launcher.quit_requested.connect(app.quit)
    launcher.start()
    code = app.exec()
    launcher.shutdown()
    return code


if __name__ == "__main__":
    sys.exit(main())
