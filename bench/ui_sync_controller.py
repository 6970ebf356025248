"""Desktop sync controller: does a send wait for the relay long-poll?

Run by hand:  QT_QPA_PLATFORM=offscreen .venv/bin/python -m bench.ui_sync_controller [--sends 30]

Real everything: the embedded relay process (``liaison_client.local_relay``),
the demo's two SQLCipher profiles, vodozemac, the app's one service thread
(``ui/operations.py``) and :class:`ui.sync.controller.SyncController`. With the
controller idle in its 25 s long-poll (on its network-only helper thread), each
send is submitted as the composer submits it, a ``ServiceOp`` calling
``Workspace.sending.send_text`` (encrypt, store, post), and timed from submission to
its result arriving back on the GUI thread. Figures go to docs/PERFORMANCE.md,
"Desktop app".
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from liaison_client.demo_workspace import open_demo
from liaison_client.sync.connection import ConnectionState
from liaison_client.workspace import SendOutcome, Workspace
from ui.operations import ServiceOp, wait_for_background_work
from ui.sync.controller import SyncController


def spin_until(condition: Callable[[], bool], timeout: float) -> None:
    """Run the GUI event loop until ``condition`` holds (polled every 2 ms).

    A local QEventLoop with a polling QTimer, like pytest-qt's ``waitUntil``:
    calling ``processEvents(flags, maxtime)`` in a tight Python loop crashed
    PySide6 6.12 here after a few thousand calls ("deallocating None")."""
    loop = QEventLoop()
    deadline = time.monotonic() + timeout
    poll = QTimer()
    poll.setInterval(2)

    def check() -> None:
        if condition() or time.monotonic() > deadline:
            loop.quit()

    poll.timeout.connect(check)
    poll.start()
    if not condition():
        loop.exec()
    poll.stop()
    if not condition():
        raise TimeoutError("condition not reached")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sends", type=int, default=30)
    args = parser.parse_args()
    app = QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        demo = open_demo(Path(tmp) / "demo")
        workspace = Workspace.for_profile(demo.profile)
        controller = SyncController(demo.profile, workspace)
        controller.start()
        spin_until(lambda: controller.state == ConnectionState.ONLINE, 30)
        channel_id = demo.officer.channel_id
        timings: list[float] = []
        for number in range(args.sends):
            spin_until(lambda: controller.waiting_on_relay, 30)
            done: list[SendOutcome] = []
            started = time.perf_counter()
            text = f"bench message {number}"
            ServiceOp(controller, partial(workspace.sending.send_text, channel_id, text)) \
                .success(done.append).run_in_background()
            spin_until(partial(bool, done), 30)
            timings.append((time.perf_counter() - started) * 1000)
            assert done[0].accepted, done[0].problem
            assert controller.waiting_on_relay, "the long-poll ended during the send"
        controller.stop()
        wait_for_background_work()
        workspace.close()
        demo.close()
        demo.profile.close()
    timings.sort()
    print(f"sends during an open long-poll: {len(timings)}")
    print(f"  median {statistics.median(timings):.1f} ms, "
          f"p95 {timings[int(len(timings) * 0.95) - 1]:.1f} ms, max {timings[-1]:.1f} ms")
    app.quit()


if __name__ == "__main__":
    main()
