"""Thin out an attachment's byte reports before they cross to the GUI thread.

The service layer reports after every block read (16–64 KiB), thousands of
times for a large file; the composer shows a whole percentage. So on the
service thread, only a report that changes the stage or the whole percentage
is forwarded: at most about 200 queued signals per attachment, however large.
"""

from __future__ import annotations

from collections.abc import Callable

from liaison_client.progress import AttachmentProgress, AttachmentStage


class PercentSteps:
    """Callable for ``Workspace.sending.send_attachment(progress=...)``: forwards a report
    to ``forward`` only when its stage or whole percentage changed."""

    def __init__(self, forward: Callable[[AttachmentProgress], None]) -> None:
        self._forward = forward
        self._last: tuple[AttachmentStage, int] | None = None

    def __call__(self, progress: AttachmentProgress) -> None:
        step = (progress.stage, int(progress.fraction * 100))
        if step != self._last:
            self._last = step
            self._forward(progress)
