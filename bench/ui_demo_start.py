"""Demo start: how long until the first window, and until the main window (issue 11, item 13).

Each run is a fresh process (``--child``) that starts the desktop app's own path
(``ui.app.create_application``, ``Appearance``, the start screen, ``Launcher(demo=True)``,
in ``ui/app.py``'s order) offscreen and
records, from the moment the process started, when the first top-level window was
shown and when the main window was shown, then quits. "First launch" uses a fresh
demo directory (relay started, two profiles created: Argon2id, keys published);
"second launch" reuses it. Usage::

    .venv/bin/python bench/ui_demo_start.py [--runs 3]
    PYTHONPATH=/path/to/older/checkout .venv/bin/python bench/ui_demo_start.py --runs 3

(the second form measures an older tree with the same interpreter: the "before"
figures in docs/PERFORMANCE.md). Figures: docs/PERFORMANCE.md, "Demo start".
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROCESS_START = time.perf_counter()


def child(demo_dir: Path, settings_dir: Path) -> int:
    """Run the app's start path and print when windows appeared (seconds since start)."""
    from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
    from PySide6.QtWidgets import QWidget

    from ui.app import create_application
    from ui.appearance import Appearance

    app = create_application([sys.argv[0]])
    seen: dict[str, object] = {}

    class Watcher(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt)
            if (event.type() == QEvent.Type.Show and isinstance(watched, QWidget)
                    and watched.isWindow() and "first_window_s" not in seen):
                seen["first_window_s"] = time.perf_counter() - PROCESS_START
                seen["first_window_title"] = watched.windowTitle()
            return False

    watcher = Watcher(app)
    app.installEventFilter(watcher)
    ui_settings = QSettings(str(settings_dir / "ui.ini"), QSettings.Format.IniFormat)
    appearance = Appearance(app, ui_settings)
    appearance.apply_saved()
    # As ui/app.py does for --demo: the start screen before the rest of the app is
    # imported (an older tree without one goes straight on).
    extra: dict[str, object] = {}
    try:
        from ui.startup.starting_screen import StartingScreen
    except ImportError:
        pass
    else:
        extra["starting"] = StartingScreen(demo=True)
        extra["starting"].show()  # type: ignore[attr-defined]
        app.processEvents()
    from ui.launcher import Launcher

    launcher = Launcher(demo_dir, appearance, demo=True, ui_settings=ui_settings,
                        **extra)  # type: ignore[arg-type]

    def main_window_shown(_window: object) -> None:
        seen["main_window_s"] = time.perf_counter() - PROCESS_START
        QTimer.singleShot(0, app.quit)

    launcher.main_window_shown.connect(main_window_shown)
    QTimer.singleShot(120_000, app.quit)  # bounded: a hung start ends the run
    launcher.start()
    app.exec()
    if launcher.main_window is not None:
        launcher.main_window.close()
    launcher.shutdown()
    print(json.dumps(seen))
    return 0


def one_run(demo_dir: Path, settings_dir: Path) -> dict[str, float]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, __file__, "--child", str(demo_dir), str(settings_dir)],
        env=env, check=True, capture_output=True, text=True, timeout=180)
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", nargs=2, metavar=("DEMO_DIR", "SETTINGS_DIR"))
    args = parser.parse_args()
    if args.child:
        return child(Path(args.child[0]), Path(args.child[1]))
    firsts: list[dict[str, float]] = []
    seconds: list[dict[str, float]] = []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as home:
            demo, settings = Path(home) / "demo", Path(home)
            firsts.append(one_run(demo, settings))
            seconds.append(one_run(demo, settings))
    for name, runs in (("first launch", firsts), ("second launch", seconds)):
        first = statistics.median(float(r["first_window_s"]) for r in runs)
        main_window = statistics.median(float(r["main_window_s"]) for r in runs)
        print(f"{name}: first window {first:.2f} s ({runs[0]['first_window_title']!r}), "
              f"main window {main_window:.2f} s, median of {args.runs}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
