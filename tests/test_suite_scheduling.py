"""How the suite hands its tests to the xdist workers (tests/fixtures/scheduling.py).

Checked on a small suite of its own (pytester), collected with the project's
two collection plugins as ``scripts/run-tests`` loads them.
"""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]

SUITE = """
import pytest

@pytest.fixture(scope="session")
def release():
    return "built"

@pytest.fixture
def unpacked(release):
    return release

def test_quick():
    pass

@pytest.mark.slow
def test_marked_slow():
    pass

def test_unpacks_the_release(unpacked):
    pass

def test_quick_again():
    pass

def test_uses_the_release(release):
    pass
"""


def _collected(pytester: pytest.Pytester) -> list[pytest.Item]:
    """The items in the order the run hands them out (after every collection hook)."""
    pytester.makeini("[pytest]\nmarkers =\n    slow: slow\n")
    pytester.makepyfile(test_suite=SUITE)
    recorder = pytester.inline_run(
        "--collect-only", "-p", "tests.fixtures.layers", "-p", "tests.fixtures.scheduling")
    items: list[pytest.Item] = recorder.getcall("pytest_collection_finish").session.items
    return items


def test_the_release_build_goes_first_then_the_slow_tests_then_the_rest_in_their_order(
        pytester: pytest.Pytester) -> None:
    assert [item.name for item in _collected(pytester)] == [
        "test_unpacks_the_release", "test_uses_the_release",
        "test_marked_slow",
        "test_quick", "test_quick_again"]


def test_every_test_of_the_release_build_is_in_one_worker_group(
        pytester: pytest.Pytester) -> None:
    groups = {item.name: [m.args for m in item.iter_markers("xdist_group")]
              for item in _collected(pytester)}
    assert groups["test_unpacks_the_release"] == [("release-build",)]
    assert groups["test_uses_the_release"] == [("release-build",)]
    assert groups["test_marked_slow"] == groups["test_quick"] == []
