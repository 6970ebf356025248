"""The window shown while Liaison starts (issue 11, item 13)."""
