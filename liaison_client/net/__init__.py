"""The relay client: HTTP transport, request signing, registration, outbox and inbox transfer.

Only ``requests`` (no Qt). :mod:`liaison_client.net.message_signatures` and
:mod:`liaison_client.net.signed_payloads` define the parts of the wire protocol
that the relay server shares with the client.
"""
