"""Comparing safety numbers with another officer and marking their key verified."""
