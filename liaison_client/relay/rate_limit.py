"""Per-device token buckets: the answer to a device that sends too much is 429.

A bucket holds up to ``burst`` tokens and refills at ``rate`` per second; a
request takes its cost (one, plus one per envelope it carries). When the
bucket is short the request is refused with the exact number of seconds after
which it would pass, for the ``Retry-After`` header (RFC 9110 §10.2.3). A
library such as pyrate-limiter decides "allowed or not" but does not say when
a refused request would pass, which is what the client needs to back off
correctly; the algorithm is a dozen lines.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable


class TokenBuckets:
    def __init__(
        self, rate: float, burst: int, clock: Callable[[], float] = time.monotonic
    ) -> None:
        if rate <= 0 or burst < 1:
            raise ValueError("rate must be positive and burst at least 1")
        self._rate = rate
        self._burst = burst
        self._clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}

    def take(self, device_id: str, cost: int) -> int | None:
        """Take ``cost`` tokens; None when allowed, else whole seconds to wait."""
        cost = min(cost, self._burst)
        now = self._clock()
        tokens, last = self._buckets.get(device_id, (float(self._burst), now))
        tokens = min(float(self._burst), tokens + (now - last) * self._rate)
        if tokens >= cost:
            self._buckets[device_id] = (tokens - cost, now)
            return None
        self._buckets[device_id] = (tokens, now)
        return max(1, math.ceil((cost - tokens) / self._rate))
