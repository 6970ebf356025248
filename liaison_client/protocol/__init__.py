"""What the desktop client and the relay server must agree on, and nothing else.

The canonical encoding every signature covers (:mod:`.canonical`), the RFC 9421
request-signature profile (:mod:`.http_signatures`), the statements a device
signs outside HTTP (:mod:`.signed_payloads`, :mod:`.device_profile`), the
protocol's hard limits (:mod:`.limits`) and the wire enums (:mod:`.delivery`).

Pure by design: the standard library and ``rfc8785`` only; no I/O, no store,
no HTTP client, no vodozemac, and nothing else of this project. Both
:mod:`liaison_client.net` (the client) and :mod:`liaison_client.relay` (the
server) import it, so a relay host installs none of the desktop client's
dependencies to speak the same protocol (``tests/protocol/test_purity.py``).
"""
