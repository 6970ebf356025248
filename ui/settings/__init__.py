"""The settings dialog: interface language and colour theme."""
