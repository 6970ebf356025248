"""Shared watch-lists of an operation: validated entries, converging edits, spreadsheets, matching.

The domain core, pure: no Qt, no network, no store. ``kinds/`` validates and
normalises values; ``model`` and ``merge`` hold the entries and the one
deterministic fold every member applies to the signed operations; ``spreadsheets``
reads and writes entry files; ``manifest`` and ``matching`` compare a manifest
with a list. docs/WATCHLISTS.md explains the model and why.
"""
