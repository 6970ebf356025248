"""The relay client: HTTP transport, request signing, registration, outbox and inbox transfer.

Only ``requests`` (no Qt). The parts of the wire protocol the relay server shares
with the client are :mod:`liaison_client.protocol`'s; this package may import
only that, :mod:`liaison_client.errors`, :mod:`liaison_client.progress` and the
crypto primitives (never the store or the profile: what a profile keeps about
its relay is :mod:`liaison_client.relay_connection`).
"""
