"""Where the crypto layer gets the time: a clock the caller passes in.

The state machines stamp rows (when an Olm session was last used, when a
group session started) but never read the system time themselves: the
caller injects a :data:`Clock`, so tests run on a fixed or stepped clock and
the service layer decides which clock the whole profile uses.
"""

from __future__ import annotations

import time
from collections.abc import Callable

#: Milliseconds since the Unix epoch, as an int; called once per stamp.
Clock = Callable[[], int]


def system_clock_ms() -> int:
    """The wall clock in milliseconds: the default for callers with no clock of their own."""
    return time.time_ns() // 1_000_000
