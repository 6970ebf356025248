"""The main window: the shell hosting the screens (menus, status bar, layout, wiring)."""
