"""The outbox's retry delay: doubles per failed attempt from 2 s, never beyond 10 minutes."""

from __future__ import annotations

from liaison_client.sync.retry_policy import RETRY_BASE_MS, RETRY_CAP_MS, retry_delay_ms


def test_the_first_retry_waits_two_seconds_and_each_failure_doubles_it() -> None:
    assert [retry_delay_ms(n) for n in range(5)] == [2_000, 4_000, 8_000, 16_000, 32_000]


def test_the_delay_stops_growing_at_ten_minutes() -> None:
    assert retry_delay_ms(9) == RETRY_CAP_MS == 600_000
    assert retry_delay_ms(10_000) == RETRY_CAP_MS


def test_a_negative_attempt_count_is_treated_as_none() -> None:
    assert retry_delay_ms(-3) == RETRY_BASE_MS
