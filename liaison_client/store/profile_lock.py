"""One process at a time per profile.

The vodozemac Account and the Olm/Megolm sessions are loaded into memory and
written back after use. Two processes working on one profile (the desktop app
and a CLI call, say) would each advance their own copy, and the later write
would bring back a one-time key or ratchet state the other already used — the
very thing the persistence rules forbid. So opening a profile takes an
exclusive OS file lock (``flock``/``LockFileEx`` through ``filelock``), which
the kernel releases if the process dies, kill -9 included: there are never
stale locks to clean up.
"""

from __future__ import annotations

from pathlib import Path

import filelock

from liaison_client.errors import ProfileBusyError


class ProfileLock:
    def __init__(self, lock_file: Path) -> None:
        self._lock = filelock.FileLock(
            lock_file,
            mode=0o600,
            thread_local=False,  # the desktop app opens on a worker thread, closes elsewhere
            fallback_to_soft=False,  # a file-existence lock would outlive a crash
            preserve_lock_file=True,  # deleting lock files races with other openers
        )

    def acquire(self, timeout: float) -> None:
        """Take the lock, waiting up to ``timeout`` seconds for another process to let go."""
        try:
            self._lock.acquire(timeout=timeout)
        except filelock.Timeout as exc:
            raise ProfileBusyError(
                "this profile is open in another Liaison process (the desktop app?): "
                "close it or wait for it to finish"
            ) from exc

    def release(self) -> None:
        self._lock.release()
