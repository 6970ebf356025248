"""The main window: operations list, timeline, member and identity panel."""
