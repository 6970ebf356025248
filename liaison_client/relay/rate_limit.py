"""Per-device token buckets: the answer to a device that sends too much is 429.

A bucket holds up to ``burst`` tokens and refills at ``rate`` per second; a
request takes its cost (one, plus one per recipient of each envelope it
carries: the relay's work and storage grow with the fan-out, so a batch to
1,000 devices costs 1,000, not 1 — issue 10, item 4). When the bucket is short
the request is refused with the exact number of seconds after which it would
pass, for the ``Retry-After`` header (RFC 9110 §10.2.3).

A request dearer than the whole burst (the documented maximum batch, 100
envelopes × 1,000 recipients, is 100,000) would never pass if it had to fit in
the bucket, and would cost only the burst if it were capped at it. Decision: it
passes when the bucket is full but for one token (the request's own, taken when
it was authenticated) and leaves the bucket in debt for the rest, so the device
then waits until the full cost has refilled — it pays per recipient either way,
only later. A
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
        """Take ``cost`` tokens; None when allowed, else whole seconds to wait.

        A cost above the burst needs the bucket full but for one token and leaves
        it negative (debt).
        """
        needed = cost if cost <= self._burst else self._burst - 1
        now = self._clock()
        tokens, last = self._buckets.get(device_id, (float(self._burst), now))
        tokens = min(float(self._burst), tokens + (now - last) * self._rate)
        if tokens >= needed:
            self._buckets[device_id] = (tokens - cost, now)
            return None
        self._buckets[device_id] = (tokens, now)
        return max(1, math.ceil((needed - tokens) / self._rate))
