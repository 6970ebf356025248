"""A real profile and Workspace (no relay) for the Watch-lists tab, officers on a real
relay for posting a match summary, and helpers that open the tab in the main window."""

from __future__ import annotations

from tests.fixtures.relay_officers import make_officer
from tests.ui.timeline.conftest import profile, workspace

__all__ = ["make_officer", "profile", "workspace"]
