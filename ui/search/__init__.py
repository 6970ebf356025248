"""Searching the open operation's history (the store's full-text index)."""
