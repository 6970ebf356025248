"""Desktop timeline benchmark: start-up to the main window with a 100,000-message
profile, and the cost of each older page while scrolling up.

Run by hand (no display needed):

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m bench.ui_timeline [--messages 100000]

* **Start-up**: a fresh Python process (``--child``) starts as ``ui/app.py`` does:
  the profile probe (Argon2id passphrase unwrap, SQLCipher) begins on its thread
  before Qt is imported, then the real Launcher shows the main window; the
  100,000-message operation is selected and the newest page painted. Timed from
  just before the process was spawned.
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


def seed_profile(root: Path, count: int, *, keyring: bool = False) -> None:
    """``keyring``: the database key in the OS keyring (run under a Secret Service,
    e.g. /tmp/kr.sh), else wrapped under :data:`PASSPHRASE` with Argon2id."""
    from liaison_client.profile import KeyStorageChoice, create_profile, open_profile
    from liaison_client.store.records import MessageRecord, MessageState
    from liaison_client.workspace import Workspace

    create_profile(root, name="Li Wei", agency="广州海关 Guangzhou Customs",
                   passphrase=lambda _confirm: PASSPHRASE,
                   key_storage=KeyStorageChoice.KEYRING if keyring else KeyStorageChoice.PASSPHRASE)
    profile = open_profile(root, passphrase=lambda _confirm: PASSPHRASE)
    try:
        with Workspace(profile, None) as workspace:
            channel_id = workspace.channels.create(CHANNEL_NAME).channel_id
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


def child(root: Path, spawned_at: float, overlap: bool) -> None:
    """Runs in the fresh process, the way ``ui/app.py`` starts: the profile probe
    begins before Qt is imported (passphrase as ``LIAISON_PASSPHRASE`` gives it), then
    the real Launcher shows the main window. Prints one JSON line of seconds since
    spawn."""
    marks: dict[str, float] = {"interpreter": time.time() - spawned_at}
    from ui.profile_probe import ProfileProbe

    # A keyring profile asks for nothing (the probe would refuse to ask).
    passphrase = None if os.environ.get("BENCH_KEYRING") else PASSPHRASE
    if overlap:
        probe = ProfileProbe(root, passphrase)
        probe_started = time.monotonic()
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from ui.app import create_application
    from ui.appearance import Appearance
    from ui.launcher import Launcher
    from ui.main_window.main_window import MainWindow

    marks["imports"] = time.time() - spawned_at
    app = create_application([sys.argv[0]])
    settings = QSettings(str(root.parent / "ui.ini"), QSettings.Format.IniFormat)
    appearance = Appearance(app, settings)
    appearance.apply_saved()
    marks["qapplication"] = time.time() - spawned_at
    if not overlap:  # as before: the profile opened once Qt and the app were up
        probe = ProfileProbe(root, passphrase)
        probe_started = time.monotonic()
    launcher = Launcher(root, appearance, ui_settings=settings, probe=probe)
    done = {"painted": False}

    def shown(window: MainWindow) -> None:
        marks["window_shown"] = time.time() - spawned_at
        assert probe.finished_at is not None
        marks["probe_kdf_and_open_alone"] = probe.finished_at - probe_started
        marks["probe_done"] = time.time() - spawned_at - (time.monotonic() - probe.finished_at)

        def open_channel() -> None:
            channel = window.operations_screen.model.channel_at(0)
            window.operations_screen.select(channel.channel_id)
            timeline = window.timeline_screen.timeline
            assert timeline is not None

            def painted(_rows: int) -> None:
                if done["painted"]:
                    return
                window.timeline_screen.list_view.viewport().repaint()
                marks["newest_page_painted"] = time.time() - spawned_at
                marks["rows_loaded"] = timeline.rowCount()
                done["painted"] = True

            timeline.page_loaded.connect(painted)

        window.operations_loaded.connect(open_channel)

    launcher.main_window_shown.connect(shown)
    launcher.start()
    deadline = time.time() + 30
    while not done["painted"] and time.time() < deadline:
        app.processEvents()
        time.sleep(0.001)
    print(json.dumps(marks), flush=True)
    launcher.shutdown()
    QApplication.processEvents()


def startup(root: Path, runs: int) -> dict[str, list[dict[str, float]]]:
    """``runs`` start-ups each way, alternating (a busy machine then slows both alike):
    the probe overlapping the imports (the app), and started after them (before)."""
    results: dict[str, list[dict[str, float]]] = {"overlapped": [], "sequential": []}
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    for _ in range(runs):
        for way in results:
            spawned = time.time()
            out = subprocess.run(
                [sys.executable, "-m", "bench.ui_timeline", "--child", str(root), str(spawned),
                 way], check=True, capture_output=True, text=True, env=env)
            results[way].append(json.loads(out.stdout.strip().splitlines()[-1]))
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
    channel = window.operations_screen.model.channel_at(0)
    window.operations_screen.select(channel.channel_id)
    timeline = window.timeline_screen.timeline
    assert timeline is not None
    wait_for(timeline.page_loaded)
    view = window.timeline_screen.list_view
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
    parser.add_argument("--keyring", action="store_true",
                        help="a keyring profile (needs a Secret Service: /tmp/kr.sh)")
    parser.add_argument("--child", nargs=3, metavar=("ROOT", "SPAWNED_AT", "WAY"))
    args = parser.parse_args()
    if args.child:
        child(Path(args.child[0]), float(args.child[1]), args.child[2] == "overlapped")
        return
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "profile"
        started = time.perf_counter()
        seed_profile(root, args.messages, keyring=args.keyring)
        if args.keyring:
            os.environ["BENCH_KEYRING"] = "1"  # read by the child processes
        print(f"seeded {args.messages:,} messages in {time.perf_counter() - started:.1f} s")
        if args.only in (None, "startup"):
            for way, runs in startup(root, args.runs).items():
                for key in runs[0]:
                    values = [run[key] for run in runs]
                    print(f"startup {way:>10} {key:>24}: median "
                          f"{statistics.median(values):.3f}  min {min(values):.3f}"
                          f"  max {max(values):.3f}")
        if args.only in (None, "scroll"):
            scroll(root, args.pages)


if __name__ == "__main__":
    main()
