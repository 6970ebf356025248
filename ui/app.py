"""``liaison-desktop [--profile DIR] [--demo]``: the desktop app's entry point.

It resolves the profile directory exactly like the CLI
(``--profile``, then ``$LIAISON_PROFILE``, then the user data directory),
starts opening the profile on a helper thread *before* importing Qt (so the
Argon2id unwrap overlaps the imports; ``ui/profile_probe.py``), sets up fonts,
theme and language, and hands over to :class:`~ui.launcher.Launcher`. Qt is
therefore imported inside the functions below, not at the top.

``--demo`` opens the demo workspace instead (embedded relay, a demo officer;
:mod:`liaison_client.demo_workspace`), in ``--profile DIR`` if given, else in a
``demo`` directory beside the default profile: never in a real profile.
``scripts/run-app`` without arguments runs the demo, so a newcomer following
the README sees a live exchange at once; officers run ``liaison-desktop``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from liaison_client.profile import resolve_profile_dir
from ui.profile_probe import ProfileProbe, take_passphrase_from_environment

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

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
    parser.add_argument(
        "--demo", action="store_true",
        help="open the demo workspace: a local relay and a demo officer, clearly marked "
             "(in --profile DIR if given, else beside the default profile)",
    )
    parser.add_argument(
        "--smoke-test", action="store_true",
        help="quit as soon as the first window is shown, printing its title "
             "(packaging checks that a bundle starts; docs/INSTALL.md)",
    )
    return parser


def demo_dir(explicit: str | None) -> Path:
    """Where the demo workspace lives: ``--profile DIR``, else ``demo`` beside the
    default profile (so it never mixes with a real one)."""
    if explicit:
        return Path(explicit).expanduser().absolute()
    return resolve_profile_dir(None).parent / "demo"


def create_application(qt_argv: Sequence[str]) -> QApplication:
    from PySide6.QtWidgets import QApplication

    from ui.fonts import apply_interface_font
    from ui.icons import application_icon

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
    root = demo_dir(args.profile) if args.demo else resolve_profile_dir(args.profile)
    # The profile starts opening now, on a helper thread (Argon2id, keyring, SQLCipher),
    # and Qt and the app are imported meanwhile: see ui/profile_probe.py.
    # Read (and removed from the environment) in the demo too: a child process such as
    # the demo's embedded relay must never inherit a passphrase.
    passphrase = take_passphrase_from_environment()
    probe = None if args.demo else ProfileProbe(root, passphrase)
    from PySide6.QtCore import QSettings

    from ui.appearance import Appearance

    app = create_application([sys.argv[0], *qt_args])
    ui_settings = QSettings()
    appearance = Appearance(app, ui_settings)
    appearance.apply_saved()
    starting = None
    if args.demo:
        # The demo's start screen goes up before the rest of the app is imported
        # (~0.5 s more here); the launcher takes it over (issue 11, item 13).
        from ui.startup.starting_screen import StartingScreen

        starting = StartingScreen(demo=True)
        starting.show()
        app.processEvents()
    from ui.launcher import Launcher

    launcher = Launcher(root, appearance, demo=args.demo, ui_settings=ui_settings,
                        probe=probe, starting=starting)
    launcher.quit_requested.connect(app.quit)
    if args.smoke_test:
        from ui.smoke_test import quit_after_first_window

        quit_after_first_window(app)
    launcher.start()
    code = app.exec()
    launcher.shutdown()
    return code


if __name__ == "__main__":
    sys.exit(main())
