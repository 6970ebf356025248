"""The store-and-forward relay server (``liaison-relay``).

It queues end-to-end encrypted envelopes for each device until the device
fetches and acknowledges them. It never sees plaintext: envelope bodies,
attachments and keys are opaque ciphertext or public keys to it. The server's
dependencies (FastAPI, uvicorn, prometheus-client) come with the ``relay``
extra; nothing in the desktop client imports this package, and it imports
of the client only :mod:`liaison_client.protocol` (and vodozemac and PyNaCl
directly), so a relay host needs neither Qt nor SQLCipher nor ``requests``
(``tests/relay/test_relay_install.py``).
"""
