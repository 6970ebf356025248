"""A real profile and Workspace (no relay: the timeline reads the local store)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from liaison_client.profile import NewProfile, Profile
from liaison_client.workspace import Workspace


@pytest.fixture
def profile(make_profile: Callable[..., tuple[NewProfile, Profile]]) -> Profile:
    _, opened = make_profile(name="Li Wei", agency="广州海关 Guangzhou Customs")
    return opened


@pytest.fixture
def workspace(profile: Profile) -> Iterator[Workspace]:
    with Workspace(profile, None) as workspace:
        yield workspace
