"""When an outbox envelope the relay did not take is tried again: capped exponential backoff.

A failed post leaves its batch in the outbox with ``attempts`` counted per
row (docs/SYNC.md, "Sending"). Retrying at once would hammer a relay that is
down or refusing; retrying on a fixed long delay would leave officers'
messages waiting after a short outage. The delay therefore doubles per failed
attempt from 2 s and stops growing at 10 minutes, the longest an officer's
message should sit unsent while the relay is reachable again. An explicit
``liaison sync`` (or "sync now" in the app) ignores it.

No jitter here, unlike :class:`~liaison_client.net.client.RelayClient`'s
per-request retries: one device's background rounds are not a thundering
herd, and the relay limits each device's rate anyway. urllib3's ``Retry``
computes the same curve but only from a request's own retry history, which
does not survive a restart; the attempt count stored with the row does.
"""

from __future__ import annotations

#: Delay after the first failed attempt.
RETRY_BASE_MS = 2_000
#: The delay never grows beyond this.
RETRY_CAP_MS = 10 * 60_000
#: 2**20 × 2 s is far beyond the cap already; bounding the exponent keeps the
#: arithmetic small for a row that failed thousands of times.
_MAX_DOUBLINGS = 20


def retry_delay_ms(attempts: int) -> int:
    """Milliseconds to wait before the next post of a row that already failed ``attempts``
    times (0 for the first failure: 2 s, then 4 s, 8 s, … up to 10 minutes)."""
    doublings = min(max(attempts, 0), _MAX_DOUBLINGS)
    return min(RETRY_CAP_MS, RETRY_BASE_MS << doublings)
