"""Frozen entry point of the bundle's ``liaison`` CLI (PyInstaller runs this file)."""

import sys

from liaison_client.cli.main import main

sys.exit(main())
