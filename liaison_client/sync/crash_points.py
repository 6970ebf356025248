"""Named points where a test can make the process die as ``kill -9`` would.

TEST-ONLY. Setting ``LIAISON_TEST_CRASH_AT`` to one of :class:`CrashPoint`'s
values makes the process call ``os._exit(137)`` when it reaches that point:
no ``finally``, no atexit, no flush — exactly what a power cut or ``kill -9``
leaves. The kill tests (``tests/sync/test_crash_recovery.py``) use it to hit
each step of sending and receiving deterministically, then restart and check
that nothing was lost or duplicated. Unset (always, outside tests), each check
is one dictionary lookup.
"""

from __future__ import annotations

import os
from enum import StrEnum

CRASH_ENV = "LIAISON_TEST_CRASH_AT"
KILLED_EXIT_STATUS = 137


class CrashPoint(StrEnum):
    #: The message and its outgoing row are committed; no network call yet.
    AFTER_STORE = "after-store"
    #: The relay accepted the envelopes; the outbox rows are not yet removed.
    AFTER_POST = "after-post"
    #: A page was fetched from the relay; nothing of it is committed.
    AFTER_FETCH = "after-fetch"
    #: The page's results and the cursor are committed; the relay is not yet acknowledged.
    AFTER_COMMIT = "after-commit"


def crash_point(point: CrashPoint) -> None:
    if os.environ.get(CRASH_ENV) == point:
        os._exit(KILLED_EXIT_STATUS)
