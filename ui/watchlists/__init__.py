"""The Watch-lists tab of an operation (issue 14 item 5): see docs/UI.md and docs/WATCHLISTS.md."""
