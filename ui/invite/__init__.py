"""Inviting an officer into an operation (coordinator only)."""
