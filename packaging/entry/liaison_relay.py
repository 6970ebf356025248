"""Frozen entry point of the bundle's ``liaison-relay`` (PyInstaller runs this file).

The desktop app's embedded relay (the demo, liaison_client/local_relay.py) runs this
program when frozen: a bundle has no Python interpreter to run ``-m liaison_client.relay``.
"""

import sys

from liaison_client.relay.cli import main

sys.exit(main())
