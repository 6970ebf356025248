"""``SessionThreads``: a :class:`~liaison_client.sync.session.SessionHost` made of plain threads.

The desktop app hosts its :class:`~liaison_client.sync.session.SyncSession` on
Qt (``ui/sync/controller.py``: the service thread, a network-only thread, a
``QTimer``, the GUI thread as session thread). This host is the same shape
without Qt, for anything headless that stays connected and for the tests of
the session policy (``tests/sync/test_session.py``):

* a *session thread* runs every session call and every callback, in order
  (:meth:`SessionThreads.submit`, :meth:`SessionThreads.call`);
* a *profile thread* runs rounds one after another, like the app's one service
  thread, so the store and the vodozemac objects see one thread;
* each long-poll runs on a daemon thread of its own (network only);
* the retry timer is a ``threading.Timer`` whose firing is checked against the
  latest ``start_timer``/``stop_timer`` on the session thread, so a stopped
  timer never fires late.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from functools import partial
from typing import TypeVar

T = TypeVar("T")

_log = logging.getLogger(__name__)

#: How long :meth:`SessionThreads.close` waits for each worker to finish its queue.
CLOSE_TIMEOUT_SECONDS = 30.0


class _SerialThread:
    """One thread that runs queued calls in order until closed."""

    def __init__(self, name: str) -> None:
        self._queue: queue.Queue[Callable[[], None] | None] = queue.Queue()
        self._thread = threading.Thread(target=self._loop, name=name, daemon=True)
        self._thread.start()

    def post(self, call: Callable[[], None]) -> None:
        self._queue.put(call)

    def is_current(self) -> bool:
        return threading.current_thread() is self._thread

    def close(self, timeout: float) -> bool:
        """Run what is queued, then end; True when the thread ended within ``timeout``."""
        self._queue.put(None)
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def _loop(self) -> None:
        while (call := self._queue.get()) is not None:
            try:
                call()
            except Exception:  # a callback's bug must not end the thread
                _log.exception("session thread call failed")


class _Answer:
    """Where a call run for a waiting thread leaves its result."""

    def __init__(self) -> None:
        self.done = threading.Event()
        self.result: object = None
        self.error: Exception | None = None


class SessionThreads:
    """Session thread + profile thread + a thread per long-poll + one timer."""

    def __init__(self) -> None:
        self._session = _SerialThread("liaison-sync-session")
        self._profile = _SerialThread("liaison-sync-profile")
        self._timer: threading.Timer | None = None
        self._timer_generation = 0

    # -- for the owner --------------------------------------------------------

    def submit(self, call: Callable[[], None]) -> None:
        """Run ``call`` on the session thread (e.g. ``session.request_sync``)."""
        self._session.post(call)

    def call(self, call: Callable[[], T], *, timeout: float) -> T:
        """Run ``call`` on the session thread and wait for its result."""
        return self._wait_for(self._session, call, timeout)

    def close(self, timeout: float = CLOSE_TIMEOUT_SECONDS) -> bool:
        """Cancel the timer and end both worker threads after what is queued (stop the
        session first). True when both ended in time; long-polls end by themselves."""
        self._cancel_timer()
        return self._profile.close(timeout) and self._session.close(timeout)

    # -- SessionHost ----------------------------------------------------------

    def run_on_profile_thread(self, call: Callable[[], T], done: Callable[[T], None],
                              failed: Callable[[Exception], None]) -> None:
        def job() -> None:
            try:
                result = call()
            except Exception as exc:  # handed to the session thread, never swallowed
                self._session.post(partial(failed, exc))
                return
            self._session.post(partial(done, result))
        self._profile.post(job)

    def run_on_network_thread(self, call: Callable[[], T], done: Callable[[T], None],
                              *, name: str) -> threading.Thread:
        def job() -> None:
            self._session.post(partial(done, call()))
        thread = threading.Thread(target=job, name=name, daemon=True)
        thread.start()
        return thread

    def call_on_profile_thread(self, call: Callable[[], T], *, timeout: float) -> T:
        if self._profile.is_current():
            raise RuntimeError("call_on_profile_thread from the profile thread would wait "
                               "for itself")
        return self._wait_for(self._profile, call, timeout)

    def start_timer(self, seconds: float, callback: Callable[[], None]) -> None:
        self._cancel_timer()
        generation = self._timer_generation

        def fire() -> None:
            if generation == self._timer_generation:  # not stopped or replaced meanwhile
                callback()
        timer = threading.Timer(seconds, lambda: self._session.post(fire))
        timer.daemon = True
        self._timer = timer
        timer.start()

    def stop_timer(self) -> None:
        self._cancel_timer()

    # -- inside -----------------------------------------------------------------

    def _cancel_timer(self) -> None:
        self._timer_generation += 1
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    @staticmethod
    def _wait_for(worker: _SerialThread, call: Callable[[], T], timeout: float) -> T:
        answer = _Answer()

        def job() -> None:
            try:
                answer.result = call()
            except Exception as exc:  # raised again in the waiting thread
                answer.error = exc
            finally:
                answer.done.set()
        worker.post(job)
        if not answer.done.wait(timeout):
            raise TimeoutError("the worker thread did not answer in time")
        if answer.error is not None:
            raise answer.error
        return answer.result  # type: ignore[return-value]  # call returned a T
