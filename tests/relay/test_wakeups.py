"""Long-poll wake-ups and the "delivery states changed" flags, in one relay process."""

from __future__ import annotations

import asyncio

from liaison_client.relay.wakeups import QueueWakeups


def test_a_flag_wakes_the_senders_poll_and_is_told_once() -> None:
    async def scenario() -> None:
        wakeups = QueueWakeups()
        with wakeups.subscription("SENDER") as woken:
            wakeups.states_changed(["SENDER", "OTHER"])
            await asyncio.wait_for(woken.wait(), 1)
        assert wakeups.take_states_changed("SENDER")
        assert not wakeups.take_states_changed("SENDER")
        assert wakeups.has_states_changed("OTHER")  # not waiting: kept for its next fetch

    asyncio.run(scenario())


def test_flags_are_bounded_and_the_oldest_go_first() -> None:
    wakeups = QueueWakeups(max_states_flags=3)
    wakeups.states_changed(["A", "B", "C"])
    wakeups.states_changed(["A"])  # flagged again: now the newest
    wakeups.states_changed(["D"])
    assert [d for d in "ABCD" if wakeups.has_states_changed(d)] == ["A", "C", "D"]
