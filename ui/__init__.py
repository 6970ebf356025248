"""The Liaison desktop app (PySide6). Calls liaison_client services only."""
