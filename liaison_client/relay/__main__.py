"""``python -m liaison_client.relay`` is ``liaison-relay``."""

import sys

from liaison_client.relay.cli import main

sys.exit(main())
