"""The collector is off during a bulk job and back as it was afterwards, even on failure."""

from __future__ import annotations

import gc

import pytest

from liaison_client.watchlists.gc_pause import paused_garbage_collection


def test_the_collector_is_paused_inside_and_restored_after() -> None:
    assert gc.isenabled()
    with paused_garbage_collection():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_it_is_restored_after_an_exception() -> None:
    with pytest.raises(ValueError, match="boom"), paused_garbage_collection():
        raise ValueError("boom")
    assert gc.isenabled()


def test_a_collector_disabled_by_the_caller_stays_disabled() -> None:
    gc.disable()
    try:
        with paused_garbage_collection():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
