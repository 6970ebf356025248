"""Desktop timeline benchmark: start-up to the main window with a 100,000-message
profile, and the cost of each older page while scrolling up.

Run by hand (no display needed):

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m bench.ui_timeline [--messages 100000]

* **Start-up**: a fresh Python process (``--child``) imports the app, opens the
  profile (SQLCipher, Argon2id passphrase unwrap), shows the main window with
  the 100,000-message operation selected, and reports when the newest page is
  painted; timed from just before the process was spawned.
* **Scroll**: in-process, the shown timeline is scrolled to its top again and
  again; each step is one older page read on the service thread, merged into
  the model, laid out and painted.

Figures go to the "Desktop app" section of docs/PERFORMANCE.md.
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

PASSPHRASE = "correct horse battery staple 42"
CHANNEL_NAME = "Op Jade 翡翠行动"


def seed_profile(root: Path, count: int) -> None:
    from liaison_client.profile import KeyStorageChoice, create_profile, open_profile
    from liaison_client.store.records import MessageRecord, MessageState
    from liaison_client.workspace import Workspace

    create_profile(root, name="Li Wei", agency="广州海关 Guangzhou Customs",
                   passphrase=lambda _confirm: PASSPHRASE, key_storage=KeyStorageChoice.PASSPHRASE)
    profile = open_profile(root, passphrase=lambda _confirm: PASSPHRASE)
    try:
        with Workspace(profile, None) as workspace:
            channel_id = workspace.create_channel(CHANNEL_NAME).channel_id
        base = int(time.time() * 1000) - count * 1000
        tail = " 集装箱 MSKU 查验 and inspection notes"
        with profile.store.transaction() as store:
            store.messages.add_many(
                MessageRecord(
                    message_id=f"m-{n:06d}", channel_id=channel_id,
                    sender_device_id=profile.device_id if n % 2 else "DEVICE-OTHER",
                    sent_at_ms=base + n * 1000, kind="text",
                    body=f"Message {n}: 货物申报 cargo declaration {n}{tail * (n % 4)}",
                    state=MessageState.DELIVERED if n % 2 else MessageState.RECEIVED,
                    received_at_ms=base + n * 1000 + 10, read=True)
                for n in range(count))
    finally:
        profile.close()


def child(root: Path, spawned_at: float) -> None:
    """Runs in the fresh process: prints one JSON line of timestamps (s since spawn)."""
    marks: dict[str, float] = {"interpreter": time.time() - spawned_at}
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from liaison_client.profile import open_profile
    from liaison_client.workspace import Workspace
    from ui.app import create_application
    from ui.appearance import Appearance
    from ui.main_window.main_window import MainWindow
    from ui.operations import wait_for_background_work

    marks["imports"] = time.time() - spawned_at
    app = create_application([sys.argv[0]])
    settings = QSettings(str(root.parent / "ui.ini"), QSettings.Format.IniFormat)
    appearance = Appearance(app, settings)
    appearance.apply_saved()
    marks["qapplication"] = time.time() - spawned_at
    unlock_started = time.time()
    profile = open_profile(root, passphrase=lambda _confirm: PASSPHRASE)
    marks["unlock_kdf_and_open"] = time.time() - unlock_started
    workspace = Workspace(profile, None)
    window = MainWindow(profile, appearance, workspace)
    window.show()
    app.processEvents()
    marks["window_shown"] = time.time() - spawned_at
    done = {"painted": False}

    def open_channel() -> None:
        channel = window.operations_panel.model.channel_at(0)
        window.operations_panel.select(channel.channel_id)
        timeline = window.timeline_panel.timeline
        assert timeline is not None

        def painted(_rows: int) -> None:
            window.timeline_panel.list_view.viewport().repaint()
            marks["newest_page_painted"] = time.time() - spawned_at
            marks["rows_loaded"] = timeline.rowCount()
            done["painted"] = True

        timeline.page_loaded.connect(painted)

    window.operations_loaded.connect(open_channel)
    deadline = time.time() + 30
    while not done["painted"] and time.time() < deadline:
        app.processEvents()
        time.sleep(0.001)
    print(json.dumps(marks), flush=True)
    window.close()
    wait_for_background_work()
    workspace.close()
    profile.close()
    QApplication.processEvents()


def startup(root: Path, runs: int) -> list[dict[str, float]]:
    results = []
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    for _ in range(runs):
        spawned = time.time()
        out = subprocess.run(
            [sys.executable, "-m", "bench.ui_timeline", "--child", str(root), str(spawned)],
            check=True, capture_output=True, text=True, env=env)
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return results


def scroll(root: Path, pages: int) -> list[float]:
    from PySide6.QtCore import QEventLoop, QSettings, QTimer

    from liaison_client.profile import open_profile
    from liaison_client.workspace import Workspace
    from ui.app import create_application
    from ui.appearance import Appearance
    from ui.main_window.main_window import MainWindow
    from ui.operations import wait_for_background_work

    app = create_application([sys.argv[0]])
    appearance = Appearance(app, QSettings(str(root.parent / "ui.ini"),
                                           QSettings.Format.IniFormat))
    profile = open_profile(root, passphrase=lambda _confirm: PASSPHRASE)
    workspace = Workspace(profile, None)
    window = MainWindow(profile, appearance, workspace)
    window.show()

    def wait_for(signal: object) -> None:
        loop = QEventLoop()
        signal.connect(loop.quit)  # type: ignore[attr-defined]
        QTimer.singleShot(30_000, loop.quit)
        loop.exec()

    wait_for(window.operations_loaded)
    channel = window.operations_panel.model.channel_at(0)
    window.operations_panel.select(channel.channel_id)
    timeline = window.timeline_panel.timeline
    assert timeline is not None
    wait_for(timeline.page_loaded)
    view = window.timeline_panel.list_view
    costs = []
    for _ in range(pages):
        started = time.perf_counter()
        view.verticalScrollBar().setValue(0)  # the officer reaches the top
        wait_for(timeline.page_loaded)
        view.viewport().repaint()
        costs.append((time.perf_counter() - started) * 1000)
    rows = timeline.rowCount()
    report("scroll up", costs)
    down: list[float] = []
    while timeline.has_newer and len(down) < pages:
        started = time.perf_counter()
        bar = view.verticalScrollBar()
        bar.setValue(bar.maximum())  # the officer reaches the bottom of what is loaded
        wait_for(timeline.page_loaded)
        view.viewport().repaint()
        down.append((time.perf_counter() - started) * 1000)
    if down:
        report("scroll down again", down)
    window.close()
    wait_for_background_work()
    workspace.close()
    profile.close()
    print(f"rows loaded after {pages} pages: {rows}")
    return costs


def report(what: str, costs: list[float]) -> None:
    """Median and p95 over the whole run, and over its last 10 pages (flat or growing?)."""
    def line(values: list[float]) -> str:
        ordered = sorted(values)
        p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
        return (f"median {statistics.median(ordered):.1f} ms, p95 {p95:.1f} ms, "
                f"max {ordered[-1]:.1f} ms")
    print(f"{what}: {len(costs)} pages of 200, {line(costs)}; "
          f"last 10 pages: {line(costs[-10:])}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pages", type=int, default=30)
    parser.add_argument("--only", choices=("startup", "scroll"))
    parser.add_argument("--child", nargs=2, metavar=("ROOT", "SPAWNED_AT"))
    args = parser.parse_args()
    if args.child:
        child(Path(args.child[0]), float(args.child[1]))
        return
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "profile"
        started = time.perf_counter()
        seed_profile(root, args.messages)
        print(f"seeded {args.messages:,} messages in {time.perf_counter() - started:.1f} s")
        if args.only in (None, "startup"):
            runs = startup(root, args.runs)
            for key in runs[0]:
                values = [run[key] for run in runs]
                print(f"startup {key:>22}: median {statistics.median(values):.3f}"
                      f"  min {min(values):.3f}  max {max(values):.3f}")
        if args.only in (None, "scroll"):
            scroll(root, args.pages)


if __name__ == "__main__":
    main()
