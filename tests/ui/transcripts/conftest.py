"""Officers on a real relay (the seizure with a photo, the match hit) besides the
no-relay profile of the timeline tests."""

from __future__ import annotations

from tests.fixtures.relay_officers import make_officer

__all__ = ["make_officer"]
