"""Frozen entry point of the bundle's ``liaison-desktop`` (PyInstaller runs this file)."""

import sys

from ui.app import main

sys.exit(main())
