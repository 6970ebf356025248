"""The sync engine: the outbox out to the relay, the relay's queue in, nothing lost.

See docs/SYNC.md. Nothing here imports Qt: the desktop app drives
:class:`~liaison_client.sync.engine.SyncEngine` from a worker thread, the CLI
calls it directly.
"""
